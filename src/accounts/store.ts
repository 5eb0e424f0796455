import { and, eq, exists, getTableColumns, inArray, isNull, ne, or, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Query } from 'drizzle-orm/sql'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { type Account, accounts, initializedPasswords } from '../db/schema'
import { createDatabase, type Database } from '../platform/context'
import type { AccountRecord } from './schema'

/**
 * One write of either way in (docs/contract.md#accounts-from-the-system-of-record), built with Drizzle on the schema: the provisioning API
 * runs it in a D1 batch, the import command writes its `toSQL()` into the file it hands to
 * `wrangler d1 execute`. One builder, so a row written by either way is written the same, and a
 * renamed column fails the type check.
 */
export type AccountWrite = BatchItem<'sqlite'> & { toSQL(): Query }

/** The columns an account's import, export and provisioning document are made of. */
export const storedAccountColumns = (() => {
  const {
    failedPasswordTries: _,
    currentPasswordSuspendedAt: __,
    ...columns
  } = getTableColumns(accounts)
  return columns
})()

/** An account as both ways in read it back. */
export type StoredAccount = Pick<Account, keyof typeof storedAccountColumns>

/** A row of `SELECT` output keyed by column name (as `wrangler d1 execute --json` prints it). */
export function storedAccountFromRow(row: Record<string, unknown>): StoredAccount {
  return Object.fromEntries(
    Object.entries(storedAccountColumns).map(([key, column]) => [key, row[column.name]]),
  ) as StoredAccount
}

/**
 * A Drizzle database that only builds SQL, for the import command (which runs it through
 * wrangler): it has no D1, and running a query on it throws.
 */
export const sqlBuilder = (): Database =>
  createDatabase(
    new Proxy({} as D1Database, {
      get: () => {
        throw new Error('This database only builds SQL; run it through wrangler d1 execute')
      },
    }),
  )

/** `excluded.<column>`: the value an upsert would have written, in its DO UPDATE. */
const excluded = (column: SQLiteColumn) => sql.raw(`excluded."${column.name}"`)

/** Pending: neither used nor revoked (expired ones included: there is no harm in marking them). */
const pending = and(isNull(initializedPasswords.usedAt), isNull(initializedPasswords.revokedAt))

/** The fields whose change makes an upsert write (a missing password hash keeps the stored one). */
const COMPARED = [
  'kind',
  'status',
  'locale',
  'organizationName',
  'contactGivenName',
  'contactFamilyName',
  'contactPhone',
  'contactEmail',
] as const satisfies ReadonlyArray<keyof AccountRecord & keyof StoredAccount>

/** The registered contact: a change revokes the pending initialized passwords. */
const CONTACT = [
  'contactGivenName',
  'contactFamilyName',
  'contactPhone',
  'contactEmail',
] as const satisfies ReadonlyArray<(typeof COMPARED)[number]>

const isNot = (stored: SQLiteColumn, value: unknown) => sql`${stored} IS NOT ${value}`

/**
 * Creates or replaces one account, as two writes to run in one batch (a transaction): first the
 * pending initialized passwords are revoked if the account is being closed or locked or its
 * contact changes (a password mailed to the old address must stop working), then one upsert
 * writes the row only if something differs, so sending the same data again writes nothing. A
 * record without a password hash keeps the stored one.
 */
export function upsertAccount(
  db: Database,
  record: AccountRecord,
  now: number,
): [AccountWrite, AccountWrite] {
  const reason = record.status === 'active' ? 'contact_changed' : `account_${record.status}`
  const contactOrStatusDiffers = or(
    sql`${record.status} <> 'active'`,
    ...CONTACT.map((key) => isNot(accounts[key], record[key])),
  )
  const changedAccount = db
    .select({ loginId: accounts.loginId })
    .from(accounts)
    .where(and(eq(accounts.loginId, record.loginId), contactOrStatusDiffers))
  return [
    db
      .update(initializedPasswords)
      .set({ revokedAt: now, revokedReason: reason })
      .where(
        and(eq(initializedPasswords.loginId, record.loginId), pending, exists(changedAccount)),
      ),
    insertOrUpdateAccounts(db, [record], now),
  ]
}

/**
 * The upsert alone, of one or more accounts (several rows in one statement make a large import
 * fast): enough for accounts that are new to the database, since they have nothing to revoke.
 */
