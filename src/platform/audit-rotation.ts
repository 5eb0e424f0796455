// The audit trail's databases (docs/capacity.md#rotation, docs/decisions/034-audit-rotation.md):
// `AUDIT_DB` alone, or `AUDIT_DB` and `AUDIT_DB_1` … `AUDIT_DB_<n>`, each written for one period of
// `AUDIT_PERIOD_DAYS` in turn. Pure arithmetic on the clock and the bindings' names; no D1 call.

/** docs/contract.md#security-baseline: audit events are kept for 90 days. */
export const AUDIT_RETENTION_DAYS = 90
const DAY_MS = 24 * 60 * 60 * 1000
/** The first binding, the only one of a deployment without rotation. */
export const FIRST_AUDIT_BINDING = 'AUDIT_DB'
/** D1's own cap is far higher; this keeps each database's ids apart within a period (below). */
export const MAX_AUDIT_DATABASES = 50
/** The ids a database's period gives it: [floor + 1, floor + IDS_PER_DATABASE]. */
const IDS_PER_DATABASE = 1_000_000_000

export interface AuditRotation {
  /** The bindings in slot order: `AUDIT_DB`, `AUDIT_DB_1`, … */
  bindings: readonly string[]
  /** The length of a period; null with one database (no rotation). */
  periodMs: number | null
}

const numbered = /^AUDIT_DB_(.*)$/

const isD1 = (value: unknown): value is D1Database =>
  typeof value === 'object' && value !== null && typeof Reflect.get(value, 'prepare') === 'function'

/** The numbered bindings' numbers, checked: 1, 2, … without a gap. */
function numberedBindings(env: Record<string, unknown>): string[] {
  const numbers: number[] = []
  for (const name of Object.keys(env)) {
    const suffix = numbered.exec(name)?.[1]
    if (suffix === undefined || env[name] === undefined) continue
    const number = Number(suffix)
    if (!/^[1-9][0-9]*$/.test(suffix) || number >= MAX_AUDIT_DATABASES) {
      throw new Error(
        `${name}: an extra audit database is bound as AUDIT_DB_1 to AUDIT_DB_${MAX_AUDIT_DATABASES - 1}`,
      )
    }
    if (!isD1(env[name])) throw new Error(`${name} must be a D1 database binding`)
    numbers.push(number)
  }
  numbers.sort((a, b) => a - b)
  numbers.forEach((number, index) => {
    if (number !== index + 1) {
      throw new Error(
        `AUDIT_DB_${number} is bound but AUDIT_DB_${index + 1} is not: number the audit databases from AUDIT_DB_1 without a gap`,
      )
    }
  })
  return numbers.map((number) => `AUDIT_DB_${number}`)
}

/** `AUDIT_PERIOD_DAYS`: empty (one database), else whole days that keep the 90 days in n − 1 databases. */
function periodDays(value: unknown, databases: number): number | null {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') {
    if (databases === 1) return null
    throw new Error(
      `AUDIT_PERIOD_DAYS must be set when ${databases} audit databases are bound (docs/operations.md#rotating-audit-databases)`,
    )
  }
  const days = Number(text)
  if (!/^[1-9][0-9]{0,2}$/.test(text) || days > 366) {
    throw new Error('AUDIT_PERIOD_DAYS must be a whole number of days from 1 to 366, or empty')
  }
  if (databases > 1 && (databases - 1) * days < AUDIT_RETENTION_DAYS) {
    throw new Error(
      `AUDIT_PERIOD_DAYS=${days} with ${databases} audit databases keeps ${(databases - 1) * days} days besides the current period, fewer than the ${AUDIT_RETENTION_DAYS} days kept: bind more databases or lengthen the period`,
    )
  }
  return days
}

function parseAuditRotation(bindings: Record<string, unknown>): AuditRotation {
  if (!isD1(bindings[FIRST_AUDIT_BINDING])) {
    throw new Error(`${FIRST_AUDIT_BINDING} must be a D1 database binding`)
  }
  const names = [FIRST_AUDIT_BINDING, ...numberedBindings(bindings)]
  const days = periodDays(bindings.AUDIT_PERIOD_DAYS, names.length)
  return { bindings: names, periodMs: names.length === 1 || days === null ? null : days * DAY_MS }
}

const parsed = new WeakMap<object, AuditRotation>()

/**
 * The audit databases the Worker's bindings and settings configure (read through config.ts);
 * throws on a gap, a stray name or a bad period.
 */
export function auditRotation(bindings: Record<string, unknown>): AuditRotation {
  let rotation = parsed.get(bindings)
  if (!rotation) {
    rotation = parseAuditRotation(bindings)
    parsed.set(bindings, rotation)
  }
  return rotation
}

/** The number of the period `at` falls in, counted from the Unix epoch (periods start at 00:00 UTC). */
const periodOf = (periodMs: number, at: number) => Math.floor(at / periodMs)

/** The slot (index into `bindings`) written at `at`: the period's number modulo their count. */
export function writtenSlot(rotation: AuditRotation, at: number): number {
  if (rotation.periodMs === null) return 0
  return periodOf(rotation.periodMs, at) % rotation.bindings.length
}

/**
 * With rotation, the id a database's rows of the period of `at` start above: the period's start in
 * ms × 1,000, plus a billion per slot. Ids then grow with time across every database, so one
 * account's history merges by id (src/db/account-history-query.ts), and two databases never share
 * an id. Null without rotation: ids are SQLite's own, as always.
 */
export function auditIdFloor(rotation: AuditRotation, at: number): number | null {
  if (rotation.periodMs === null) return null
  const start = periodOf(rotation.periodMs, at) * rotation.periodMs
  return start * 1000 + writtenSlot(rotation, at) * IDS_PER_DATABASE
}

/**
 * The SQL that moves an audit database's AUTOINCREMENT past `floor` before its period's first row
 * (the Worker runs it in the batch of every audit write with rotation, the commands before theirs);
 * it writes nothing once the sequence is there. Integers written in: D1 binds a JS number as REAL.
 */
export function auditIdFloorSql(floor: number): string[] {
  const seq = Math.trunc(floor)
  return [
    `UPDATE sqlite_sequence SET seq = ${seq} WHERE name = 'audit_events' AND seq < ${seq}`,
    `INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_events', ${seq} WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_events')`,
  ]
}
