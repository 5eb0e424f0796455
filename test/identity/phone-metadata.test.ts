import * as full from 'libphonenumber-js'
import examples from 'libphonenumber-js/examples.mobile.json'
import installedMin from 'libphonenumber-js/metadata.min.json'
import { describe, expect, it } from 'vitest'
import { parsingMetadata } from '../../scripts/support/phone-metadata'
import { listCountries } from '../../src/identity/countries'
import { normalizeE164, normalizePhone } from '../../src/identity/normalize'
import { PHONE_METADATA_JSON } from '../../src/identity/phone-metadata.generated'

// Every country with an example mobile number in the installed libphonenumber-js.
const countriesWithExamples = full
  .getCountries()
  .filter((country) => examples[country] !== undefined)

describe('the phone metadata without formatting rules', () => {
  it('is what npm run build:phone-metadata makes of the installed libphonenumber-js', () => {
    expect(JSON.parse(PHONE_METADATA_JSON)).toEqual(parsingMetadata(installedMin))
  })

  it('keeps every country of the full metadata, with its calling code', () => {
    const listed = listCountries('en').map(({ code, callingCode }) => `${code} +${callingCode}`)
    const expected = full
      .getCountries()
      .map((code) => `${code} +${full.getCountryCallingCode(code)}`)
    expect(listed.sort()).toEqual(expected.sort())
  })

  it('gives the E.164 of the full metadata for each country’s example typed nationally', () => {
    expect(countriesWithExamples.length).toBeGreaterThan(200)
    for (const country of countriesWithExamples) {
      const example = full.parsePhoneNumberWithError(examples[country], country)
      // As people type it: with the national prefix (Japan's 0) and the usual separators.
      const typed = example.formatNational()
      expect({ country, result: normalizePhone(country, typed) }).toEqual({
        country,
        result: { ok: true, e164: example.number },
      })
      expect({ country, result: normalizeE164(example.formatInternational()) }).toEqual({
        country,
        result: { ok: true, e164: example.number },
      })
    }
  })

  it('still finds numbers too short or too long for their country not possible', () => {
    for (const country of countriesWithExamples) {
      const example = full.parsePhoneNumberWithError(examples[country], country)
      for (const digits of [
        example.nationalNumber.slice(0, 2),
        `${example.nationalNumber}12345678`,
      ]) {
        const expected = full.isPossiblePhoneNumber(digits, country)
        const result = normalizePhone(country, digits)
        expect({ country, digits, possible: result.ok }).toEqual({
          country,
          digits,
          possible: expected,
        })
      }
    }
  })
})
