import { describe, expect, it } from 'vitest'
import {
  foldCase,
  hasControlOrFormatCharacter,
  normalizeE164,
  normalizePhone,
  normalizeText,
} from '../../src/identity/normalize'

describe('normalizeText', () => {
  it('turns full-width letters, digits and the ideographic space into their one-byte forms', () => {
    expect(normalizeText('Ｔａｒｏ　ＫＯＫＵ')).toBe('Taro KOKU')
    expect(normalizeText('１２３４５６７８９')).toBe('123456789')
  })

  it('folds runs of white space into one space and trims', () => {
    expect(normalizeText(' \t Taro \n\u00a0 KOKU\u3000 ')).toBe('Taro KOKU')
  })

  it('leaves control and format characters for hasControlOrFormatCharacter to find', () => {
    expect(hasControlOrFormatCharacter(normalizeText('Taro\u0007 KOKU'))).toBe(true)
    expect(hasControlOrFormatCharacter(normalizeText('Taro\u200d KOKU'))).toBe(true)
    expect(hasControlOrFormatCharacter(normalizeText('Taro\tKOKU'))).toBe(false)
  })

  it('folds case without locale rules, so a dotless ı stays apart from i', () => {
    expect(foldCase('TARO')).toBe('taro')
    expect(foldCase('Tarı')).not.toBe(foldCase('Tari'))
  })
})

describe('normalizePhone', () => {
  it.each([
    ['JP', '090-1234-5678', '+819012345678'],
    ['JP', '09012345678', '+819012345678'],
    ['JP', '９０１２３４５６７８', '+819012345678'],
    ['JP', '090‐1234−5678', '+819012345678'],
    ['JP', '090–1234–5678', '+819012345678'],
    ['jp', '03-1234-5678', '+81312345678'],
    ['US', '+81 3-1234-5678', '+81312345678'],
    ['US', '(415) 555-0123', '+14155550123'],
    ['JP', '03.1234.5678', '+81312345678'],
    ['JP', '（03）1234-5678', '+81312345678'],
  ])('turns %s %s into %s', (country, number, e164) => {
    expect(normalizePhone(country, number)).toEqual({ ok: true, e164 })
  })

  it.each([
    ['JP', '', 'required'],
    ['JP', ' \u3000 ', 'required'],
    ['JP', '090-1234-abcd', 'format'],
    ['JP', '090+1234', 'format'],
    ['JP', '++819012345678', 'format'],
    ['JP', '123', 'not_possible'],
    ['JP', '+999 1234 5678', 'not_possible'],
    ['XX', '090-1234-5678', 'unknown_country'],
    ['', '090-1234-5678', 'unknown_country'],
  ])('rejects %s "%s" with %s', (country, number, code) => {
    expect(normalizePhone(country, number)).toEqual({ ok: false, code })
  })
})

describe('normalizeE164', () => {
  it('accepts an E.164 number, also typed with separators or full-width', () => {
    expect(normalizeE164('+819012345678')).toEqual({ ok: true, e164: '+819012345678' })
    expect(normalizeE164('＋８１ ９０-１２３４-５６７８')).toEqual({
      ok: true,
      e164: '+819012345678',
    })
  })

  it('rejects a number without a leading + as format', () => {
    expect(normalizeE164('09012345678')).toEqual({ ok: false, code: 'format' })
  })

  it('rejects an impossible number and an empty one', () => {
    expect(normalizeE164('+81123')).toEqual({ ok: false, code: 'not_possible' })
    expect(normalizeE164('')).toEqual({ ok: false, code: 'required' })
  })
})
