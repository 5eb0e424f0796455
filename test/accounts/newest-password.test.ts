import { env } from 'cloudflare:workers'
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { verifyChosenPassword } from '../../src/credentials/chosen-password'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import { accounts, passwordChangeFailures } from '../../src/db/schema'
import { auditEvents } from '../../src/db/schema/audit-tables'
import {
  errorsOf,
  HEADER,
  importRows,
  pendingInitializedPassword,
  row,
  storedAccounts,
} from '../support/accounts-import'
import { resetToDemoAccounts } from '../support/demo'
import { TARO_CSV } from '../support/import-command'
import { auditDb, db, initializedPasswordRows } from '../support/rows'

beforeEach(async () => {
  await resetToDemoAccounts()
})

describe('the newest password wins, whoever set it', () => {
  const taro = TARO_CSV
  const taroWithHash = (changedAt: string) =>
    row(2, { ...taro, password_hash: DEMO_PASSWORD_HASH, password_changed_at: changedAt })

  it('keeps a hash set here later than the file’s ("kept: newer here"), writing and auditing nothing', async () => {
    const here = Date.parse('2026-12-01T00:00:00Z')
    await db
      .update(accounts)
      .set({ passwordHash: '$argon2id$set-here', passwordChangedAt: here })
      .where(eq(accounts.loginId, '123456789'))
    const plan = await importRows([taroWithHash('2026-11-30T00:00:00Z')])
    expect(plan.counts).toEqual({ new: 0, changed: 0, unchanged: 1, closed: 0, keptNewerHere: 1 })
    expect(plan.statements).toEqual([])
    const [stored] = (await storedAccounts()).filter((a) => a.loginId === '123456789')
    expect(stored).toMatchObject({ passwordHash: '$argon2id$set-here', passwordChangedAt: here })
  })

  it('applies a newer hash wrapped, revokes, clears failures and suspension, and audits the fields', async () => {
    await pendingInitializedPassword('123456789')
    await db
      .update(accounts)
      .set({
        passwordChangedAt: Date.parse('2026-11-01T00:00:00Z'),
        failedPasswordTries: 100,
        currentPasswordSuspendedAt: 1,
      })
      .where(eq(accounts.loginId, '123456789'))
    await db.insert(passwordChangeFailures).values({ id: 'f1', loginId: '123456789', failedAt: 1 })
    const plan = await importRows([
      row(2, {
        ...taro,
        email: 'taro@example.net',
        password_hash: DEMO_PASSWORD_HASH,
        password_changed_at: '2026-11-30T09:00:00+09:00',
      }),
    ])
    expect(plan.counts).toEqual({ new: 0, changed: 1, unchanged: 0, closed: 0, keptNewerHere: 0 })
    const [stored] = await db.select().from(accounts).where(eq(accounts.loginId, '123456789'))
    expect(stored?.passwordHash).toMatch(/^\$argon2id-pbkdf2-sha256\$/)
    expect(stored).toMatchObject({
      passwordChangedAt: Date.parse('2026-11-30T00:00:00Z'),
      failedPasswordTries: 0,
      currentPasswordSuspendedAt: null,
    })
    expect(
      await verifyChosenPassword(DEMO_PASSWORD, stored?.passwordHash ?? '', env.PASSWORD_PEPPER),
    ).toMatchObject({ valid: true })
    expect(await db.select().from(passwordChangeFailures)).toEqual([])
    expect((await initializedPasswordRows())[0]?.revokedAt).not.toBeNull()
    const audits = await auditDb.select().from(auditEvents)
    expect(audits).toEqual([
      expect.objectContaining({
        procedure: 'account_import',
        outcome: 'changed',
        loginId: '123456789',
        requestId: 'import:test-run:123456789',
        changedFields: 'contactEmail,passwordHash',
      }),
    ])
    expect(JSON.stringify(audits)).not.toMatch(/example\.net|pbkdf2/)
  })

  it('needs password_changed_at with password_hash; without a hash it is information only', () => {
    expect(errorsOf(HEADER, [row(2, { ...taro, password_hash: DEMO_PASSWORD_HASH })])).toEqual([
      'line 2, password_changed_at: required with password_hash: the ISO 8601 time it was set',
    ])
    expect(errorsOf(HEADER, [taroWithHash('yesterday')]).map((e) => e.replace(/:.*/, ''))).toEqual([
      'line 2, password_changed_at',
    ])
    expect(errorsOf(HEADER, [row(2, { ...taro, password_changed_at: 'anything' })])).toEqual([])
  })
})
