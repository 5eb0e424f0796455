import { getCountries, getCountryCallingCode } from 'libphonenumber-js/core'
import type { Locale } from '../i18n/locales'
import { phoneMetadata } from './phone-metadata'

export const DEFAULT_COUNTRY = 'JP'

/** Where most holders' phones are: listed first, in this order (docs/journey.md). */
export const COMMON_COUNTRIES = [DEFAULT_COUNTRY, 'CN', 'KR', 'TW', 'HK', 'US'] as const

export interface CountryOption {
  /** ISO 3166 alpha-2 code (libphonenumber also knows a few such as XK, AC, TA). */
  code: string
  /** Without the plus, e.g. '81'. */
  callingCode: string
  name: string
}

const countriesByLocale = new Map<Locale, ReadonlyArray<CountryOption>>()

/**
 * Every country or region libphonenumber supports, named in the locale: the common ones first
 * (Japan, China, Korea, Taiwan, Hong Kong, the United States), the rest in the language's
 * collation order (Intl.Collator). The list is built once per locale.
 *
 * @example
 * listCountries('ja')[0] // { code: 'JP', callingCode: '81', name: '日本' }
 */
export function listCountries(locale: Locale): ReadonlyArray<CountryOption> {
  const cached = countriesByLocale.get(locale)
  if (cached !== undefined) return cached
  const regionNames = new Intl.DisplayNames([locale], { type: 'region' })
  const collator = new Intl.Collator(locale)
  const metadata = phoneMetadata()
  const options = getCountries(metadata).map((code) =>
    Object.freeze({
      code,
      callingCode: getCountryCallingCode(code, metadata),
      name: regionNames.of(code) ?? code,
    }),
  )
  const byName = (a: CountryOption, b: CountryOption) => collator.compare(a.name, b.name)
  const common: readonly string[] = COMMON_COUNTRIES
  const list = Object.freeze([
    ...common.flatMap((code) => options.filter((option) => option.code === code)),
    ...options.filter((option) => !common.includes(option.code)).sort(byName),
  ])
  countriesByLocale.set(locale, list)
  return list
}
