import { type Hook, zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono/tiny'
import * as z from 'zod/mini'
import { toAccountRecord } from '../../accounts/schema'
import type { StoredAccount } from '../../accounts/store'
import { requireApiKey } from '../../api/api-keys'
import { apiLocale } from '../../api/json-locale'
import { problem } from '../../api/problem'
import { publishAfterResponse } from '../../events/publish'
import { issuesToFieldErrors, keepIssueInput } from '../../http/field-errors'
import { jsonBodyLimit, jsonOnly } from '../../http/json-body'
import { loginIdField } from '../../identity/fields'
import { madeOnFirstCall } from '../../lazy'
import { rateLimit } from '../../middleware/rate-limit'
import { afterResponse } from '../../platform/after-response'
import type { AppEnv } from '../../platform/context'
import { errorKind } from '../../platform/log'
import { passwordAppliedEvents, passwordAppliedMail } from './password-applied'
import { accountRequest, toAccountDocument } from './schema'
import { closeAccount, getAccount, putAccount } from './service'

type LoginIdInput = { out: { param: { loginId: string } } }

/**
 * The path's login ID, normalized like the forms' (full-width digits become ASCII); else 422 with
 * 'format': a path segment is there by routing, so whatever is wrong with it is its format.
 * Like every validator here, made (its schema built) by the first request it checks.
 */
export const validLoginId = madeOnFirstCall(() => {
  const param = z.object({ loginId: loginIdField() })
  return zValidator(
    'param',
    param,
    (result, c) => {
      if (result.success) return
      return problem(c, 422, 'invalid-fields', apiLocale(c), [{ field: 'loginId', code: 'format' }])
    },
    // Parsed as every other body is (synchronously); its issues are not read.
    keepIssueInput<typeof param>(),
  )
})

/** 422 with one error per invalid field, like the procedures' JSON routes. */
const validAccount = () => {
  type T = ReturnType<typeof accountRequest>
  const hook: Hook<z.output<T>, AppEnv, string, 'json', object, T> = (result, c) => {
    if (result.success) return
    const errors = issuesToFieldErrors(result.error.issues)
    return problem(c, 422, 'invalid-fields', apiLocale(c), errors)
  }
  return madeOnFirstCall(() =>
    zValidator<T, 'json', AppEnv, string, typeof hook>(
      'json',
      accountRequest(),
      hook,
      keepIssueInput<T>(),
    ),
  )
}

/** The key's own quota (docs/contract.md#abuse-limits), charged after validation as the contract's (docs/contract.md#matching-the-four-fields) order has it. */
export const keyQuota = () =>
  rateLimit<AppEnv, string, LoginIdInput>({
    store: (c) => c.get('deps').rateLimitStore(c.env),
    now: (c) => c.get('services').now(),
    logger: (c) => c.get('deps').logger,
    logFields: (c) => ({ requestId: c.get('requestId') }),
    rules: (c) => {
      const client = c.get('apiClient')
      return client ? [{ name: 'api-key', subject: client.id, limit: client.quota }] : []
    },
    onLimited: (c) => problem(c, 429, 'too-many-requests', apiLocale(c)),
  })

/** 503 when D1 fails: nothing (else) was done. */
export async function withDatabase(c: Context<AppEnv>, work: () => Promise<Response>) {
  try {
    return await work()
  } catch (error) {
    c.get('deps').logger.error('provisioning_failed', {
      requestId: c.get('requestId'),
      error: errorKind(error),
    })
    return problem(c, 503, 'service-unavailable', apiLocale(c))
  }
}

/**
 * A hash from the system of record was applied: the holder hears of it by e-mail, and the system
 * of record by `password.changed` (source `system_of_record`), after the answer.
 */
function tellHolderOfNewPassword(c: Context<AppEnv>, account: StoredAccount) {
  const services = c.get('services')
  const changedAt = account.passwordChangedAt ?? services.now()
  afterResponse(c, 'password_changed_mail', () =>
    services.mailer.send(passwordAppliedMail(services.config, account, changedAt)),
  )
  publishAfterResponse(c, passwordAppliedEvents(account.loginId))
}

export const notFound = (c: Context<AppEnv>) => problem(c, 404, 'account-not-found', apiLocale(c))

/**
 * Provisioning from the system of record (docs/contract.md#accounts-from-the-system-of-record) under /api/v1/accounts, for API keys with
 * `accounts:read` / `accounts:write`. Checks run in the contract's (docs/contract.md#matching-the-four-fields) order: 401/403, 413, 415, 400,
 * 422, 429.
 */
export const provisioningRoutes = new Hono<AppEnv>()
  .put(
    '/:loginId',
    requireApiKey('accounts:write'),
    jsonBodyLimit(),
    jsonOnly(),
    validLoginId,
    validAccount(),
    keyQuota(),
    (c) =>
      withDatabase(c, async () => {
        const { loginId } = c.req.valid('param')
        const services = c.get('services')
        const record = toAccountRecord(loginId, c.req.valid('json'))
        const result = await putAccount(services, record)
        const { created, account } = result
        c.get('deps').logger.info('account_provisioned', {
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
  .get('/:loginId', requireApiKey('accounts:read'), validLoginId, keyQuota(), (c) =>
    withDatabase(c, async () => {
      const account = await getAccount(c.get('services').db, c.req.valid('param').loginId)
      return account ? c.json(toAccountDocument(account), 200) : notFound(c)
    }),
  )
  .delete('/:loginId', requireApiKey('accounts:write'), validLoginId, keyQuota(), (c) =>
    withDatabase(c, async () => {
      const { loginId } = c.req.valid('param')
      if (!(await closeAccount(c.get('services'), loginId))) return notFound(c)
      c.get('deps').logger.info('account_closed', {
        requestId: c.get('requestId'),
        loginId,
        apiKey: c.get('apiClient')?.id,
      })
      return c.body(null, 204)
    }),
  )
  .on(['POST', 'PATCH', 'OPTIONS'], '/:loginId', (c) => {
    const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
    response.headers.set('Allow', 'GET, HEAD, PUT, DELETE')
    return response
  })
