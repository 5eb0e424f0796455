import { beforeEach, describe, expect, it } from 'vitest'
import { readAccountRows } from '../../src/accounts/csv-rows'
import { hashPassword } from '../../src/credentials/hash'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import { accountsOf, CHANGED_AT, errorsOf, HEADER, ICHIRO, row } from '../support/accounts-import'
import { resetToDemoAccounts } from '../support/demo'

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
