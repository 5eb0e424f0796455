import { env } from 'cloudflare:workers'
import { asc, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { EXPORT_COLUMNS, exportCells, exportCsv, neutralize } from '../../src/accounts/csv-export'
import {
  CSV_COLUMNS,
  type CsvRecord,
  formatRowError,
  readAccountRows,
  unneutralize,
} from '../../src/accounts/csv-rows'
import { planImport } from '../../src/accounts/import-plan'
import type { AccountRecord } from '../../src/accounts/schema'
import {
  type AccountWrite,
  inlineStatement,
  type StoredAccount,
  storedAccountColumns,
} from '../../src/accounts/store'
import { verifyChosenPassword, wrapLegacyHash } from '../../src/credentials/chosen-password'
import { hashPassword } from '../../src/credentials/hash'
import { auditEvents } from '../../src/db/audit-schema'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import { accounts, initializedPasswords, passwordChangeFailures } from '../../src/db/schema'
import { resetToDemoAccounts } from '../support/demo'
import { auditDb, db, initializedPasswordRows } from '../support/rows'

const HEADER: CsvRecord = { line: 1, cells: [...CSV_COLUMNS] }

/** A data row by column name; the line is the row's index + 2 (after the header). */
const row = (line: number, cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) => ({
  line,
  cells: CSV_COLUMNS.map((column) => cells[column] ?? ''),
})

/** When the system of record set the rows' password hashes. */
const CHANGED_AT = '2026-11-30T00:00:00Z'

/** What the command passes beside the records: a run ID, and the Worker's own wrapping. */
const PLAN = {
  runId: 'test-run',
  wrap: async (hash: string) => (await wrapLegacyHash(hash, env.PASSWORD_PEPPER)) ?? '',
}

const ICHIRO = {
  login_id: '100000001',
  kind: 'individual',
  given_name: 'Ichiro',
  family_name: 'Suzuki',
  phone: '090-2222-3333',
  phone_country: 'JP',
  email: 'ichiro.suzuki@example.com',
}

/** Every row must be valid here; returns the records. */
function accountsOf(header: CsvRecord, rows: CsvRecord[]): AccountRecord[] {
  const result = readAccountRows(header, rows)
  if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'))
  return result.accounts
}

const errorsOf = (header: CsvRecord, rows: CsvRecord[]) => {
  const result = readAccountRows(header, rows)
  return result.ok ? [] : result.errors.map(formatRowError)
}

/** The accounts as the import command reads them (its own columns). */
async function storedAccounts(): Promise<StoredAccount[]> {
  return db.select(storedAccountColumns).from(accounts).orderBy(asc(accounts.loginId))
}

/** An unexpired, unused initialized password of the account, to see an import revoke it. */
const pendingInitializedPassword = (loginId: string) =>
  db.insert(initializedPasswords).values({
    id: 'ip1',
    loginId,
    passwordHash: 'h',
    issuedAt: 1,
    expiresAt: 9999999999999,
  })

/**
 * Runs the plan's writes the way the command does: their SQL with the values written in, the
 * accounts' in DB, then the audit rows in AUDIT_DB.
 */
async function write(statements: AccountWrite[], d1: D1Database = env.DB): Promise<void> {
  if (statements.length === 0) return
  await d1.batch(statements.map((statement) => d1.prepare(inlineStatement(statement))))
}

async function importRows(rows: CsvRecord[], options = { deactivateMissing: false }) {
  const plan = await planImport(await storedAccounts(), accountsOf(HEADER, rows), {
    ...options,
    ...PLAN,
    now: Date.now(),
  })
  await write(plan.statements)
  await write(plan.auditStatements, env.AUDIT_DB)
  return plan
}

beforeEach(async () => {
  await resetToDemoAccounts()
})

describe('checking the rows of a file', () => {
  it('normalizes like the forms: full-width digits, national phone with its country, defaults', () => {
    const [account] = accountsOf(HEADER, [
      row(2, {
        ...ICHIRO,
        login_id: '１０００００００１',
        phone: '０９０－２２２２－３３３３',
        phone_country: 'jp',
        given_name: 'Ｉｃｈｉｒｏ',
      }),
    ])
    expect(account).toEqual({
      loginId: '100000001',
      kind: 'individual',
      status: 'active',
      locale: 'ja',
      organizationName: null,
      contactGivenName: 'Ichiro',
      contactFamilyName: 'Suzuki',
      contactPhone: '+819022223333',
      contactEmail: 'ichiro.suzuki@example.com',
      passwordHash: undefined,
    })
  })

  it('takes E.164 without a country, and the columns in any order and case', () => {
    const header = {
      line: 1,
      cells: ['EMAIL', 'phone', 'family_name', 'given_name', 'kind', 'login_id'],
    }
    const [account] = accountsOf(header, [
      {
        line: 2,
        cells: ['a@example.com', '+14155550123', 'Doe', 'Jane', 'individual', '555000999'],
      },
    ])
    expect(account?.contactPhone).toBe('+14155550123')
  })

  it('lists every error of every row as `line N, column: message`, in line order', () => {
    const errors = errorsOf(HEADER, [
      row(2, { ...ICHIRO, login_id: '12345' }),
      row(3, { ...ICHIRO, login_id: '100000003', kind: 'person', email: 'not-an-address' }),
      // Line 4 is fine; a quoted line break in it made row 5 start on line 6.
      row(4, { ...ICHIRO, login_id: '100000004' }),
      row(6, { ...ICHIRO, login_id: '100000006', phone: '090-2222-3333', phone_country: '' }),
      row(7, { ...ICHIRO, login_id: '100000007', kind: 'organization' }),
      row(8, {
        ...ICHIRO,
        login_id: '100000008',
        password_hash: '$argon2id$v=19$m=65536$x$y',
        password_changed_at: CHANGED_AT,
      }),
      row(9, { ...ICHIRO, login_id: '100000004' }),
      row(10, { ...ICHIRO, login_id: '100000010', phone: '+81 90', phone_country: '' }),
      row(11, { ...ICHIRO, login_id: '100000011', phone_country: 'XX', given_name: '' }),
    ])
    expect(errors).toEqual([
      'line 2, login_id: must be nine digits',
      'line 3, kind: must be individual or organization',
      'line 3, email: not a valid e-mail address',
      'line 6, phone: must be E.164 (+819012345678), or a national number (090-1234-5678) with phone_country',
      'line 7, organization_name: required for an organization',
      'line 8, password_hash: must be a PHC string $pbkdf2-sha256$i=N$salt$hash (base64 without padding, N from 10000 to 100000); leave it empty for no password',
      'line 9, login_id: also on line 4',
      'line 10, phone: not a possible phone number for its country',
      'line 11, given_name: required',
      'line 11, phone_country: must be an ISO 3166 alpha-2 code such as JP or US',
    ])
  })

  it('refuses a hash with fewer than 10,000 iterations (ASVS 6.2.x: too weak to keep)', async () => {
    const weak = await hashPassword('Current-Pa55word!', { iterations: 9_999 })
    const enough = await hashPassword('Current-Pa55word!', { iterations: 10_000 })
    expect(
      errorsOf(HEADER, [
        row(2, { ...ICHIRO, password_hash: weak, password_changed_at: CHANGED_AT }),
      ]),
    ).toEqual([
      expect.stringMatching(
        /^line 2, password_hash: must be a PHC string .*N from 10000 to 100000/,
      ),
    ])
    expect(
      errorsOf(HEADER, [
        row(2, { ...ICHIRO, password_hash: enough, password_changed_at: CHANGED_AT }),
      ]),
    ).toEqual([])
  })

  it('refuses a hash with more iterations than Workers allow', () => {
    const tooSlow = DEMO_PASSWORD_HASH.replace('i=100000', 'i=100001')
    expect(
      errorsOf(HEADER, [
        row(2, { ...ICHIRO, password_hash: tooSlow, password_changed_at: CHANGED_AT }),
      ]),
    ).toEqual([expect.stringMatching(/^line 2, password_hash: must be a PHC string/)])
  })

  it('refuses an unknown column (a typo), a repeated one and a missing one', () => {
    const header = {
      line: 1,
      cells: ['login_id', 'kind', 'given_name', 'family_name', 'phone', 'e_mail', 'kind'],
    }
    expect(errorsOf(header, [])).toEqual([
      expect.stringMatching(/^line 1, e_mail: unknown column; the columns are login_id, kind,/),
      'line 1, kind: column appears twice',
      'line 1, email: required column is missing',
    ])
  })

  it('tells of its progress every 10,000 rows', () => {
    const rows = Array.from({ length: 10_001 }, (_, i) =>
      row(i + 2, { ...ICHIRO, login_id: String(300_000_000 + i) }),
    )
    const heard: number[] = []
    expect(readAccountRows(HEADER, rows, (n) => heard.push(n)).ok).toBe(true)
    expect(heard).toEqual([10_000])
  })

  it('refuses a row with more or fewer cells than the header', () => {
    expect(errorsOf(HEADER, [{ line: 2, cells: ['100000001', 'individual'] }])).toEqual([
      'line 2, row: has 2 cells, the header 13',
    ])
  })
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
    const taro = {
      login_id: '123456789',
      kind: 'individual',
      given_name: 'Taro',
      family_name: 'Koku',
      phone: '+819012345678',
      email: 'taro.koku@example.com',
    }
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

describe('the newest password wins, whoever set it', () => {
  const taro = {
    login_id: '123456789',
    kind: 'individual',
    given_name: 'Taro',
    family_name: 'Koku',
    phone: '+819012345678',
    email: 'taro.koku@example.com',
  }
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
    expect(plan.auditStatements).toEqual([])
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
