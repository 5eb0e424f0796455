import { and, eq, isNull, ne, sql } from 'drizzle-orm'
import { generateInitializedPassword } from '../../credentials/generate'
import { hashPassword } from '../../credentials/hash'
import { deliveryCapIsFree } from '../../db/delivery-cap'
import { registeredContactOf } from '../../db/registered-contact'
import { accounts, initializedPasswords } from '../../db/schema'
import { contactMatches } from '../../identity/match'
import { composeInitializedPasswordMail } from '../../mail/compose'
import type { Outcome } from '../../platform/audit'
import { publicUrl } from '../../platform/config'
import type { ServiceContext } from '../../platform/context'
import { errorKind, log } from '../../platform/log'
import type { PasswordInitializationRequest } from './schema'

const MINUTE = 60_000

/**
 * Runs one password initialization after the response was sent: look the account up, compare
 * the four fields, and on a match issue, store and e-mail an initialized password.
 * Returns the outcome for the audit trail.
 */
export async function initializePassword(
  ctx: ServiceContext,
  request: PasswordInitializationRequest,
): Promise<Outcome> {
  const account = await ctx.db.query.accounts.findFirst({
    where: eq(accounts.loginId, request.loginId),
  })
  if (!account) return 'no_match'
  if (!contactMatches(registeredContactOf(account), request)) return 'no_match'
  if (account.status !== 'active') return 'inactive'

  const initializedPassword = generateInitializedPassword()
  const passwordHash = await hashPassword(initializedPassword)
  const issuedAt = ctx.now()
  const expiresAt = issuedAt + ctx.config.initializedPasswordTtlMinutes * MINUTE
  const id = crypto.randomUUID()

  // One conditional INSERT, so concurrent requests for one account issue at most one.
  const inserted = await ctx.db.run(sql`
    INSERT INTO initialized_passwords (id, login_id, password_hash, issued_at, expires_at)
    SELECT ${id}, ${account.loginId}, ${passwordHash}, ${issuedAt}, ${expiresAt}
    WHERE ${deliveryCapIsFree(initializedPasswords, {
      key: [initializedPasswords.loginId, account.loginId],
      time: [initializedPasswords.issuedAt, issuedAt],
    })}
  `)
  if (inserted.meta.changes !== 1) return 'cooldown'

  const mail = composeInitializedPasswordMail({
    locale: account.locale,
    serviceName: ctx.config.serviceName,
    loginId: account.loginId,
    initializedPassword,
    expiresAt: new Date(expiresAt),
    passwordChangeUrl: publicUrl(ctx.config, '/password/change'),
  })
  try {
    await ctx.mailer.send({ to: account.contactEmail, ...mail })
  } catch (error) {
    // Nothing half-done: the password nobody received can never be used.
    await ctx.db
      .update(initializedPasswords)
      .set({
        revokedAt: ctx.now(),
        revokedReason: 'mail_failed',
        deliveryState: 'failed',
        deliveryError: errorKind(error),
      })
      .where(eq(initializedPasswords.id, id))
    log.warn('initialized_password_mail_failed', {
      requestId: ctx.requestId,
      error: errorKind(error),
    })
    return 'mail_failed'
  }

  // Earlier unused ones are revoked only once the new one is on its way, so a failed send does
  // not take away a password the person already received.
  await ctx.db.batch([
    ctx.db
      .update(initializedPasswords)
      .set({ deliveryState: 'sent' })
      .where(eq(initializedPasswords.id, id)),
    ctx.db
      .update(initializedPasswords)
      .set({ revokedAt: ctx.now(), revokedReason: 'superseded' })
      .where(
        and(
          eq(initializedPasswords.loginId, account.loginId),
          ne(initializedPasswords.id, id),
          isNull(initializedPasswords.usedAt),
          isNull(initializedPasswords.revokedAt),
        ),
      ),
  ])
  return 'issued'
}
