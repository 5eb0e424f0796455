import type { Context } from 'hono'
import * as z from 'zod/mini'
import { apiLocale } from '../api/json-locale'
import { problem } from '../api/problem'
import { loginIdField } from '../identity/fields'
import { rateLimit } from '../middleware/rate-limit'
import type { AppEnv } from '../platform/context'
import { validInput } from './api-validator'
import { orUnavailable } from './unavailable'

// What the routes under /api/v1/accounts/{loginId} share (provisioning, an account's history,
// help-desk recovery): each composes requireApiKey(scope), validLoginId, its own validators,
// keyQuota() and withDatabase(…), in the contract's order (docs/contract.md#matching-the-four-fields).

/**
 * The path's login ID, normalized like the forms' (full-width digits become ASCII); else 422 with
 * 'format': a path segment is there by routing, so whatever is wrong with it is its format.
 */
export const validLoginId = validInput('param', () => z.object({ loginId: loginIdField() }), {
  errors: () => [{ field: 'loginId', code: 'format' }],
})

/** The key's own quota (docs/contract.md#abuse-limits), charged after validation as the contract's (docs/contract.md#matching-the-four-fields) order has it. */
export const keyQuota = () =>
  rateLimit<AppEnv, string, { out: { param: { loginId: string } } }>({
    store: (c) => c.get('services').limits.store,
    now: (c) => c.get('services').now(),
    logger: (c) => c.get('services').logger,
    logFields: (c) => ({ requestId: c.get('requestId') }),
    rules: (c) => {
      const client = c.get('apiClient')
      return client ? [{ name: 'api-key', subject: client.id, limit: client.quota }] : []
    },
    onLimited: (c) => problem(c, 429, 'too-many-requests', apiLocale(c)),
  })

/**
 * 503 when D1 fails: nothing (else) was done. `event` names the route's procedure in the log
 * line, so that an operator can tell which of them failed (docs/operations.md#logs).
 */
export const withDatabase = (
  c: Context<AppEnv>,
  event: 'provisioning_failed' | 'account_history_failed' | 'help_desk_recovery_failed',
  work: () => Promise<Response>,
) =>
  orUnavailable(
    c,
    { log: event, answer: (c) => problem(c, 503, 'service-unavailable', apiLocale(c)) },
    work,
  )

export const accountNotFound = (c: Context<AppEnv>) =>
  problem(c, 404, 'account-not-found', apiLocale(c))
