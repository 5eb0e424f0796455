import { eq } from 'drizzle-orm'
import type { AccountRecord } from '../accounts/schema'
import {
  closeAccounts,
  type StoredAccount,
  storedAccountColumns,
  upsertAccount,
} from '../accounts/store'
import { accounts } from '../db/schema'
import type { Database } from '../platform/context'

const selectAccount = (db: Database, loginId: string) =>
  db.select(storedAccountColumns).from(accounts).where(eq(accounts.loginId, loginId))

/**
 * Creates or replaces an account in one D1 batch (a transaction): whether it existed, the
 * revocation of pending initialized passwords when it closes or its contact changes, the upsert
 * (which writes nothing when nothing differs), and the row as stored. Of two concurrent PUTs of
 * a new account, one creates it and the other replaces it.
 */
export async function putAccount(
  db: Database,
  record: AccountRecord,
  now: number,
): Promise<{ created: boolean; account: StoredAccount }> {
  const [revoke, upsert] = upsertAccount(db, record, now)
  const [before, , , after] = await db.batch([
    selectAccount(db, record.loginId),
    revoke,
    upsert,
    selectAccount(db, record.loginId),
  ])
  const account = after[0]
  if (account === undefined) throw new Error('The account was not stored')
  return { created: before.length === 0, account }
}

export async function getAccount(
  db: Database,
  loginId: string,
): Promise<StoredAccount | undefined> {
  const [account] = await selectAccount(db, loginId)
  return account
}

/**
 * Closes the account and revokes its pending initialized passwords; false when there is no such
 * account. Closing a closed account changes nothing.
 */
export async function closeAccount(db: Database, loginId: string, now: number) {
  const [revoke, close] = closeAccounts(db, [loginId], now)
  const [found] = await db.batch([selectAccount(db, loginId), revoke, close])
  return found.length > 0
}
