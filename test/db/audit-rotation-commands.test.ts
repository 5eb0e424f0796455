// The commands that write or read the audit trail (`npm run accounts`, `npm run
// api-key`) find the audit databases as the Worker does (scripts/support/audit-databases.ts).
import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  auditDatabasesFor,
  auditWriteTarget,
  d1Bindings,
} from '../../scripts/support/audit-databases'
import { auditIdFloor } from '../../src/platform/audit-rotation'
import toml from '../../wrangler.toml?raw'
import { auditRowsIn, inPeriod, resetRotatedDatabases, slotOf } from '../support/audit-rotation'
import { HOUR } from '../support/fixtures'

beforeEach(resetRotatedDatabases)

/** wrangler.toml with AUDIT_DB_1 and AUDIT_DB_2 added after AUDIT_DB, and a period of `days`. */
const rotatedToml = (days: string, extra = ['AUDIT_DB_1', 'AUDIT_DB_2']) =>
  toml
    .replace('AUDIT_PERIOD_DAYS = ""', `AUDIT_PERIOD_DAYS = "${days}"`)
    .replace(
      'migrations_dir = "migrations-audit"',
      [
        'migrations_dir = "migrations-audit"',
        ...extra.map(
          (binding) =>
            `\n[[d1_databases]]\nbinding = "${binding}"\ndatabase_name = "x-${binding}"\ndatabase_id = "0"\nmigrations_dir = "migrations-audit"`,
        ),
      ].join('\n'),
    )

describe('the audit databases as the commands read wrangler.toml', () => {
  it("are AUDIT_DB alone in this repository's wrangler.toml: written as before", () => {
    expect(d1Bindings(toml)).toEqual(['DB', 'AUDIT_DB'])
    const rotation = auditDatabasesFor({ wranglerToml: toml, periodDays: undefined })
    expect(rotation.bindings).toEqual(['AUDIT_DB'])
    expect(auditWriteTarget(rotation, inPeriod(1))).toEqual({ binding: 'AUDIT_DB', before: [] })
  })

  it("write to the period's binding, after the id floor, with AUDIT_DB_1 and AUDIT_DB_2 bound", async () => {
    const rotation = auditDatabasesFor({ wranglerToml: rotatedToml('50'), periodDays: undefined })
    expect(rotation.bindings).toEqual(['AUDIT_DB', 'AUDIT_DB_1', 'AUDIT_DB_2'])
    const at = inPeriod(1, HOUR)
    const target = auditWriteTarget(rotation, at)
    expect(target.binding).toBe(['AUDIT_DB', 'AUDIT_DB_1', 'AUDIT_DB_2'][slotOf(at)])
    // Run as the command runs it, on the database bound there in these tests.
    const d1 = [env.AUDIT_DB, env.TEST_AUDIT_DB_1, env.TEST_AUDIT_DB_2][slotOf(at)] as D1Database
    await d1.batch(
      [
        ...target.before,
        `INSERT INTO audit_events (occurred_at, procedure, outcome, request_id) VALUES (${at}, 'api_key', 'created', 'cli_1')`,
      ].map((text) => d1.prepare(text)),
    )
    const [row] = await auditRowsIn(d1)
    expect(row?.id).toBe((auditIdFloor(rotation, at) ?? 0) + 1)
  })

  it('take AUDIT_PERIOD_DAYS from the environment first, and refuse what the Worker refuses', () => {
    const fromEnv = auditDatabasesFor({ wranglerToml: rotatedToml('50'), periodDays: '60' })
    expect(fromEnv.periodMs).toBe(60 * 24 * HOUR)
    expect(() => auditDatabasesFor({ wranglerToml: rotatedToml(''), periodDays: '' })).toThrow(
      'AUDIT_PERIOD_DAYS must be set when 3 audit databases are bound',
    )
    expect(() =>
      auditDatabasesFor({ wranglerToml: rotatedToml('90', ['AUDIT_DB_2']), periodDays: '' }),
    ).toThrow('AUDIT_DB_2 is bound but AUDIT_DB_1 is not')
  })
})
