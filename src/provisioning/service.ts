import type { AccountRecord } from '../accounts/schema'
import {
  ACCOUNT_COLUMNS,
  closeAccounts,
  type Statement,
  type StoredAccount,
  upsertAccount,
} from '../accounts/store'

const bind = (d1: D1Database, { sql, params }: Statement) => d1.prepare(sql).bind(...params)

const selectAccount = (d1: D1Database, loginId: string) =>
  d1.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE login_id = ?`).bind(loginId)

/**
 * Creates or replaces an account in one D1 batch (a transaction): whether it existed, the
 * revocation of pending initialized passwords when it closes or its contact changes, the upsert
 * (which writes nothing when nothing differs), and the row as stored. Of two concurrent PUTs of
 * a new account, one creates it and the other replaces it.
 */
export async function putAccount(
  d1: D1Database,
  record: AccountRecord,
  now: number,
): Promise<{ created: boolean; account: StoredAccount }> {
  const results = await d1.batch<StoredAccount>([
    selectAccount(d1, record.loginId),
    ...upsertAccount(record, now).map((statement) => bind(d1, statement)),
    selectAccount(d1, record.loginId),
  ])
  const before = results[0]?.results[0]
  const account = results.at(-1)?.results[0]
  if (account === undefined) throw new Error('The account was not stored')
  return { created: before === undefined, account }
}

export async function getAccount(
  d1: D1Database,
  loginId: string,
): Promise<StoredAccount | undefined> {
  return (await selectAccount(d1, loginId).first<StoredAccount>()) ?? undefined
}

/**
 * Closes the account and revokes its pending initialized passwords; false when there is no such
 * account. Closing a closed account changes nothing.
 */
export async function closeAccount(d1: D1Database, loginId: string, now: number) {
  const results = await d1.batch([
    selectAccount(d1, loginId),
    ...closeAccounts([loginId], now).map((statement) => bind(d1, statement)),
  ])
  return (results[0]?.results.length ?? 0) > 0
}
