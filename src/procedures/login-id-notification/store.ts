import { eq, sql } from 'drizzle-orm'
import { deliveryCapIsFree } from '../../db/delivery-cap'
import { loginIdNotifications } from '../../db/schema'
import type { Database } from '../../platform/context'

/**
 * The notification's row, pending while its e-mail is sent: one conditional INSERT that checks
 * the per-address cap (docs/contract.md#login-id-notification), so concurrent messages for one
 * address send at most one e-mail, with the login IDs it lists. False, having written nothing,
 * when the cap is spent.
 */
export async function storeNotification(
  db: Database,
  notification: { id: string; recipientHash: string; now: number; loginIds: readonly string[] },
): Promise<boolean> {
  const { id, recipientHash, now, loginIds } = notification
  const inserted = await db.insert(loginIdNotifications).select(
    db
      .select({
        id: sql<string>`${id}`.as('id'),
        recipientHash: sql<string>`${recipientHash}`.as('recipient_hash'),
        sentAt: sql<number>`${now}`.as('sent_at'),
        deliveryState: sql<'pending'>`'pending'`.as('delivery_state'),
        deliveryError: sql<null>`NULL`.as('delivery_error'),
        messageId: sql<null>`NULL`.as('message_id'),
        deliveryOutcome: sql<null>`NULL`.as('delivery_outcome'),
        // For the events of its delivery outcome (docs/webhooks.md).
        loginIds: sql<string>`${loginIds.join(',')}`.as('login_ids'),
      })
      .from(sql`(SELECT 1)`)
      .where(
        deliveryCapIsFree(loginIdNotifications, {
          key: [loginIdNotifications.recipientHash, recipientHash],
          time: [loginIdNotifications.sentAt, now],
        }),
      ),
  )
  return inserted.meta.changes === 1
}

/** What became of the notification `id`'s e-mail: pending again for a retry, sent, or failed. */
export async function markDelivery(
  db: Database,
  id: string,
  state: Partial<
    Pick<typeof loginIdNotifications.$inferInsert, 'deliveryState' | 'deliveryError' | 'messageId'>
  >,
): Promise<void> {
  await db.update(loginIdNotifications).set(state).where(eq(loginIdNotifications.id, id))
}
