import { hmacSha256Hex } from '../../credentials/hash'
import { registeredContactOf } from '../../db/registered-contact'
import { contactMatches } from '../../identity/match'
import { foldCase } from '../../identity/normalize'
import { composeLoginIdNotificationMail } from '../../mail/compose'
import { publicUrl } from '../../platform/config'
import type { ServiceContext } from '../../platform/context'
import { attemptMail } from '../../platform/mailer'
import { readAlone } from '../batch-read'
import type { Delivery, WorkResult } from '../queued-procedure'
import { type NotificationRead, readNotifications } from './read'
import type { LoginIdNotificationRequest } from './schema'
import { markDelivery, storeNotification } from './store'

/**
 * The key of the per-address cap: an HMAC of the lower-cased registered address under
 * CLIENT_HASH_KEY, so a list of candidate addresses can not reverse it.
 */
export const recipientKey = (clientHashKey: string, address: string) =>
  hmacSha256Hex(clientHashKey, `login-id-recipient:${foldCase(address)}`)

/**
 * One login ID notification, in the queue's consumer (docs/contract.md#login-id-notification): finds every active account whose
 * registered contact matches and e-mails their login IDs to the stored address in one message,
 * at most once per 5 minutes and five times per 24 hours per address. The row's id is the request
 * ID, so a redelivered message sends at most one e-mail.
 */
export async function notifyLoginIds(
  ctx: ServiceContext,
  request: LoginIdNotificationRequest,
  delivery: Delivery,
  preread?: NotificationRead,
): Promise<WorkResult> {
  // One read: the accounts with the phone number and this request's own row (from an earlier
  // delivery); made for the whole batch by the consumer, or here for this request alone.
  const { samePhone, ownState } = preread ?? (await readAlone(readNotifications, ctx, request))
  const matching = samePhone.filter((account) =>
    contactMatches(registeredContactOf(account), request),
  )
  const active = matching.filter((account) => account.status === 'active')
  const [first] = active
  if (!first) return { outcome: matching.length === 0 ? 'no_match' : 'inactive' }

  // Every match has the typed address up to case, so they share one recipient.
  const recipient = first.contactEmail
  const recipientHash = await recipientKey(ctx.config.clientHashKey, recipient)
  const id = ctx.requestId
  const now = ctx.now()

  // The event of an e-mail that went out (again from a redelivery, whose earlier run may have
  // stopped before enqueueing it).
  const sent: WorkResult = {
    outcome: 'sent',
    events: [
      {
        type: 'login_id_notification.sent',
        data: { loginIds: active.map((account) => account.loginId) },
      },
    ],
  }
  if (ownState === 'sent') return sent
  if (ownState === 'failed') return { outcome: 'mail_failed' }
  if (ownState === 'pending') {
    // An earlier delivery stopped while sending: the e-mail may have gone out; none is sent again.
    ctx.logger.warn('login_id_notification_delivery_unknown', { requestId: id })
    return { outcome: 'failed' }
  }
  if (ownState === undefined) {
    const loginIds = active.map((account) => account.loginId)
    if (!(await storeNotification(ctx.db, { id, recipientHash, now, loginIds }))) {
      return { outcome: 'cooldown' }
    }
  } else {
    // A retry of an e-mail the Email Service refused for now: pending again while it is sent.
    await markDelivery(ctx.db, id, { deliveryState: 'pending' })
  }

  // In the requesting page's language (docs/decisions/024-e-mail-language.md); an organization's
  // login ID with its name, for a person in charge of several.
  const locale = ctx.pageLocale ?? first.locale
  const mail = composeLoginIdNotificationMail({
    locale,
    accountLocale: first.locale,
    serviceName: ctx.config.serviceName,
    loginIds: active.map(({ loginId, organizationName }) => ({ loginId, organizationName })),
    passwordInitializationUrl: publicUrl(ctx.config, `/password/initialize?lang=${locale}`),
  })
  const attempt = await attemptMail(ctx.mailer, { to: recipient, ...mail }, delivery)
  if (attempt.sent) {
    await markDelivery(ctx.db, id, {
      deliveryState: 'sent',
      deliveryError: null,
      messageId: attempt.messageId,
    })
    return sent
  }
  ctx.logger.warn('login_id_notification_mail_failed', {
    requestId: id,
    error: attempt.error,
    retry: attempt.retry,
    attempt: delivery.attempt,
  })
  await markDelivery(ctx.db, id, {
    deliveryState: attempt.retry ? 'retrying' : 'failed',
    deliveryError: attempt.error,
  })
  return attempt.retry ? { retry: true } : { outcome: 'mail_failed' }
}
