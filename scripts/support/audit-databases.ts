// The audit databases as the Worker sees them (docs/operations.md#rotating-audit-databases), for
// the commands that read or write the audit trail: the `AUDIT_DB…` bindings of
// wrangler.toml's [[d1_databases]] and AUDIT_PERIOD_DAYS, checked by the Worker's own parser.
// `projectAuditDatabases` reads the project's wrangler.toml; tests pass text to the rest.
import { readFileSync } from 'node:fs'
import {
  type AuditRotation,
  auditIdFloor,
  auditIdFloorSql,
  auditRotation,
  writtenSlot,
} from '../../src/platform/audit-rotation.ts'
import { localDatabaseIds } from './local-database-ids.ts'

/** The value of `NAME = "value"` in wrangler.toml's `[vars]` table, if it is there. */
function wranglerVar(toml: string, name: string): string | undefined {
  const vars = /^\[vars\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? ''
  return new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm').exec(vars)?.[1]
}

/** The `binding` of each [[d1_databases]] table of wrangler.toml, in order. */
export const d1Bindings = (toml: string): string[] => Object.keys(localDatabaseIds(toml))

/**
 * The audit databases of this wrangler.toml, AUDIT_PERIOD_DAYS taken from the environment, else
 * `[vars]`; throws the Worker's error for a configuration it would refuse.
 */
export function auditDatabasesFor(sources: {
  wranglerToml: string
  periodDays: string | undefined
}): AuditRotation {
  // The Worker's parser asks for D1 bindings; a stand-in with `prepare` is one here.
  const standIn = { prepare: () => undefined }
  const bindings = Object.fromEntries(
    d1Bindings(sources.wranglerToml)
      .filter((name) => /^AUDIT_DB(_|$)/.test(name))
      .map((name) => [name, standIn]),
  )
  const periodDays = sources.periodDays || wranglerVar(sources.wranglerToml, 'AUDIT_PERIOD_DAYS')
  return auditRotation({ ...bindings, AUDIT_PERIOD_DAYS: periodDays })
}

/**
 * The audit databases of the project's wrangler.toml, AUDIT_PERIOD_DAYS from the environment,
 * else `[vars]`; a configuration the Worker would refuse goes to `fail` with its message.
 */
export function projectAuditDatabases(fail: (message: string) => never): AuditRotation {
  try {
    return auditDatabasesFor({
      wranglerToml: readFileSync('wrangler.toml', 'utf8'),
      periodDays: process.env.AUDIT_PERIOD_DAYS,
    })
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

/**
 * Where a command writes audit rows at `now`: the binding of the period's database, and the SQL
 * to run first (the id floor with rotation, nothing without), as the Worker writes them.
 */
export function auditWriteTarget(
  rotation: AuditRotation,
  now: number,
): { binding: string; before: string[] } {
  const floor = auditIdFloor(rotation, now)
  return {
    binding: rotation.bindings[writtenSlot(rotation, now)] ?? 'AUDIT_DB',
    before: floor === null ? [] : auditIdFloorSql(floor),
  }
}
