import { Hono } from 'hono/tiny'
import { requireApiKey } from '../../api/api-keys'
import { apiLocale } from '../../api/json-locale'
import { problem } from '../../api/problem'
import { accountNotFound, keyQuota, validLoginId, withDatabase } from '../../http/account-api'
import { enqueueSubmission } from '../../http/submission'
import type { AppEnv } from '../../platform/context'
import { accountStatus } from './read'

/**
 * `POST /api/v1/accounts/{loginId}/password-initializations` (docs/api.md#help-desk-recovery):
 * queues the work of a matched public request for the account, so the password goes only to the
 * stored address and never into the answer. 202 with the request ID; 404 for an unknown or
 * closed account. Scope `accounts:recover`; the audit row names the key.
 */
export const helpDeskRecoveryRoutes = new Hono<AppEnv>().post(
  '/api/v1/accounts/:loginId/password-initializations',
  requireApiKey('accounts:recover'),
  validLoginId,
  keyQuota(),
  (c) =>
    withDatabase(c, 'help_desk_recovery_failed', async () => {
      const { loginId } = c.req.valid('param')
      const status = await accountStatus(c.get('services').db, loginId)
      if (status === undefined || status === 'closed') return accountNotFound(c)
      if (!(await enqueueSubmission(c, 'help_desk_recovery', { loginId }, null))) {
        return problem(c, 503, 'service-unavailable', apiLocale(c))
      }
      const requestId = c.get('requestId')
      c.get('services').logger.info('help_desk_recovery_queued', {
        requestId,
        loginId,
        apiKey: c.get('apiClient')?.name,
      })
      return c.json({ status: 'accepted', requestId }, 202)
    }),
)
