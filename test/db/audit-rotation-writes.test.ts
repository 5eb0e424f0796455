// Where audit rows go with several audit databases (docs/decisions/034-audit-rotation.md): the
// database of the period they are written in, with ids above every earlier period's; and with
// AUDIT_DB alone, AUDIT_DB as before.
import { beforeEach, describe, expect, it } from 'vitest'
import {
  auditRowsIn,
  inPeriod,
  resetRotatedDatabases,
  rotatedBindings,
  rotatedDatabase,
  rotatedDatabases,
  rowCounts,
  seedAuditRow,
  slotOf,
} from '../support/audit-rotation'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { HOUR, TARO } from '../support/fixtures'

beforeEach(async () => {
  await resetToDemoAccounts()
  await resetRotatedDatabases()
})

/** Row counts with `count` at `slot` and none elsewhere. */
const only = (slot: number, count: number) => [0, 1, 2].map((one) => (one === slot ? count : 0))

describe('with three audit databases', () => {
  it("writes a submission's audit row to its period's database only", async () => {
    const client = testClient({ env: rotatedBindings() })
    client.clock.now = inPeriod(1, 3 * HOUR)
    expect((await client.postForm('/password/initialize', TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    expect(await rowCounts()).toEqual(only(slotOf(client.clock.now), 1))
  })

  it('moves to the next database at the period boundary, to the millisecond', async () => {
    const client = testClient({ env: rotatedBindings() })
    client.clock.now = inPeriod(1) - 1
    await client.postForm('/password/initialize', TARO)
    client.clock.now = inPeriod(1)
    await client.postForm('/password/initialize', { ...TARO, name: 'Jiro KOKU' })
    const before = slotOf(inPeriod(1) - 1)
    const after = slotOf(inPeriod(1))
    expect(after).not.toBe(before)
    expect((await auditRowsIn(rotatedDatabase(before).d1)).map((row) => row.occurredAt)).toEqual([
      inPeriod(1) - 1,
    ])
    expect((await auditRowsIn(rotatedDatabase(after).d1)).map((row) => row.occurredAt)).toEqual([
      inPeriod(1),
    ])
  })

  it('gives each period ids above every earlier period, in whichever database', async () => {
    const client = testClient({ env: rotatedBindings() })
    const ids: number[] = []
    // Four periods: the fourth writes to the first one's database again.
    for (const period of [0, 1, 2, 3]) {
      client.clock.now = inPeriod(period, HOUR)
      await client.postForm('/password/initialize', { ...TARO, name: `Person ${period}` })
      const rows = await auditRowsIn(rotatedDatabase(slotOf(client.clock.now)).d1)
      ids.push(rows.at(-1)?.id ?? 0)
    }
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(4)
    expect(slotOf(inPeriod(3))).toBe(slotOf(inPeriod(0)))
  })

  it('numbers a reused database above the rows it held from before the rotation', async () => {
    // A deployment that had AUDIT_DB alone: its rows carry SQLite's own small ids.
    await seedAuditRow(rotatedDatabase(0).d1, {
      occurredAt: inPeriod(-1),
      requestId: 'before-rotation',
    })
    const client = testClient({ env: rotatedBindings() })
    const period = [0, 1, 2].find((one) => slotOf(inPeriod(one)) === 0) ?? 0
    client.clock.now = inPeriod(period, HOUR)
    await client.postForm('/password/initialize', TARO)
    const [old, written] = await auditRowsIn(rotatedDatabase(0).d1)
    expect(old?.id).toBe(1)
    expect(written?.id).toBeGreaterThan(1_000_000_000_000)
  })

  it("counts refused submissions in the period's database", async () => {
    const client = testClient({ env: rotatedBindings() })
    client.clock.now = inPeriod(2, HOUR)
    const response = await client.postForm('/password/initialize', { ...TARO, loginId: 'abc' })
    expect(response.status).toBe(422)
    const counts = await Promise.all(
      rotatedDatabases().map(
        async ({ d1 }) =>
          (await d1.prepare('SELECT count(*) AS n FROM refused_submissions').first<{ n: number }>())
            ?.n,
      ),
    )
    expect(counts).toEqual(only(slotOf(client.clock.now), 1))
  })
})

describe('with AUDIT_DB alone (no AUDIT_DB_1 bound)', () => {
  it('writes every row to AUDIT_DB with SQLite’s own ids, whatever the date', async () => {
    const client = testClient()
    for (const period of [0, 1, 2]) {
      client.clock.now = inPeriod(period, HOUR)
      await client.postForm('/password/initialize', { ...TARO, name: `Person ${period}` })
    }
    expect((await auditRowsIn(rotatedDatabase(0).d1)).map((row) => row.id)).toEqual([1, 2, 3])
    expect(await rowCounts()).toEqual([3, 0, 0])
  })
})
