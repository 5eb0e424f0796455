/// <reference types="vite/client" />
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { commonPasswordLookup, coreOf } from '../../../src/credentials/common-passwords'
import { contextWordsIn } from '../../../src/credentials/context-words'
import { COMMON_PASSWORD_PARTS, commonPasswords } from '../../../src/db/schema'
import { createDatabase } from '../../../src/platform/context'
import { isCommonPassword } from '../../../src/procedures/password-change/blocklist'
import { CountingD1Database } from '../../support/counting-d1'
import { db } from '../../support/rows'

const CONTEXT = {
  serviceName: 'Example Account Service',
  loginId: '123456789',
  givenName: 'Taro',
  familyName: 'Koku',
  email: 'taro.koku+shop@example.com',
}

type Part = (typeof COMMON_PASSWORD_PARTS)[number]

/** The blocklist's rows in D1, each part's values sorted as JavaScript sorts. */
async function blocklistRows(): Promise<Record<Part, string[]>> {
  const rows = await db.select().from(commonPasswords)
  const of = (part: Part) =>
    rows
      .filter((row) => row.part === part)
      .map((row) => row.value)
      .sort()
  return { whole: of('whole'), core: of('core') }
}

/** The migrations that write the list (scripts/build-common-passwords.ts), by path. */
const listMigrations = import.meta.glob<string>('../../../migrations/*_common_passwords.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
})

/** The rows of one list migration's INSERTs, in the order they are written. */
const rowsIn = (migration: string): Array<[string, string]> =>
  [...migration.matchAll(/^ {2}\('(whole|core)', '((?:[^']|'')*)'\)[,;]/gm)].map(
    ([, part = '', value = '']) => [part, value.replaceAll("''", "'")],
  )

describe('the list of common passwords (a D1 table)', () => {
  it('holds every corpus entry of 15+ characters and the 3,000 most common cores', async () => {
    const rows = await blocklistRows()
    expect(rows.whole.length).toBeGreaterThanOrEqual(90)
    expect(rows.core).toHaveLength(3000)
    for (const entry of rows.whole) {
      expect([...entry].length, entry).toBeGreaterThanOrEqual(15)
      expect(entry, entry).toBe(entry.normalize('NFKC').toLowerCase())
    }
    for (const core of rows.core) {
      expect([...core].length, core).toBeGreaterThanOrEqual(4)
      expect(coreOf(core), core).toBe(core)
    }
  })

  it("is the newest list migration's rows, which it writes sorted, after deleting the old ones, under the corpora's licences", async () => {
    const [newest] = Object.keys(listMigrations).sort().reverse()
    const migration = listMigrations[newest ?? ''] ?? ''
    expect(migration).toContain('CC BY-SA 3.0')
    expect(migration).toContain('(MIT)')
    expect(migration).toMatch(/^DELETE FROM `common_passwords`;/m)
    expect(migration.indexOf('DELETE FROM')).toBeLessThan(migration.indexOf('INSERT INTO'))
    const written = rowsIn(migration)
    for (const part of COMMON_PASSWORD_PARTS) {
      const values = written.filter(([of]) => of === part).map(([, value]) => value)
      expect(values).toEqual([...values].sort())
      expect(new Set(values).size).toBe(values.length)
    }
    expect(written.map(([part, value]) => `${part} ${value}`).sort()).toEqual(
      Object.entries(await blocklistRows())
        .flatMap(([part, values]) => values.map((value) => `${part} ${value}`))
        .sort(),
    )
  })
})

