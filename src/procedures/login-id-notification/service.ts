import { asc, eq, sql } from 'drizzle-orm'
import { sha256Hex } from '../../credentials/hash'
import { deliveryCapIsFree } from '../../db/delivery-cap'
import { registeredContactOf } from '../../db/registered-contact'
import { accounts, loginIdNotifications } from '../../db/schema'
import { contactMatches } from '../../identity/match'
import { foldCase } from '../../identity/normalize'
import { composeLoginIdNotificationMail } from '../../mail/compose'
import type { Outcome } from '../../platform/audit'
import { publicUrl } from '../../platform/config'
import type { ServiceContext } from '../../platform/context'
import { errorKind, log } from '../../platform/log'
import type { LoginIdNotificationRequest } from './schema'

/**
 * Runs one login ID notification after the response was sent: finds every active account whose
 * registered contact matches, and e-mails their login IDs to the stored address in one message.
 * Returns the outcome for the audit trail.
 */
export async function notifyLoginIds(
  ctx: ServiceContext,
  request: LoginIdNotificationRequest,
): Promise<Outcome> {
  const samePhone = await ctx.db.query.accounts.findMany({
    where: eq(accounts.contactPhone, request.phone),
    orderBy: asc(accounts.loginId),
  })
  const matching = samePhone.filter((account) =>
    contactMatches(registeredContactOf(account), request),
  )
  const active = matching.filter((account) => account.status === 'active')
  const [first] = active
  if (!first) return matching.length === 0 ? 'no_match' : 'inactive'

  // Every match has the typed address up to case, so they share one recipient.
  const recipient = first.contactEmail
  const recipientHash = await sha256Hex(foldCase(recipient))
  const sentAt = ctx.now()
  const id = crypto.randomUUID()
  // One conditional INSERT, so concurrent requests for one address send at most one e-mail.
  const inserted = await ctx.db.run(sql`
    INSERT INTO login_id_notifications (id, recipient_hash, sent_at)
    SELECT ${id}, ${recipientHash}, ${sentAt}
    WHERE ${deliveryCapIsFree(loginIdNotifications, {
      key: [loginIdNotifications.recipientHash, recipientHash],
      time: [loginIdNotifications.sentAt, sentAt],
    })}
  `)

  if (inserted.meta.changes !== 1) return 'cooldown'

  const mail = composeLoginIdNotificationMail({
    locale: first.locale,
    serviceName: ctx.config.serviceName,
    loginIds: active.map((account) => account.loginId),
    passwordInitializationUrl: publicUrl(ctx.config, '/password/initialize'),
  })
  try {
    await ctx.mailer.send({ to: recipient, ...mail })
  } catch (error) {
    await ctx.db
      .update(loginIdNotifications)
      .set({ deliveryState: 'failed', deliveryError: errorKind(error) })
      .where(eq(loginIdNotifications.id, id))
    log.warn('login_id_notification_mail_failed', {
      requestId: ctx.requestId,
      error: errorKind(error),
    })
    return 'mail_failed'
  }
  await ctx.db
    .update(loginIdNotifications)
    .set({ deliveryState: 'sent' })
    .where(eq(loginIdNotifications.id, id))
  return 'sent'
}
