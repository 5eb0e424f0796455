import { beforeEach, describe, expect, it } from 'vitest'
import { planImport } from '../../src/accounts/import-plan'
import { inlineStatement } from '../../src/accounts/sql-text'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import {
  accountsOf,
  CHANGED_AT,
  HEADER,
  ICHIRO,
  importRows,
  PLAN,
  pendingInitializedPassword,
  row,
  storedAccounts,
} from '../support/accounts-import'
import { resetToDemoAccounts } from '../support/demo'
import { TARO_CSV } from '../support/import-command'
import { initializedPasswordRows } from '../support/rows'

beforeEach(async () => {
  await resetToDemoAccounts()
})

describe('importing', () => {
  it('writes new accounts, then finds the same file unchanged and writes nothing', async () => {
    const rows = [
      row(2, { ...ICHIRO, password_hash: DEMO_PASSWORD_HASH, password_changed_at: CHANGED_AT }),
      row(3, { ...ICHIRO, login_id: '100000002', email: 'two@example.com' }),
      row(4, {
        ...ICHIRO,
        login_id: '123456789',
        given_name: 'Taro',
        family_name: 'Koku',
        phone: '090-1234-5678',
        email: 'taro.koku@example.com',
      }),
    ]
    const first = await importRows(rows)
    expect(first.counts).toEqual({ new: 2, changed: 0, unchanged: 1, closed: 0, keptNewerHere: 0 })
    const stored = await storedAccounts()
    expect(stored.find((a) => a.loginId === '100000001')).toMatchObject({
      contactPhone: '+819022223333',
      // Stored wrapped: peppered Argon2id over the PBKDF2 output.
      passwordHash: expect.stringMatching(/^\$argon2id-pbkdf2-sha256\$/),
      status: 'active',
      locale: 'ja',
    })
    expect(stored.find((a) => a.loginId === '100000002')?.passwordHash).toBeNull()

    const again = await planImport(await storedAccounts(), accountsOf(HEADER, rows), {
      ...PLAN,
      deactivateMissing: false,
      now: Date.now(),
    })
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 3, closed: 0, keptNewerHere: 0 })
    expect(again.statements).toEqual([])
    expect(again.auditStatements).toEqual([])
  })

  it('counts a changed account, keeps its hash when the cell is empty, and revokes on a new contact', async () => {
    await pendingInitializedPassword('123456789')
    const taro = TARO_CSV
    const localeOnly = await importRows([row(2, { ...taro, locale: 'en' })])
    expect(localeOnly.counts).toEqual({
      new: 0,
      changed: 1,
      unchanged: 0,
      closed: 0,
      keptNewerHere: 0,
    })
    expect((await initializedPasswordRows())[0]?.revokedAt).toBeNull()
    const [stored] = (await storedAccounts()).filter((a) => a.loginId === '123456789')
    expect(stored).toMatchObject({ locale: 'en', passwordHash: DEMO_PASSWORD_HASH })

    await importRows([row(2, { ...taro, locale: 'en', email: 'taro@example.net' })])
    expect((await initializedPasswordRows())[0]).toMatchObject({
      revokedReason: 'contact_changed',
      revokedAt: expect.any(Number),
    })
  })

  it('with --deactivate-missing closes the accounts absent from the file and revokes their passwords', async () => {
    await pendingInitializedPassword('555000111')
    const plan = await importRows([row(2, ICHIRO)], { deactivateMissing: true })
    // Six demo accounts, none in the file.
    expect(plan.counts).toEqual({ new: 1, changed: 0, unchanged: 0, closed: 6, keptNewerHere: 0 })
    const statuses = Object.fromEntries((await storedAccounts()).map((a) => [a.loginId, a.status]))
    expect(statuses).toEqual({
      '100000001': 'active',
      '123456789': 'closed',
      '321654987': 'closed',
      '444000222': 'closed',
      '555000111': 'closed',
      '987654321': 'closed',
      '987654322': 'closed',
    })
    expect((await initializedPasswordRows())[0]?.revokedReason).toBe('account_closed')
    const again = await importRows([row(2, ICHIRO)], { deactivateMissing: true })
    expect(again.counts).toEqual({ new: 0, changed: 0, unchanged: 1, closed: 0, keptNewerHere: 0 })
    expect(again.statements).toEqual([])
    expect(again.auditStatements).toEqual([])
  })

  it("keeps every statement under D1's 100 KB, also with long names in kanji", async () => {
    const long = '髙'.repeat(49)
    const rows = Array.from({ length: 450 }, (_, i) =>
      row(i + 2, {
        ...ICHIRO,
        login_id: String(300_000_000 + i),
        kind: 'organization',
        organization_name: '株'.repeat(200),
        given_name: long,
        family_name: long,
        password_hash: DEMO_PASSWORD_HASH,
        password_changed_at: CHANGED_AT,
      }),
    )
    const plan = await planImport([], accountsOf(HEADER, rows), {
      deactivateMissing: false,
      now: 1,
      runId: 'test-run',
      // As long as a wrapped hash (about 170 characters), without 450 Argon2id runs.
      wrap: async () => 'w'.repeat(180),
    })
    expect(plan.counts.new).toBe(450)
    expect(plan.statements.length).toBeGreaterThan(3)
    for (const statement of [...plan.statements, ...plan.auditStatements]) {
      expect(new TextEncoder().encode(inlineStatement(statement)).length).toBeLessThan(100_000)
    }
  })

  it('writes nothing on a dry run: the plan alone changes no row', async () => {
    const before = await storedAccounts()
    const plan = await planImport(before, accountsOf(HEADER, [row(2, ICHIRO)]), {
      ...PLAN,
      deactivateMissing: true,
      now: Date.now(),
    })
    expect(plan.counts).toEqual({ new: 1, changed: 0, unchanged: 0, closed: 6, keptNewerHere: 0 })
    expect(await storedAccounts()).toEqual(before)
  })
})
