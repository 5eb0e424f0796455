import type { MetadataJson } from 'libphonenumber-js/core'
import { PHONE_METADATA_JSON } from './phone-metadata.generated'

let metadata: MetadataJson | undefined

/**
 * The metadata every libphonenumber-js call of the service takes: all countries, without the
 * formatting rules (scripts/build-phone-metadata.ts). Parsed on first use, so startup only scans
 * one string literal.
 */
export const phoneMetadata = (): MetadataJson => {
  metadata ??= JSON.parse(PHONE_METADATA_JSON)
  return metadata as MetadataJson
}
