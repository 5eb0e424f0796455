import { generateInitializedPassword } from '../../credentials/generate'
import { hashInitializedPassword } from '../../credentials/keyed-hash'
import { registeredContactOf } from '../../db/registered-contact'
import type { Account } from '../../db/schema'
import { contactMatches } from '../../identity/match'
import { composeInitializedPasswordMail } from '../../mail/compose'
import { publicUrl } from '../../platform/config'
import type { ServiceContext } from '../../platform/context'
import { attemptMail } from '../../platform/mailer'
import { readAlone } from '../batch-read'
import type { Delivery, WorkResult } from '../queued-procedure'
import { type InitializationRead, readInitializations } from './read'
import type { PasswordInitializationRequest } from './schema'
import { markDelivery, storeIssued, storeReissued } from './store'

const MINUTE = 60_000

/**
 * One password initialization, in the queue's consumer (docs/contract.md#password-initialization): look the account up, compare the
 * four fields, check the per-account cap, and only then issue, store and e-mail an initialized
 * password. The row's id is the request ID, so a redelivered message finds what an earlier
 * delivery did: it issues at most one password and sends at most one e-mail.
 */
export async function initializePassword(
  ctx: ServiceContext,
  request: PasswordInitializationRequest,
  delivery: Delivery,
  preread?: InitializationRead,
): Promise<WorkResult> {
  // One read: the account, this request's own row (from an earlier delivery) and the cap; made
  // for the whole batch by the consumer, or here for this request alone.
  const found = preread === undefined ? await readAlone(readInitializations, ctx, request) : preread
  if (!found || !contactMatches(registeredContactOf(found.account), request)) {
    return { outcome: 'no_match' }
  }
  return initializeMatched(ctx, found, delivery)
}

/**
 * The work once the request names the account (its four fields matched, or a help desk asked,
 * docs/operations.md#help-desk-recovery): an active account with a free cap gets a password.
 */
export async function initializeMatched(
  ctx: ServiceContext,
  found: NonNullable<InitializationRead>,
  delivery: Delivery,
): Promise<WorkResult> {
  const { account, ownState } = found
  if (account.status !== 'active') return { outcome: 'inactive' }

  switch (ownState) {
    case 'sent':
      // Its events may not have been enqueued before that delivery stopped: they are again.
      return issued(account, found.ownExpiresAt ?? ctx.now())
    case 'failed':
      return { outcome: 'mail_failed' }
    case 'pending':
      // An earlier delivery stopped while sending: the e-mail may have gone out, so none is sent
      // again (at most one). The password stays usable until it expires; nobody else knows it.
      ctx.logger.warn('initialized_password_delivery_unknown', { requestId: ctx.requestId })
      return { outcome: 'failed' }
    case 'retrying':
      return issueAndSend(ctx, account, delivery, 'reissue')
    default:
      if (!found.capIsFree) return { outcome: 'cooldown' }
      return issueAndSend(ctx, account, delivery, 'issue')
  }
}

/**
 * Generates the password, stores its keyed hash (a first issue: one conditional INSERT that
 * re-checks the cap, so concurrent messages for one account issue at most one; a retry: the row
 * whose e-mail was refused gets the new hash) and e-mails it.
 */
async function issueAndSend(
  ctx: ServiceContext,
  account: Account,
  delivery: Delivery,
  mode: 'issue' | 'reissue',
): Promise<WorkResult> {
  const id = ctx.requestId
  const initializedPassword = generateInitializedPassword()
  const passwordHash = await hashInitializedPassword(
    initializedPassword,
    ctx.config.initializedPasswordKeys.current,
  )
  const issuedAt = ctx.now()
  // An API key is one client wherever its requests come from.
  const issuer = ctx.apiKeyId === null ? await ctx.client.hash() : `key:${ctx.apiKeyId}`
  const expiresAt = issuedAt + ctx.config.initializedPasswordTtlMinutes * MINUTE

  const stored =
    mode === 'issue'
      ? await storeIssued(ctx.db, {
          id,
          loginId: account.loginId,
          passwordHash,
          issuedAt,
          expiresAt,
          issuer,
        })
      : await storeReissued(ctx.db, { id, passwordHash, expiresAt })
  if (!stored) return { outcome: 'cooldown' }

  // In the requesting page's language, its link opening the next page in it; the account's
  // language for the JSON API (docs/decisions/024-e-mail-language.md).
  const locale = ctx.pageLocale ?? account.locale
  const mail = composeInitializedPasswordMail({
    locale,
    accountLocale: account.locale,
    serviceName: ctx.config.serviceName,
    loginId: account.loginId,
    initializedPassword,
    expiresAt: new Date(expiresAt),
    passwordChangeUrl: publicUrl(ctx.config, `/password/change?lang=${locale}`),
  })
  const attempt = await attemptMail(ctx.mailer, { to: account.contactEmail, ...mail }, delivery)

  if (!attempt.sent) {
    ctx.logger.warn('initialized_password_mail_failed', {
      requestId: ctx.requestId,
      error: attempt.error,
      retry: attempt.retry,
      attempt: delivery.attempt,
    })
    if (attempt.retry) {
      // Not sent: nobody knows this password; the next delivery replaces it.
      await markDelivery(ctx.db, id, { deliveryState: 'retrying', deliveryError: attempt.error })
      return { retry: true }
    }
    // Nothing half-done: the password nobody received can never be used.
    await markDelivery(ctx.db, id, {
      revokedAt: ctx.now(),
      revokedReason: 'mail_failed',
      deliveryState: 'failed',
      deliveryError: attempt.error,
    })
    return { outcome: 'mail_failed' }
  }

  // Earlier unexpired ones stay usable: a stranger's matching submission must not take away the
  // one the holder already received. Using any of them revokes the others (password change).
  await markDelivery(ctx.db, id, {
    deliveryState: 'sent',
    deliveryError: null,
    messageId: attempt.messageId,
  })
  return issued(account, expiresAt)
}

/** The outcome of an e-mailed password, with its event for the system of record (docs/contract.md#events-for-the-system-of-record). */
const issued = (account: Account, expiresAt: number): WorkResult => ({
  outcome: 'issued',
  events: [
    {
      type: 'password_initialization.issued',
      data: { loginId: account.loginId, expiresAt: new Date(expiresAt).toISOString() },
    },
  ],
})
