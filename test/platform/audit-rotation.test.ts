// The audit databases' settings (src/platform/audit-rotation.ts, docs/operations.md#rotating-audit-databases):
// AUDIT_DB alone as before, or numbered extras with a period, checked when the settings are read.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import {
  auditIdFloor,
  auditRotation,
  FIRST_AUDIT_BINDING,
  writtenSlot,
} from '../../src/platform/audit-rotation'
import { readConfig } from '../../src/platform/config'
import { inPeriod, PERIOD, rotatedBindings } from '../support/audit-rotation'
import { testClient } from '../support/client'
import { T0 } from '../support/fixtures'

/** The settings of these bindings with the given ones changed (a new object: parsed anew). */
const configWith = (settings: Record<string, unknown>) => () =>
  readConfig({ ...env, ...settings } as Env)

describe('one audit database (the default configuration)', () => {
  it('is AUDIT_DB alone, without a period: every row there, ids as SQLite gives them', () => {
    const rotation = readConfig({ ...env } as Env).auditRotation
    expect(rotation).toEqual({ bindings: [FIRST_AUDIT_BINDING], periodMs: null })
    expect(writtenSlot(rotation, T0)).toBe(0)
    expect(auditIdFloor(rotation, T0)).toBeNull()
  })

  it('ignores a valid AUDIT_PERIOD_DAYS and refuses a malformed one', () => {
    expect(configWith({ AUDIT_PERIOD_DAYS: '15' })().auditRotation.periodMs).toBeNull()
    expect(configWith({ AUDIT_PERIOD_DAYS: 'two weeks' })).toThrow(
      'AUDIT_PERIOD_DAYS must be a whole number of days from 1 to 366, or empty',
    )
  })
})

describe('several audit databases', () => {
  it('are AUDIT_DB then AUDIT_DB_1, AUDIT_DB_2 in slot order, one period each in turn', () => {
    const rotation = configWith(rotatedBindings())().auditRotation
    expect(rotation).toEqual({
      bindings: ['AUDIT_DB', 'AUDIT_DB_1', 'AUDIT_DB_2'],
      periodMs: PERIOD,
    })
    const slots = [0, 1, 2, 3].map((periods) => writtenSlot(rotation, inPeriod(periods)))
    expect(new Set(slots.slice(0, 3)).size).toBe(3)
    expect(slots[3]).toBe(slots[0])
    // A period's last millisecond and the next one's first: two databases.
    expect(writtenSlot(rotation, inPeriod(1) - 1)).toBe(slots[0])
    expect(writtenSlot(rotation, inPeriod(1))).toBe(slots[1])
  })

  it('give each period and database ids above the last period of every database', () => {
    const rotation = configWith(rotatedBindings())().auditRotation
    const floors = [0, 1, 2, 3].map((periods) => auditIdFloor(rotation, inPeriod(periods)) ?? 0)
    expect(floors).toEqual([...floors].sort((a, b) => a - b))
    expect(new Set(floors).size).toBe(4)
    // Within JavaScript's exact integers, and within the history cursor's 16 digits.
    expect(Number.isSafeInteger(floors[3])).toBe(true)
    expect(String(floors[3])).toMatch(/^[1-9][0-9]{0,15}$/)
    // The same within a period.
    expect(auditIdFloor(rotation, inPeriod(2, PERIOD - 1))).toBe(floors[2])
  })

  it('must be numbered from AUDIT_DB_1 without a gap', () => {
    expect(configWith({ ...rotatedBindings(), AUDIT_DB_1: undefined })).toThrow(
      'AUDIT_DB_2 is bound but AUDIT_DB_1 is not: number the audit databases from AUDIT_DB_1 without a gap',
    )
    expect(configWith({ AUDIT_DB_2: env.TEST_AUDIT_DB_2, AUDIT_PERIOD_DAYS: '90' })).toThrow(
      'AUDIT_DB_2 is bound but AUDIT_DB_1 is not',
    )
  })

  it.each(['AUDIT_DB_0', 'AUDIT_DB_01', 'AUDIT_DB_X', 'AUDIT_DB_50'])(
    'refuse the binding name %s',
    (name) => {
      expect(configWith({ [name]: env.TEST_AUDIT_DB_1, AUDIT_PERIOD_DAYS: '90' })).toThrow(
        `${name}: an extra audit database is bound as AUDIT_DB_1 to AUDIT_DB_49`,
      )
    },
  )

  it('must be D1 databases, AUDIT_DB among them', () => {
    expect(configWith({ AUDIT_DB_1: 'a-database-id', AUDIT_PERIOD_DAYS: '90' })).toThrow(
      'AUDIT_DB_1 must be a D1 database binding',
    )
    expect(configWith({ ...rotatedBindings(), AUDIT_DB: undefined })).toThrow(
      'AUDIT_DB must be a D1 database binding',
    )
  })

  it('need AUDIT_PERIOD_DAYS, a whole number of days', () => {
    expect(configWith({ ...rotatedBindings(), AUDIT_PERIOD_DAYS: '' })).toThrow(
      'AUDIT_PERIOD_DAYS must be set when 3 audit databases are bound',
    )
    for (const days of ['0', '45.5', '-45', '1e2', '367', 'forty-five']) {
      expect(configWith({ ...rotatedBindings(), AUDIT_PERIOD_DAYS: days })).toThrow(
        'AUDIT_PERIOD_DAYS must be a whole number of days from 1 to 366, or empty',
      )
    }
  })

  it('must keep the 90 days in all databases but the one written', () => {
    expect(configWith({ ...rotatedBindings(), AUDIT_PERIOD_DAYS: '44' })).toThrow(
      'AUDIT_PERIOD_DAYS=44 with 3 audit databases keeps 88 days besides the current period, fewer than the 90 days kept',
    )
    expect(configWith({ ...rotatedBindings(), AUDIT_PERIOD_DAYS: '45' })).not.toThrow()
    expect(auditRotation({ ...env, ...rotatedBindings() }).periodMs).toBe(PERIOD)
  })

  it('make every request answer 500 when malformed, as the other settings do', async () => {
    const client = testClient({ env: { ...rotatedBindings(), AUDIT_PERIOD_DAYS: '7' } })
    expect((await client.request('/password/initialize')).status).toBe(500)
    expect((await client.request('/healthz')).status).toBe(500)
  })
})
