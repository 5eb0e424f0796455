import { asc } from 'drizzle-orm'
import { inList } from '../../db/in-list'
import { type Account, accounts, type DeliveryState, loginIdNotifications } from '../../db/schema'
import type { BatchRead } from '../batch-read'
import type { LoginIdNotificationRequest } from './schema'

/**
 * What one login ID notification reads before anything else: the accounts registered with its
 * phone number, by login ID, and the state of its own e-mail (from an earlier delivery; none
 * before the first).
 */
export interface NotificationRead {
  samePhone: Account[]
  ownState: DeliveryState | undefined
}

/**
 * The first read of a batch's login ID notifications, one D1 call for all of them (docs/performance.md):
 * the accounts by phone number, and their own rows by request ID. (The own row was read after
 * the accounts, and only for a match; it depends on the request ID alone, so it is read with
 * them.)
 */
export const readNotifications: BatchRead<LoginIdNotificationRequest, NotificationRead> = async (
  { db },
  requests,
) => {
  const [samePhone, own] = await db.batch([
    db
      .select()
      .from(accounts)
      .where(
        inList(
          accounts.contactPhone,
          requests.map(({ request }) => request.phone),
        ),
      )
      .orderBy(asc(accounts.loginId)),
    db
      .select({ id: loginIdNotifications.id, state: loginIdNotifications.deliveryState })
      .from(loginIdNotifications)
      .where(
        inList(
          loginIdNotifications.id,
          requests.map(({ requestId }) => requestId),
        ),
      ),
  ])
  const ownStates = new Map(own.map((row) => [row.id, row.state]))
  return ({ requestId, request }) => ({
    samePhone: samePhone.filter((account) => account.contactPhone === request.phone),
    ownState: ownStates.get(requestId),
  })
}