export function insertOrUpdateAccounts(
  db: Database,
  records: ReadonlyArray<AccountRecord>,
  now: number,
): AccountWrite {
  const rows = records.map((record) => ({
    loginId: record.loginId,
    kind: record.kind,
    status: record.status,
    locale: record.locale,
    organizationName: record.organizationName,
    passwordHash: record.passwordHash ?? null,
    contactGivenName: record.contactGivenName,
    contactFamilyName: record.contactFamilyName,
    contactPhone: record.contactPhone,
    contactEmail: record.contactEmail,
    createdAt: now,
    updatedAt: now,
  }))
  const set = Object.fromEntries(
    [...COMPARED, 'updatedAt' as const].map((key) => [key, excluded(accounts[key])]),
  )
  const newHash = excluded(accounts.passwordHash)
  return db
    .insert(accounts)
    .values(rows)
    .onConflictDoUpdate({
      target: accounts.loginId,
      set: {
        ...set,
        passwordHash: sql`coalesce(${newHash}, ${accounts.passwordHash})`,
        // A hard bounce flags the address it happened to (docs/operations.md#delivery-outcomes).
        emailBouncedAt: sql`CASE WHEN ${excluded(accounts.contactEmail)} IS ${accounts.contactEmail} THEN ${accounts.emailBouncedAt} ELSE NULL END`,
      },
      setWhere: or(
        ...COMPARED.map((key) => isNot(accounts[key], excluded(accounts[key]))),
        and(sql`${newHash} IS NOT NULL`, isNot(accounts.passwordHash, newHash)),
      ),
    })
}

/** Revokes the pending initialized passwords of these accounts, for the reason given. */
export function revokePendingPasswords(
  db: Database,
  loginIds: ReadonlyArray<string>,
  reason: string,
  now: number,
): AccountWrite {
  return db
    .update(initializedPasswords)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(inArray(initializedPasswords.loginId, [...loginIds]), pending))
}

/**
 * Closes accounts and revokes their pending initialized passwords, as two writes for one batch;
 * accounts already closed are left as they are.
 */
export function closeAccounts(
  db: Database,
  loginIds: ReadonlyArray<string>,
  now: number,
): [AccountWrite, AccountWrite] {
  return [
    revokePendingPasswords(db, loginIds, 'account_closed', now),
    db
      .update(accounts)
      .set({ status: 'closed', updatedAt: now })
      .where(and(inArray(accounts.loginId, [...loginIds]), ne(accounts.status, 'closed'))),
  ]
}

/**
 * Why writing the record must revoke the account's pending initialized passwords, or undefined:
 * the account is not active any more (`account_closed`, `account_locked`), or its contact
 * changed (`contact_changed`: a password mailed to the old address must stop working). The
 * upsert's revoking statement decides the same in SQL.
 */
export function revocationReason(stored: StoredAccount, record: AccountRecord) {
  if (record.status !== 'active') return `account_${record.status}`
  const contactChanged =
    stored.contactGivenName !== record.contactGivenName ||
    stored.contactFamilyName !== record.contactFamilyName ||
    stored.contactPhone !== record.contactPhone ||
    stored.contactEmail !== record.contactEmail
  return contactChanged ? 'contact_changed' : undefined
}

/** Whether writing the record would change the stored row (the upsert's WHERE, in JavaScript). */
export function differs(stored: StoredAccount, record: AccountRecord): boolean {
  return (
    stored.kind !== record.kind ||
    stored.status !== record.status ||
    stored.locale !== record.locale ||
    stored.organizationName !== record.organizationName ||
    stored.contactGivenName !== record.contactGivenName ||
    stored.contactFamilyName !== record.contactFamilyName ||
    stored.contactPhone !== record.contactPhone ||
    stored.contactEmail !== record.contactEmail ||
    (record.passwordHash !== undefined && stored.passwordHash !== record.passwordHash)
  )
}

const sqlLiteral = (value: string | number | null) => {
  if (value === null) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer: ${value}`)
    return String(value)
  }
  return `'${value.replaceAll("'", "''")}'`
}

/** The statement with its parameters written in as SQL literals, for wrangler d1 execute. */
export function inlineStatement(write: { toSQL(): Query }): string {
  const { sql: text, params } = write.toSQL()
  const parts = text.split('?')
  if (parts.length !== params.length + 1) {
    throw new Error(`${parts.length - 1} placeholders but ${params.length} parameters`)
  }
  return parts.reduce(
    (text, part, i) =>
      text +
      part +
      (i < params.length ? sqlLiteral((params[i] ?? null) as string | number | null) : ''),
    '',
  )
}
