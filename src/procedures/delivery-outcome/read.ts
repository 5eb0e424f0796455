import { eq } from 'drizzle-orm'
import { initializedPasswords, loginIdNotifications } from '../../db/schema'
import type { Database } from '../../platform/context'

/**
 * The e-mail a sending event names by its message ID: the initialized password it carried, or
 * the login ID notification it was (each with the outcome reported so far); one D1 call.
 */
export async function emailWithMessageId(db: Database, messageId: string) {
  const [[issuance], [notification]] = await db.batch([
    db
      .select({
        id: initializedPasswords.id,
        loginId: initializedPasswords.loginId,
        outcome: initializedPasswords.deliveryOutcome,
      })
      .from(initializedPasswords)
      .where(eq(initializedPasswords.messageId, messageId)),
    db
      .select({
        id: loginIdNotifications.id,
        outcome: loginIdNotifications.deliveryOutcome,
        loginIds: loginIdNotifications.loginIds,
      })
      .from(loginIdNotifications)
      .where(eq(loginIdNotifications.messageId, messageId)),
  ])
  return { issuance, notification }
}