describe('isCommonPassword', () => {
  it('refuses corpus entries of 15+ characters, in any case and after NFKC', async () => {
    for (const common of [
      'manchesterunited',
      'ManchesterUnited',
      'ＭＡＮＣＨＥＳＴＥＲＵＮＩＴＥＤ',
      'mychemicalromance',
      '123456789987654321',
      '1qaz2wsx3edc4rfv',
    ]) {
      expect(await isCommonPassword(db, common), common).toBe(true)
    }
  })

  it('refuses a common password padded with digits, symbols or spaces at either end', async () => {
    for (const padded of [
      'Password123456789',
      'sunshine1234567!',
      '!!!!iloveyou2024!!!!',
      '2024 princess 2024!',
      'ｐａｓｓｗｏｒｄ１２３４５６７８',
    ]) {
      expect(coreOf(padded.normalize('NFKC').toLowerCase())).not.toBe('')
      expect(await isCommonPassword(db, padded), padded).toBe(true)
    }
  })

  it('refuses a common core said twice or more, and a short unit repeated', async () => {
    for (const repeated of [
      'monkeymonkeymonkey',
      'PasswordPassword1',
      'abcabcabcabcabc',
      '121212121212121',
      'abcdeabcdeabcde',
      '!!!!!!!!!!!!!!!',
      'xxxxxxxxxxxxxxxxxxxx',
    ]) {
      expect(await isCommonPassword(db, repeated), repeated).toBe(true)
    }
  })

  it('accepts a phrase of uncommon words, and a common word inside other words', async () => {
    for (const fine of [
      'violet harbour kettle 42',
      'seven quiet lanterns drift',
      'password is not my harbour lamp',
      '12 sunshine kettles and a lamp',
      'Magnolia-Orchard-Telescope',
    ]) {
      expect(await isCommonPassword(db, fine), fine).toBe(false)
    }
  })

  it('looks up the normalized password, its core and the unit its core repeats', () => {
    expect(commonPasswordLookup('MonkeyMonkey2024!')).toEqual({
      repeatsShortUnit: false,
      whole: 'monkeymonkey2024!',
      cores: ['monkeymonkey', 'monkey'],
    })
    expect(commonPasswordLookup('2024 Princess 2024')).toEqual({
      repeatsShortUnit: false,
      whole: '2024 princess 2024',
      cores: ['princess'],
    })
    // A core under 4 characters is no core of the list: only the whole password is looked up.
    expect(commonPasswordLookup('123456789abc1234')).toEqual({
      repeatsShortUnit: false,
      whole: '123456789abc1234',
      cores: [],
    })
    expect(commonPasswordLookup('abcabcabcabcabc')).toEqual({ repeatsShortUnit: true })
  })

  it("asks D1 once per password, searching the table's key; never for a short unit repeated", async () => {
    const counting = new CountingD1Database(env.DB)
    const countedDb = createDatabase(counting)
    for (const password of [
      'manchesterunited',
      'sunshine1234567!',
      'monkeymonkeymonkey',
      '123456789abc1234',
      'violet harbour kettle 42',
    ]) {
      const before = counting.calls.length
      await isCommonPassword(countedDb, password)
      const calls = counting.calls.slice(before)
      expect(calls, password).toHaveLength(1)
      expect(calls[0]?.[0], password).toMatch(/^select .* from "common_passwords"/)
    }
    const before = counting.calls.length
    expect(await isCommonPassword(countedDb, '121212121212121')).toBe(true)
    expect(counting.calls.length).toBe(before)

    // SQLite's plan for each lookup: searches of the primary key's index, never a scan.
    for (const query of new Set(counting.calls.map(([query = '']) => query))) {
      const parameters = query.match(/\?/g)?.length ?? 0
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query}`)
        .bind(...Array<number>(parameters).fill(1))
        .all<{ detail: string }>()
      const searches = results.map(({ detail }) => detail).filter((d) => /SEARCH|SCAN/.test(d))
      expect(searches.length, query).toBeGreaterThan(0)
      for (const detail of searches) {
        expect(detail, query).toMatch(
          /^SEARCH common_passwords USING COVERING INDEX sqlite_autoindex_common_passwords_1 \(part=\? AND value=\?\)$/,
        )
      }
    }
  })
})

describe('contextWordsIn', () => {
  it('finds nothing in a password free of the context', () => {
    expect(contextWordsIn('violet harbour kettle 42', CONTEXT)).toEqual([])
  })

  it('finds the given and family names, ignoring case and width', () => {
    expect(contextWordsIn('KokuTaro-harbour-lamp', CONTEXT)).toEqual([
      { source: 'givenName', word: 'taro' },
      { source: 'familyName', word: 'koku' },
    ])
    expect(contextWordsIn('ｔａｒｏ lamp kettle', CONTEXT)).toEqual([
      { source: 'givenName', word: 'taro' },
    ])
  })

  it('finds the service name whole and each of its words of 4+ characters', () => {
    expect(contextWordsIn('my example account service!', CONTEXT).map(({ word }) => word)).toEqual([
      'example account service',
      'example',
      'account',
      'service',
    ])
    expect(contextWordsIn('harbour SERVICE lamp', CONTEXT)).toEqual([
      { source: 'serviceName', word: 'service' },
    ])
  })

  it('finds the login ID', () => {
    expect(contextWordsIn('lamp 123456789 kettle', CONTEXT)).toEqual([
      { source: 'loginId', word: '123456789' },
    ])
  })

  it("finds the e-mail address's local part, whole and its parts, but not the domain", () => {
    expect(contextWordsIn('taro.koku+shop harbour', CONTEXT)).toEqual([
      { source: 'givenName', word: 'taro' },
      { source: 'familyName', word: 'koku' },
      { source: 'email', word: 'taro.koku+shop' },
      { source: 'email', word: 'shop' },
    ])
    expect(contextWordsIn('example.com harbour lamp', { email: 'taro@example.com' })).toEqual([])
  })

  it('ignores words shorter than 4 characters', () => {
    const short = { givenName: 'Al', familyName: 'Ng', loginId: '123', email: 'al@example.com' }
    expect(contextWordsIn('al ng 123 harbour lamp', short)).toEqual([])
    expect(contextWordsIn('harbour ken lamp', { givenName: 'Ken' })).toEqual([])
  })

  it('finds the words of a name of several words', () => {
    expect(contextWordsIn('harbour maria lamp', { givenName: 'Ana Maria' })).toEqual([
      { source: 'givenName', word: 'maria' },
    ])
  })

  it('takes every field as optional', () => {
    expect(contextWordsIn('anything at all here', {})).toEqual([])
  })
})
