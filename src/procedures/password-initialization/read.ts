import { sql } from 'drizzle-orm'
import { deliveryCapIsFree } from '../../db/delivery-cap'
import { inList } from '../../db/in-list'
import { type Account, accounts, type DeliveryState, initializedPasswords } from '../../db/schema'
import type { BatchRead } from '../batch-read'
import type { PasswordInitializationRequest } from './schema'

/**
 * What one password initialization reads before anything else: the account with its login ID,
 * the request's own row (from an earlier delivery) and whether the account's delivery cap is
 * free. Null when no account has the login ID.
 */
export type InitializationRead = {
  account: Account
  ownState: DeliveryState | null
  ownExpiresAt: number | null
  capIsFree: boolean
} | null

/**
 * The first read of a batch's password initializations, one D1 call for all of them (docs/performance.md):
 * their accounts, each with its cap at `now` (checked against the account's own login ID), and
 * their own rows by request ID.
 */
export const readInitializations: BatchRead<
  Pick<PasswordInitializationRequest, 'loginId'>,
  InitializationRead
> = async ({ db, now }, requests) => {
  const [found, own] = await db.batch([
    db
      .select({
        account: accounts,
        // Wrapped: a selected SQL's own columns lose their table in a one-table query, and the
        // cap's subquery must tell its rows' login ID from the account's.
        capIsFree: sql<boolean>`${deliveryCapIsFree(initializedPasswords, {
          key: [initializedPasswords.loginId, accounts.loginId],
          time: [initializedPasswords.issuedAt, now()],
        })}`.mapWith(Boolean),
      })
      .from(accounts)
      .where(
        inList(
          accounts.loginId,
          requests.map(({ request }) => request.loginId),
        ),
      ),
    db
      .select({
        id: initializedPasswords.id,
        state: initializedPasswords.deliveryState,
        expiresAt: initializedPasswords.expiresAt,
      })
      .from(initializedPasswords)
      .where(
        inList(
          initializedPasswords.id,
          requests.map(({ requestId }) => requestId),
        ),
      ),
  ])
  const byLoginId = new Map(found.map((row) => [row.account.loginId, row]))
  const ownById = new Map(own.map((row) => [row.id, row]))
  return ({ requestId, request }) => {
    const row = byLoginId.get(request.loginId)
    if (row === undefined) return null
    const ownRow = ownById.get(requestId)
    return {
      account: row.account,
      ownState: ownRow?.state ?? null,
      ownExpiresAt: ownRow?.expiresAt ?? null,
      capIsFree: row.capIsFree,
    }
  }
}
