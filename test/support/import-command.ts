import { env } from 'cloudflare:workers'
import { asc } from 'drizzle-orm'
import { CSV_COLUMNS } from '../../src/accounts/csv-columns'
import { formatRowError, readAccountRows } from '../../src/accounts/csv-rows'
import { planImport } from '../../src/accounts/import-plan'
import { inlineStatement } from '../../src/accounts/sql-text'
import { type AccountWrite, storedAccountColumns } from '../../src/accounts/store'
import { wrapLegacyHash } from '../../src/credentials/chosen-password'
import { accounts } from '../../src/db/schema'
import { db } from './rows'

/** One CSV row of the import, by column name (empty cells left out). */
export type CsvCells = Partial<Record<(typeof CSV_COLUMNS)[number], string>>

/** Demo Taro as the system of record exports him, without a password hash. */
export const TARO_CSV = {
  login_id: '123456789',
  kind: 'individual',
  given_name: 'Taro',
  family_name: 'Koku',
  phone: '+819012345678',
  email: 'taro.koku@example.com',
} as const satisfies CsvCells

/**
 * Imports rows as `npm run accounts -- import` does, without the command: the rows checked, the
 * plan made against the stored accounts, its statements written out with literals and run in
 * one batch (a transaction) on the real local D1 (the command hands the same text to D1 through
 * scripts/support/d1.ts).
 */
export async function importCsvRows(
  rows: readonly CsvCells[],
  runId = 'test-run',
  /** Runs between the plan and its writes, as a change made here meanwhile would. */
  beforeWrite: () => Promise<void> = async () => {},
) {
  const checked = readAccountRows(
    { line: 1, cells: [...CSV_COLUMNS] },
    rows.map((cells, i) => ({ line: i + 2, cells: CSV_COLUMNS.map((c) => cells[c] ?? '') })),
  )
  if (!checked.ok) throw new Error(checked.errors.map(formatRowError).join('\n'))
  const stored = await db.select(storedAccountColumns).from(accounts).orderBy(asc(accounts.loginId))
  const plan = await planImport(stored, checked.accounts, {
    deactivateMissing: false,
    now: Date.now(),
    runId,
    wrap: async (hash) => (await wrapLegacyHash(hash, env.PASSWORD_PEPPER)) ?? '',
  })
  await beforeWrite()
  await writeAsTheCommand(plan.statements)
  await writeAsTheCommand(plan.auditStatements, env.AUDIT_DB)
  return plan
}

/**
 * Runs an import's writes as the command does: their SQL with the values written in, one batch;
 * the accounts' in DB, the audit rows (`auditStatements`) in AUDIT_DB after them.
 */
export async function writeAsTheCommand(
  statements: readonly AccountWrite[],
  d1: D1Database = env.DB,
): Promise<void> {
  if (statements.length === 0) return
  await d1.batch(statements.map((statement) => d1.prepare(inlineStatement(statement))))
}
