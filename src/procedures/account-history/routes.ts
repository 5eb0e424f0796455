import { Hono } from 'hono/tiny'
import { requireApiKey } from '../../api/api-keys'
import { accountHistory, d1Select } from '../../db/account-history-query'
import { accountNotFound, keyQuota, validLoginId, withDatabase } from '../../http/account-api'
import { validInput } from '../../http/api-validator'
import type { AppEnv } from '../../platform/context'
import { historyQuery } from './schema'

/** 422 naming the query parameter that is wrong (`limit` or `cursor`). */
const validHistoryQuery = validInput('query', historyQuery, {
  errors: (issues) =>
    [...new Set(issues.map((issue) => String(issue.path[0])))].map((field) => ({
      field,
      code: 'format' as const,
    })),
})

/**
 * `GET /api/v1/accounts/{loginId}/events` (docs/api.md#history-of-one-account): one account's
 * requests, newest first, a page at a time; 404 when no account has the login ID. Scope
 * `accounts:read`. `npm run accounts -- history` runs the same function (src/db/account-history-query.ts).
 */
export const accountHistoryRoutes = new Hono<AppEnv>().get(
  '/api/v1/accounts/:loginId/events',
  requireApiKey('accounts:read'),
  validLoginId,
  validHistoryQuery,
  keyQuota(),
  (c) =>
    withDatabase(c, 'account_history_failed', async () => {
      const { loginId } = c.req.valid('param')
      const { limit, cursor } = c.req.valid('query')
      const { db, auditDbs } = c.get('services')
      const page = await accountHistory(
        { accounts: d1Select(db.$client), audit: auditDbs.map((audit) => d1Select(audit.$client)) },
        loginId,
        { before: cursor, limit },
      )
      if (page === null) return accountNotFound(c)
      return c.json(page, 200)
    }),
)
