import { describe, expect, it } from 'vitest'
import { commonPasswordCounts, coreOf, isCommonPassword } from '../src/credentials/common-passwords'
import { COMMON_CORES, COMMON_WHOLE } from '../src/credentials/common-passwords.generated'
import { contextWordsIn } from '../src/credentials/context-words'

const CONTEXT = {
  serviceName: 'Example Account Service',
  loginId: '123456789',
  givenName: 'Taro',
  familyName: 'Koku',
  email: 'taro.koku+shop@example.com',
}

describe('the list of common passwords', () => {
  it('holds every corpus entry of 15+ characters and the 3,000 most common cores', () => {
    expect(commonPasswordCounts().whole).toBeGreaterThanOrEqual(90)
    expect(commonPasswordCounts().cores).toBe(3000)
    for (const entry of COMMON_WHOLE.split('\n')) {
      expect([...entry].length, entry).toBeGreaterThanOrEqual(15)
      expect(entry, entry).toBe(entry.normalize('NFKC').toLowerCase())
    }
    for (const core of COMMON_CORES.split('\n')) {
      expect([...core].length, core).toBeGreaterThanOrEqual(4)
      expect(coreOf(core), core).toBe(core)
    }
  })

  it('is generated sorted, so a rebuild shows as a small diff', () => {
    for (const list of [COMMON_WHOLE, COMMON_CORES]) {
      const entries = list.split('\n')
      expect(entries).toEqual([...entries].sort())
      expect(new Set(entries).size).toBe(entries.length)
    }
  })

  it('refuses corpus entries of 15+ characters, in any case and after NFKC', () => {
    for (const common of [
      'manchesterunited',
      'ManchesterUnited',
      'ＭＡＮＣＨＥＳＴＥＲＵＮＩＴＥＤ',
      'mychemicalromance',
      '123456789987654321',
      '1qaz2wsx3edc4rfv',
    ]) {
      expect(isCommonPassword(common), common).toBe(true)
    }
  })

  it('refuses a common password padded with digits, symbols or spaces at either end', () => {
    for (const padded of [
      'Password123456789',
      'sunshine1234567!',
      '!!!!iloveyou2024!!!!',
      '2024 princess 2024!',
      'ｐａｓｓｗｏｒｄ１２３４５６７８',
    ]) {
      expect(coreOf(padded.normalize('NFKC').toLowerCase())).not.toBe('')
      expect(isCommonPassword(padded), padded).toBe(true)
    }
  })

  it('refuses a common core said twice or more, and a short unit repeated', () => {
    for (const repeated of [
      'monkeymonkeymonkey',
      'PasswordPassword1',
      'abcabcabcabcabc',
      '121212121212121',
      'abcdeabcdeabcde',
      '!!!!!!!!!!!!!!!',
      'xxxxxxxxxxxxxxxxxxxx',
    ]) {
      expect(isCommonPassword(repeated), repeated).toBe(true)
    }
  })

  it('accepts a phrase of uncommon words, and a common word inside other words', () => {
    for (const fine of [
      'violet harbour kettle 42',
      'seven quiet lanterns drift',
      'password is not my harbour lamp',
      '12 sunshine kettles and a lamp',
      'Magnolia-Orchard-Telescope',
    ]) {
      expect(isCommonPassword(fine), fine).toBe(false)
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
