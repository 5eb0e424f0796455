import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono/tiny'
import { requireApiKey } from '../../api/api-keys'
import { apiLocale } from '../../api/json-locale'
import { accountHistory, d1Select } from '../../db/account-history-query'
import { problem } from '../../http/problem'
import { madeOnFirstCall } from '../../lazy'
import type { AppEnv } from '../../platform/context'
import { keyQuota, notFound, validLoginId, withDatabase } from '../provisioning/routes'
import { historyQuery } from './schema'

/** 422 naming the query parameter that is wrong (`limit` or `cursor`). */
const validHistoryQuery = madeOnFirstCall(() =>
  zValidator('query', historyQuery(), (result, c) => {
    if (result.success) return
    const fields = [...new Set(result.error.issues.map((issue) => String(issue.path[0])))]
    const errors = fields.map((field) => ({ field, code: 'format' as const }))
    return problem(c, 422, 'invalid-fields', apiLocale(c), errors)
  }),
)

/**
 * `GET /api/v1/accounts/{loginId}/events` (docs/api.md#history-of-one-account): one account's
 * requests, newest first, a page at a time; 404 when no account has the login ID. Scope
 * `accounts:read`. `npm run accounts -- history` runs the same function (src/db/account-history-query.ts).
 */
export const accountHistoryRoutes = new Hono<AppEnv>().get(
  '/:loginId/events',
  requireApiKey('accounts:read'),
  validLoginId,
  validHistoryQuery,
  keyQuota(),
  (c) =>
    withDatabase(c, async () => {
      const { loginId } = c.req.valid('param')
      const { limit, cursor } = c.req.valid('query')
      const page = await accountHistory(
        { accounts: d1Select(c.env.DB), audit: d1Select(c.env.AUDIT_DB) },
        loginId,
        { before: cursor, limit },
      )
      if (page === null) return notFound(c)
      return c.json(page, 200)
    }),
)
