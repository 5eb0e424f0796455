// Reading account files in Node, where the import command runs: encodings, RFC 4180 quoting and
// the line numbers of errors. Needs no server, so it runs without Chromium too.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeCsv, parseCsv } from '../scripts/support/csv-file'
import { exportCsv } from '../src/accounts/csv-export'
import { formatRowError, readAccountRows } from '../src/accounts/csv-rows'
import type { StoredAccount } from '../src/accounts/store'

const ROOT = resolve(import.meta.dirname, '..')
const fixture = (path: string) => readFileSync(resolve(ROOT, path))

function rowsOf(text: string) {
  const [header, ...rows] = parseCsv(text)
  if (header === undefined) throw new Error('no header')
  return readAccountRows(header, rows)
}

describe('reading an accounts file', () => {
  it('takes UTF-8 with a BOM, CRLF, and quoted fields with commas, quotes and line breaks', () => {
    const text =
      '\uFEFFlogin_id,kind,organization_name,given_name,family_name,phone,phone_country,email\r\n' +
      '100000001,organization,"Example ""Foods"", Ltd.\r\nTokyo branch",Hanako,Yamada,03-5555-0101,JP,a@example.jp\r\n' +
      '100000002,individual,,Jiro,Sato,+818011112222,,b@example.jp\r\n'
    const records = parseCsv(decodeCsv(new TextEncoder().encode(text), 'utf-8'))
    expect(records.map((record) => record.line)).toEqual([1, 2, 4])
    expect(records[0]?.cells[0]).toBe('login_id')
    const result = rowsOf(text)
    expect(result.ok && result.accounts[0]?.organizationName).toBe(
      'Example "Foods", Ltd. Tokyo branch',
    )
  })

  it('reports errors on the line where the row starts, after quoted line breaks and blank lines', () => {
    const text =
      'login_id,kind,organization_name,given_name,family_name,phone,phone_country,email\n' +
      '100000001,organization,"Two\nlines",Hanako,Yamada,03-5555-0101,JP,a@example.jp\n' +
      '\n' +
      '1234,individual,,Jiro,Sato,+818011112222,,b@example\n'
    const result = rowsOf(text)
    expect(result.ok ? [] : result.errors.map(formatRowError)).toEqual([
      'line 5, login_id: must be nine digits',
      'line 5, email: not a valid e-mail address',
    ])
  })

  it('decodes Shift_JIS (CP932) as Excel in Japan saves it, kanji and NEC/IBM extensions included', () => {
    const bytes = fixture('test/fixtures/accounts-shift_jis.csv')
    // The fixture really is Shift_JIS: it is not valid UTF-8.
    expect(() => decodeCsv(bytes, 'utf-8')).toThrow(/--encoding shift_jis/)
    const result = rowsOf(decodeCsv(bytes, 'shift_jis'))
    if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'))
    expect(result.accounts.map((a) => [a.contactGivenName, a.contactFamilyName])).toEqual([
      ['一郎', '髙橋'],
      ['花子', '山﨑'],
    ])
    expect(result.accounts[1]?.organizationName).toBe('株式会社サンプル商事, 総務部')
  })

  it('reads the example file of the README without an error', () => {
    const result = rowsOf(decodeCsv(fixture('examples/accounts.csv'), 'utf-8'))
    expect(result.ok ? result.accounts.length : result.errors.map(formatRowError)).toBe(4)
  })

  it('reads an export back to the same accounts, formula-like cells included', () => {
    const stored: StoredAccount = {
      loginId: '100000001',
      kind: 'organization',
      status: 'active',
      locale: 'ja',
      organizationName: '=cmd|" /C calc"!A0, "Ltd."',
      passwordHash: null,
      passwordChangedAt: null,
      emailBouncedAt: null,
      contactGivenName: '@Hanako',
      contactFamilyName: '-Yamada',
      contactPhone: '+81355550101',
      contactEmail: 'a@example.jp',
      createdAt: 0,
      updatedAt: 0,
    }
    const text = exportCsv([stored])
    expect(text).toContain(`"'=cmd|"" /C calc""!A0, ""Ltd."""`)
    expect(text).toContain(",'@Hanako,'-Yamada,03-5555-0101,JP,")
    const result = rowsOf(decodeCsv(new TextEncoder().encode(text), 'utf-8'))
    if (!result.ok) throw new Error(result.errors.map(formatRowError).join('\n'))
    expect(result.accounts[0]).toMatchObject({
      organizationName: '=cmd|" /C calc"!A0, "Ltd."',
      contactGivenName: '@Hanako',
      contactFamilyName: '-Yamada',
      contactPhone: '+81355550101',
    })
  })
})
