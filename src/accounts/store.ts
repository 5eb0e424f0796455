import { and, eq, exists, getTableColumns, inArray, isNull, ne, not, or, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Query, SQL } from 'drizzle-orm/sql'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { type Account, accounts, initializedPasswords, passwordChangeFailures } from '../db/schema'
import type { Database } from '../platform/context'
import type { AccountRecord } from './schema'

/**
 * One write of either way in (docs/contract.md#accounts-from-the-system-of-record), built with Drizzle on the schema: the provisioning API
 * runs it in a D1 batch, the import command hands its `toSQL()`, literals written in, to D1 as
 * text (scripts/support/d1.ts). One builder, so a row written by either way is written the same, and a
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

/** A row of `SELECT` output keyed by column name (as D1 answers it to the command). */
export function storedAccountFromRow(row: Record<string, unknown>): StoredAccount {
  return Object.fromEntries(
    Object.entries(storedAccountColumns).map(([key, column]) => [key, row[column.name]]),
  ) as StoredAccount
}

/** `excluded.<column>`: the value an upsert would have written, in its DO UPDATE. */
const excluded = (column: SQLiteColumn) => sql.raw(`excluded."${column.name}"`)

/** Pending: neither used nor revoked (expired ones included: there is no harm in marking them). */
const pending = and(isNull(initializedPasswords.usedAt), isNull(initializedPasswords.revokedAt))

/** The fields whose change makes an upsert write (a missing password hash keeps the stored one). */
export const COMPARED = [
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
 * Creates or replaces one account, as writes to run in one batch (a transaction), in this order:
 * the pending initialized passwords are revoked if the account is being closed or locked, its
 * contact changes (a password mailed to the old address must stop working) or a newer password
 * hash arrives; a hash that applies clears the login ID's failed tries; then one upsert writes
 * the row only if something differs, so sending the same data again writes nothing. A record
 * without a password hash keeps the stored one; an older one is kept out (`passwordDecision`).
 */
export function upsertAccount(db: Database, record: AccountRecord, now: number): AccountWrite[] {
  const reason = record.status === 'active' ? 'contact_changed' : `account_${record.status}`
  const contactOrStatusDiffers = or(
    sql`${record.status} <> 'active'`,
    ...CONTACT.map((key) => isNot(accounts[key], record[key])),
  )
  const changedAccount = db
    .select({ loginId: accounts.loginId })
    .from(accounts)
    .where(and(eq(accounts.loginId, record.loginId), contactOrStatusDiffers))
  const writes: AccountWrite[] = [
    db
      .update(initializedPasswords)
      .set({ revokedAt: now, revokedReason: reason })
      .where(
        and(eq(initializedPasswords.loginId, record.loginId), pending, exists(changedAccount)),
      ),
  ]
  if (record.passwordHash !== undefined && record.passwordChangedAt !== undefined) {
    const applies = hashApplies(db, record.loginId, record.passwordChangedAt)
    writes.push(
      db
        .update(initializedPasswords)
        .set({ revokedAt: now, revokedReason: 'password_changed' })
        .where(and(eq(initializedPasswords.loginId, record.loginId), pending, applies)),
      db
        .delete(passwordChangeFailures)
        .where(and(eq(passwordChangeFailures.loginId, record.loginId), applies)),
    )
  }
  writes.push(insertOrUpdateAccounts(db, [record], now))
  return writes
}

/**
 * Whether a hash the system of record set at `changedAt` is to replace this account's (as the
 * upsert decides it): there is no stored hash, or it is older. An unknown login ID is true too.
 */
const hashApplies = (db: Database, loginId: string, changedAt: number) =>
  not(
    exists(
      db
        .select({ loginId: accounts.loginId })
        .from(accounts)
        .where(
          and(
            eq(accounts.loginId, loginId),
            sql`${accounts.passwordHash} IS NOT NULL`,
            sql`coalesce(${accounts.passwordChangedAt}, 0) >= ${changedAt}`,
          ),
        ),
    ),
  )

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
    passwordChangedAt:
      record.passwordHash === undefined ? null : (record.passwordChangedAt ?? null),
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
  const newChangedAt = excluded(accounts.passwordChangedAt)
  // The newest password wins, whoever set it: a hash here set later than the record's stays.
  const hashApplies = sql`(${newHash} IS NOT NULL AND (${accounts.passwordHash} IS NULL OR coalesce(${accounts.passwordChangedAt}, 0) < ${newChangedAt}))`
  const ifHashApplies = (value: SQL, otherwise: SQL | SQLiteColumn) =>
    sql`CASE WHEN ${hashApplies} THEN ${value} ELSE ${otherwise} END`
  return db
    .insert(accounts)
    .values(rows)
    .onConflictDoUpdate({
      target: accounts.loginId,
      set: {
        ...set,
        passwordHash: ifHashApplies(newHash, accounts.passwordHash),
        passwordChangedAt: ifHashApplies(newChangedAt, accounts.passwordChangedAt),
        // A password set anew starts with no failures and no suspension.
        failedPasswordTries: ifHashApplies(sql`0`, accounts.failedPasswordTries),
        currentPasswordSuspendedAt: ifHashApplies(sql`NULL`, accounts.currentPasswordSuspendedAt),
        // A hard bounce flags the address it happened to (docs/operations.md#delivery-outcomes).
        emailBouncedAt: sql`CASE WHEN ${excluded(accounts.contactEmail)} IS ${accounts.contactEmail} THEN ${accounts.emailBouncedAt} ELSE NULL END`,
      },
      setWhere: or(
        ...COMPARED.map((key) => isNot(accounts[key], excluded(accounts[key]))),
        hashApplies,
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
