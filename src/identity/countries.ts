import { getCountries, getCountryCallingCode } from 'libphonenumber-js/core'
import type { Locale } from '../i18n/locales'
import { phoneMetadata } from './phone-metadata'

export const DEFAULT_COUNTRY = 'JP'

export interface CountryOption {
  /** ISO 3166 alpha-2 code (libphonenumber also knows a few such as XK, AC, TA). */
  code: string
  /** Without the plus, e.g. '81'. */
  callingCode: string
  name: string
}

const countriesByLocale = new Map<Locale, ReadonlyArray<CountryOption>>()

/**
 * Every country or region libphonenumber supports, named in the locale: JP first, the rest
 * sorted by name. The list is built once per locale.
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
  const list = Object.freeze([
    ...options.filter((option) => option.code === DEFAULT_COUNTRY),
    ...options.filter((option) => option.code !== DEFAULT_COUNTRY).sort(byName),
  ])
  countriesByLocale.set(locale, list)
  return list
}
