// Three audit databases rotating (docs/decisions/034-audit-rotation.md): AUDIT_DB and the two
// empty D1 databases vitest.config.ts binds for these tests, bound here as AUDIT_DB_1 and
// AUDIT_DB_2, 50 days a period: (3 − 1) × 50 = 100 days, the 90 kept and 10 to spare, so the
// database of the next period is all past the 90 days 10 days before that period starts.
import { applyD1Migrations } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { DAY, T0 } from './fixtures'

export const PERIOD_DAYS = 50
export const PERIOD = PERIOD_DAYS * DAY

/** The settings of a deployment with three audit databases, for `testClient({ env })` or `{ ...env, … }`. */
export const rotatedBindings = (): Partial<Env> =>
  ({
    AUDIT_DB_1: env.TEST_AUDIT_DB_1,
    AUDIT_DB_2: env.TEST_AUDIT_DB_2,
    AUDIT_PERIOD_DAYS: String(PERIOD_DAYS),
  }) as Partial<Env>

/** The three databases in slot order, with their bindings' names. */
export const rotatedDatabases = (): Array<{ binding: string; d1: D1Database }> => [
  { binding: 'AUDIT_DB', d1: env.AUDIT_DB },
  { binding: 'AUDIT_DB_1', d1: env.TEST_AUDIT_DB_1 },
  { binding: 'AUDIT_DB_2', d1: env.TEST_AUDIT_DB_2 },
]

/** The period's number that T0 falls in; periods start at 00:00 UTC every 50 days from the epoch. */
const T0_PERIOD = Math.floor(T0 / PERIOD)

/** A time `offset` into the period `periods` after T0's (before, if negative). */
export const inPeriod = (periods: number, offset = 0): number =>
  (T0_PERIOD + periods) * PERIOD + offset

/** The database (slot) that period is written to. */
export const slotOf = (at: number): number => Math.floor(at / PERIOD) % 3

/** The database in slot `slot`, with its binding's name. */
export function rotatedDatabase(slot: number): { binding: string; d1: D1Database } {
  const found = rotatedDatabases()[slot]
  if (!found) throw new Error(`no audit database in slot ${slot}`)
  return found
}

/** The database written in the period `periods` after T0's. */
export const databaseOfPeriod = (periods: number) => rotatedDatabase(slotOf(inPeriod(periods)))

/**
 * The extra databases migrated (each test file starts from empty storage: test/setup/) and all
 * three emptied, their AUTOINCREMENT sequences with them.
 */
export async function resetRotatedDatabases(): Promise<void> {
  for (const { binding, d1 } of rotatedDatabases()) {
    if (binding !== 'AUDIT_DB') await applyD1Migrations(d1, env.TEST_AUDIT_MIGRATIONS)
    await d1.batch([
      d1.prepare('DELETE FROM audit_events'),
      d1.prepare('DELETE FROM refused_submissions'),
      d1.prepare('DELETE FROM sqlite_sequence'),
    ])
  }
}

/** One database's audit rows, oldest id first: id, request ID and time. */
export async function auditRowsIn(
  d1: D1Database,
): Promise<Array<{ id: number; requestId: string; occurredAt: number }>> {
  const { results } = await d1
    .prepare('SELECT id, request_id, occurred_at FROM audit_events ORDER BY id')
    .all<{ id: number; request_id: string; occurred_at: number }>()
  return results.map((row) => ({
    id: row.id,
    requestId: row.request_id,
    occurredAt: row.occurred_at,
  }))
}

/** How many audit rows each of the three databases holds, in slot order. */
export const rowCounts = async (): Promise<number[]> =>
  Promise.all(rotatedDatabases().map(async ({ d1 }) => (await auditRowsIn(d1)).length))

/** Writes an audit row straight into a database, as a period's write would have (id given). */
export async function seedAuditRow(
  d1: D1Database,
  row: {
    id?: number
    occurredAt: number
    requestId: string
    loginId?: string
    clientHash?: string
  },
): Promise<void> {
  await d1
    .prepare(
      'INSERT INTO audit_events (id, occurred_at, procedure, outcome, login_id, client_hash, country, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .bind(
      row.id ?? null,
      row.occurredAt,
      'password_initialization',
      'no_match',
      row.loginId ?? null,
      row.clientHash ?? null,
      'JP',
      row.requestId,
    )
    .run()
}
