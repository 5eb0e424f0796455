import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import { toAccountRecord } from '../../accounts/schema'
import type { StoredAccount } from '../../accounts/store'
import { requireApiKey } from '../../api/api-keys'
import { publishAfterResponse } from '../../events/publish'
import { accountNotFound, keyQuota, validLoginId, withDatabase } from '../../http/account-api'
import { validInput } from '../../http/api-validator'
import { jsonBodyLimit, jsonOnly } from '../../http/json-body'
import { methodNotAllowed } from '../../http/method-not-allowed'
import { afterResponse } from '../../platform/after-response'
import type { AppEnv } from '../../platform/context'
import { passwordChangedMail } from '../password-changed-mail'
import { passwordAppliedEvents } from './password-applied'
import { accountRequest, toAccountDocument } from './schema'
import { closeAccount, getAccount, putAccount } from './service'

/** 422 with one error per invalid field, like the procedures' JSON routes. */
const validAccount = validInput('json', accountRequest)

/**
 * A hash from the system of record was applied: the holder hears of it by e-mail, and the system
 * of record by `password.changed` (source `system_of_record`), after the answer.
 */
function tellHolderOfNewPassword(c: Context<AppEnv>, account: StoredAccount) {
  const services = c.get('services')
  const changedAt = account.passwordChangedAt ?? services.now()
  afterResponse(c, 'password_changed_mail', () =>
    services.mailer.send(passwordChangedMail(services.config, account, changedAt)),
  )
  publishAfterResponse(c, passwordAppliedEvents(account.loginId))
}

/**
 * PUT, GET and DELETE /api/v1/accounts/{loginId}: provisioning from the system of record
 * (docs/contract.md#accounts-from-the-system-of-record), for API keys with
 * `accounts:read` / `accounts:write`. Checks run in the contract's (docs/contract.md#matching-the-four-fields) order: 401/403, 413, 415, 400,
 * 422, 429.
 */
export const provisioningRoutes = new Hono<AppEnv>()
  .put(
    '/api/v1/accounts/:loginId',
    requireApiKey('accounts:write'),
    jsonBodyLimit(),
    jsonOnly(),
    validLoginId,
    validAccount,
    keyQuota(),
    (c) =>
      withDatabase(c, 'provisioning_failed', async () => {
        const { loginId } = c.req.valid('param')
        const services = c.get('services')
        const record = toAccountRecord(loginId, c.req.valid('json'))
        const result = await putAccount(services, record)
        const { created, account } = result
        c.get('services').logger.info('account_provisioned', {
          requestId: c.get('requestId'),
          loginId,
          created,
          password: result.password,
          apiKey: c.get('apiClient')?.id,
        })
        if (result.passwordApplied) tellHolderOfNewPassword(c, account)
        return c.json(toAccountDocument(account), created ? 201 : 200)
      }),
  )
  .get('/api/v1/accounts/:loginId', requireApiKey('accounts:read'), validLoginId, keyQuota(), (c) =>
    withDatabase(c, 'provisioning_failed', async () => {
      const account = await getAccount(c.get('services').db, c.req.valid('param').loginId)
      return account ? c.json(toAccountDocument(account), 200) : accountNotFound(c)
    }),
  )
  .delete(
    '/api/v1/accounts/:loginId',
    requireApiKey('accounts:write'),
    validLoginId,
    keyQuota(),
    (c) =>
      withDatabase(c, 'provisioning_failed', async () => {
        const { loginId } = c.req.valid('param')
        if (!(await closeAccount(c.get('services'), loginId))) return accountNotFound(c)
        c.get('services').logger.info('account_closed', {
          requestId: c.get('requestId'),
          loginId,
          apiKey: c.get('apiClient')?.id,
        })
        return c.body(null, 204)
      }),
  )
  .on(
    ['POST', 'PATCH', 'OPTIONS'],
    '/api/v1/accounts/:loginId',
    methodNotAllowed('GET, HEAD, PUT, DELETE'),
  )
