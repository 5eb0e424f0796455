import { env } from 'cloudflare:workers'
import { asc } from 'drizzle-orm'
import { CSV_COLUMNS } from '../../src/accounts/csv-columns'
import { type CsvRecord, formatRowError, readAccountRows } from '../../src/accounts/csv-rows'
import { planImport } from '../../src/accounts/import-plan'
import type { AccountRecord } from '../../src/accounts/schema'
import { type StoredAccount, storedAccountColumns } from '../../src/accounts/store'
import { wrapLegacyHash } from '../../src/credentials/chosen-password'
import { accounts, initializedPasswords } from '../../src/db/schema'
import { writeAsTheCommand } from './import-command'
import { db } from './rows'

// What the tests of src/accounts/ share: CSV rows by column, the import run as the command runs it.

export const HEADER: CsvRecord = { line: 1, cells: [...CSV_COLUMNS] }

/** A data row by column name; the line is the row's index + 2 (after the header). */
export const row = (
  line: number,
  cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>>,
) => ({
  line,
  cells: CSV_COLUMNS.map((column) => cells[column] ?? ''),
})

/** When the system of record set the rows' password hashes. */
export const CHANGED_AT = '2026-11-30T00:00:00Z'

/** What the command passes beside the records: a run ID, and the Worker's own wrapping. */
export const PLAN = {
  runId: 'test-run',
  wrap: async (hash: string) => (await wrapLegacyHash(hash, env.PASSWORD_PEPPER)) ?? '',
}

export const ICHIRO = {
  login_id: '100000001',
  kind: 'individual',
  given_name: 'Ichiro',
  family_name: 'Suzuki',
  phone: '090-2222-3333',
  phone_country: 'JP',
  email: 'ichiro.suzuki@example.com',
}

/** Every row must be valid here; returns the records. */
export function accountsOf(header: CsvRecord, rows: CsvRecord[]): AccountRecord[] {
  const result = readAccountRows(header, rows)
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'))
  return result.accounts
}

export const errorsOf = (header: CsvRecord, rows: CsvRecord[]) => {
  const result = readAccountRows(header, rows)
  return result.ok ? [] : result.errors.map(formatRowError)
}

/** The accounts as the import command reads them (its own columns). */
export async function storedAccounts(): Promise<StoredAccount[]> {
  return db.select(storedAccountColumns).from(accounts).orderBy(asc(accounts.loginId))
}

/** An unexpired, unused initialized password of the account, to see an import revoke it. */
export const pendingInitializedPassword = (loginId: string) =>
  db.insert(initializedPasswords).values({
    id: 'ip1',
    loginId,
    passwordHash: 'h',
    issuedAt: 1,
    expiresAt: 9999999999999,
  })

/** Runs the plan's writes the way the command does: their SQL with the values written in. */
export const write = writeAsTheCommand

export async function importRows(rows: CsvRecord[], options = { deactivateMissing: false }) {
  const plan = await planImport(await storedAccounts(), accountsOf(HEADER, rows), {
    ...options,
    ...PLAN,
    now: Date.now(),
  })
  await write(plan.statements)
  await write(plan.auditStatements, env.AUDIT_DB)
  return plan
}
