import { describe, expect, it } from 'vitest'
import { DEFAULT_COUNTRY, listCountries } from '../../src/identity/countries'

describe('listCountries', () => {
  it('starts the Japanese list with Japan and its calling code', () => {
    const [first] = listCountries('ja')
    expect(DEFAULT_COUNTRY).toBe('JP')
    expect(first).toEqual({ code: 'JP', callingCode: '81', name: '日本' })
  })

  it('names the countries in Japanese inside workerd', () => {
    const unitedStates = listCountries('ja').find((country) => country.code === 'US')
    expect(unitedStates).toEqual({ code: 'US', callingCode: '1', name: 'アメリカ合衆国' })
  })

  it('names the countries in English, with at least 200 of them', () => {
    const countries = listCountries('en')
    expect(countries[0]?.name).toBe('Japan')
    expect(countries.length).toBeGreaterThanOrEqual(200)
    expect(countries.find((country) => country.code === 'GB')?.name).toBe('United Kingdom')
  })

  it.each(['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko'] as const)(
    'lists Japan, China, Korea, Taiwan, Hong Kong and the United States first, then the rest in %s collation order',
    (locale) => {
      const countries = listCountries(locale)
      expect(countries.slice(0, 6).map((country) => country.code)).toEqual([
        'JP',
        'CN',
        'KR',
        'TW',
        'HK',
        'US',
      ])
      const names = countries.slice(6).map((country) => country.name)
      expect(names).toEqual([...names].sort(new Intl.Collator(locale).compare))
      expect(countries.findIndex((country) => country.code === 'CN')).toBe(1)
    },
  )

  it('lists each supported code once and gives every country a name', () => {
    for (const locale of ['en', 'ja'] as const) {
      const countries = listCountries(locale)
      expect(new Set(countries.map((country) => country.code)).size).toBe(countries.length)
      expect(countries.every((country) => country.name !== country.code)).toBe(true)
    }
  })

  it('builds each list once', () => {
    expect(listCountries('ja')).toBe(listCountries('ja'))
  })
})
