import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { EXPORT_COLUMNS, exportCells, exportCsv, neutralize } from '../../src/accounts/csv-export'
import { unneutralize } from '../../src/accounts/csv-rows'
import { planImport } from '../../src/accounts/import-plan'
import { accounts } from '../../src/db/schema'
import { accountsOf, PLAN, storedAccounts } from '../support/accounts-import'
import { resetToDemoAccounts } from '../support/demo'
import { db } from '../support/rows'

beforeEach(async () => {
  await resetToDemoAccounts()
})

describe('exporting', () => {
  it('writes the import columns without password_hash, phones as national number and country', async () => {
    const csv = exportCsv(await storedAccounts())
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe(`\uFEFF${EXPORT_COLUMNS.join(',')}`)
    expect(lines[0]).not.toContain('password_hash')
    expect(csv).not.toContain('pbkdf2')
    expect(lines).toContain(
      // The last two cells: when the password was set, and when mail to the address bounced hard
      // (empty: unknown, never).
      '987654321,organization,active,ja,"Example Trading Co., Ltd.",Hanako,Sora,03-1234-5678,JP,it-admin@example.co.jp,,',
    )
    expect(lines).toContain(
      '555000111,individual,active,en,,Jane,Doe,(415) 555-0123,US,jane.doe@example.org,,',
    )
  })

  it('neutralizes cells a spreadsheet would run as a formula, and the import takes it off', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "'=already"]) {
      expect(neutralize(cell)).toBe(`'${cell}`)
      expect(unneutralize(neutralize(cell))).toBe(cell)
    }
    for (const cell of ['Taro', "O'Brien", "'quoted", '090-1234-5678', '']) {
      expect(neutralize(cell)).toBe(cell)
      expect(unneutralize(cell)).toBe(cell)
    }
  })

  it('round-trips: an exported account imports back unchanged, a formula-like name included', async () => {
    await db
      .update(accounts)
      .set({ contactGivenName: '=HYPERLINK("x")', contactPhone: '+80012345678' })
      .where(eq(accounts.loginId, '555000111'))
    const stored = await storedAccounts()
    const header = { line: 1, cells: [...EXPORT_COLUMNS] }
    // The cells as the file holds them (csvLine neutralizes each one).
    const rows = stored.map((account, i) => ({
      line: i + 2,
      cells: exportCells(account).map(neutralize),
    }))
    const jane = rows.find((r) => r.cells[0] === '555000111')
    expect(jane?.cells).toContain('\'=HYPERLINK("x")')
    // A non-geographic number has no country to write a national number for: E.164, neutralized.
    expect(jane?.cells).toContain("'+80012345678")
    const plan = await planImport(stored, accountsOf(header, rows), {
      ...PLAN,
      deactivateMissing: true,
      now: Date.now(),
    })
    expect(plan.counts).toEqual({
      new: 0,
      changed: 0,
      unchanged: stored.length,
      closed: 0,
      keptNewerHere: 0,
    })
  })
})
