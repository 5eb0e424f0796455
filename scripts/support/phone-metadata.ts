// The phone metadata the service parses with (scripts/build-phone-metadata.ts writes it to
// src/identity/phone-metadata.generated.ts). It is libphonenumber-js's own "min" metadata for every
// country, less what only formatting reads: the service parses numbers, checks that they are
// possible and writes them in E.164, and never formats one for display. Formatting is about 60 %
// of the min metadata (docs/performance.md).
import type { MetadataJson } from 'libphonenumber-js/core'

// Positions in a numbering plan's compressed array (metadata format 4, as libphonenumber-js's
// es6/metadata.js reads it) that only `format()` and AsYouType read: the number formats, the
// national prefix formatting rule and "national prefix is optional when formatting".
const FORMATTING_ONLY = [4, 6, 9] as const
const METADATA_FORMAT = 4

type Plans = MetadataJson['nonGeographic']

const withoutFormatting = <T extends Plans>(plans: T): T => {
  const stripped: Plans = {}
  for (const [key, plan] of Object.entries(plans)) {
    if (!Array.isArray(plan)) throw new Error(`numbering plan ${key} is not an array`)
    const kept: unknown[] = [...plan]
    for (const position of FORMATTING_ONLY) if (position < kept.length) kept[position] = 0
    stripped[key] = kept
  }
  return stripped as T
}

/**
 * libphonenumber-js metadata with the formatting-only entries of every country and non-geographic
 * numbering plan set to 0, the value the compressed format uses for "none".
 *
 * @example
 * parsingMetadata(minMetadata).countries.JP[4] // 0 (the formats, an array in the min metadata)
 */
export function parsingMetadata(full: MetadataJson): MetadataJson {
  if (full.version !== METADATA_FORMAT) {
    throw new Error(`libphonenumber-js metadata format ${full.version}, not ${METADATA_FORMAT}`)
  }
  return {
    ...full,
    countries: withoutFormatting(full.countries),
    nonGeographic: withoutFormatting(full.nonGeographic),
  }
}
