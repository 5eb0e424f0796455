import { and, eq, isNull, sql } from 'drizzle-orm'
import {
  accounts,
  type DeliveryOutcome,
  initializedPasswords,
  loginIdNotifications,
} from '../../db/schema'
import type { Database } from '../../platform/context'

/** A hard bounce: the accounts registered with `recipient` are flagged (until the system of record changes it). */
const flagBounced = (db: Database, recipient: string, now: number) =>
  db
    .update(accounts)
    .set({ emailBouncedAt: now })
    .where(
      and(
        sql`lower(${accounts.contactEmail}) = lower(${recipient})`,
        isNull(accounts.emailBouncedAt),
      ),
    )

/**
 * An initialized password's e-mail got `outcome`; with `revoke` (a bounce or complaint) the
 * password is revoked unless already used or revoked; with `bouncedAddress` its accounts are
 * flagged. One D1 batch.
 */
export async function storeIssuanceOutcome(
  db: Database,
  id: string,
  change: {
    outcome: DeliveryOutcome
    revoke: DeliveryOutcome | null
    bouncedAddress: string | null
  },
  now: number,
): Promise<void> {
  const thisOne = eq(initializedPasswords.id, id)
  await db.batch([
    db.update(initializedPasswords).set({ deliveryOutcome: change.outcome }).where(thisOne),
    ...(change.revoke === null
      ? []
      : [
          db
            .update(initializedPasswords)
            .set({ revokedAt: now, revokedReason: change.revoke })
            .where(
              and(
                thisOne,
                isNull(initializedPasswords.usedAt),
                isNull(initializedPasswords.revokedAt),
              ),
            ),
        ]),
    ...(change.bouncedAddress === null ? [] : [flagBounced(db, change.bouncedAddress, now)]),
  ])
}

/** A login ID notification's e-mail got `outcome`; with `bouncedAddress` its accounts are flagged. */
export async function storeNotificationOutcome(
  db: Database,
  id: string,
  change: { outcome: DeliveryOutcome; bouncedAddress: string | null },
  now: number,
): Promise<void> {
  await db.batch([
    db
      .update(loginIdNotifications)
      .set({ deliveryOutcome: change.outcome })
      .where(eq(loginIdNotifications.id, id)),
    ...(change.bouncedAddress === null ? [] : [flagBounced(db, change.bouncedAddress, now)]),
  ])
}
