import { and, eq, exists, getTableColumns, inArray, isNull, ne, not, or, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Query, SQL } from 'drizzle-orm/sql'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { type Account, accounts, initializedPasswords, passwordChangeFailures } from '../db/schema'
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
 * What becomes of a record's password hash against the stored account: `none` (the record has
 * none: the stored one stays), `apply` (no stored hash, or the record's is newer), `same` (set
 * at the same time: nothing to do) or `kept_newer_here` (the stored one is newer, whoever set
 * it: docs/accounts-import.md, "The newest password wins").
 */
export type PasswordDecision = 'none' | 'apply' | 'same' | 'kept_newer_here'

export function passwordDecision(
  stored: StoredAccount | undefined,
  record: AccountRecord,
): PasswordDecision {
  if (record.passwordHash === undefined || record.passwordChangedAt === undefined) return 'none'
  if (stored === undefined || stored.passwordHash === null) return 'apply'
  const storedAt = stored.passwordChangedAt ?? 0
  if (record.passwordChangedAt > storedAt) return 'apply'
  return record.passwordChangedAt === storedAt ? 'same' : 'kept_newer_here'
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

/** The fields writing the record would change (the upsert's WHERE, in JavaScript); never values. */
export function changedFields(stored: StoredAccount | undefined, record: AccountRecord): string[] {
  const fields: string[] = COMPARED.filter(
    (key) => stored === undefined || stored[key] !== record[key],
  ).filter((key) => stored !== undefined || record[key] !== null)
  if (passwordDecision(stored, record) === 'apply') fields.push('passwordHash')
  return fields
}

/** Whether writing the record would change the stored row. */
export const differs = (stored: StoredAccount, record: AccountRecord): boolean =>
  changedFields(stored, record).length > 0

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
