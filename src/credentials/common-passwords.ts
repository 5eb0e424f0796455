import { COMMON_CORES, COMMON_WHOLE } from './common-passwords.generated'

/**
 * The blocklist (SPEC 5, ASVS 6.2.4 and 6.2.12), built from two breach corpora by
 * scripts/build-common-passwords.ts. A password is common when, after NFKC and in lower case:
 * 1. it is a corpus entry of 15+ characters ("manchesterunited"); or
 * 2. its core, the password with digits, symbols and spaces stripped from both ends, is one of the
 *    3,000 most common cores of 4+ characters ("Sunshine1234567!" → "sunshine"); or
 * 3. its core is such a core said twice or more ("monkeymonkeymonkey"); or
 * 4. it is a unit of 1 to 4 characters repeated ("abcabcabcabcabc", "121212121212121"), the
 *    last time perhaps cut short.
 * Shorter passwords need no list: the length rule refuses them.
 */
const MIN_CORE_LENGTH = 4
const MAX_REPEATED_UNIT = 4

// Split on first use, so a Worker that never checks a new password never pays for it.
let whole: ReadonlySet<string> | undefined
let cores: ReadonlySet<string> | undefined
const wholeSet = () => {
  whole ??= new Set(COMMON_WHOLE.split('\n'))
  return whole
}
const coreSet = () => {
  cores ??= new Set(COMMON_CORES.split('\n'))
  return cores
}

/** How many entries each part of the list holds. */
export const commonPasswordCounts = () => ({ whole: wholeSet().size, cores: coreSet().size })

/** The core of a normalized password: its ends stripped of everything but letters. */
export const coreOf = (normalized: string) => normalized.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')

/**
 * The shortest unit that the value repeats at least twice (the last time perhaps cut short:
 * "abcabcab" → "abc"), or the value itself.
 */
function repeatedUnit(value: string): string {
  for (let size = 1; size <= value.length / 2; size++) {
    const unit = value.slice(0, size)
    if (unit.repeat(Math.ceil(value.length / size)).startsWith(value)) return unit
  }
  return value
}

/**
 * True when the password is on the blocklist by one of the four rules above.
 *
 * @example
 * isCommonPassword('ManchesterUnited') // true (rule 1)
 * isCommonPassword('Princess2024!!!!!') // true (rule 2)
 * isCommonPassword('violet harbour kettle') // false
 */
export function isCommonPassword(password: string): boolean {
  const normalized = password.normalize('NFKC').toLowerCase()
  if (wholeSet().has(normalized)) return true
  const repeated = repeatedUnit(normalized)
  if (repeated !== normalized && repeated.length <= MAX_REPEATED_UNIT) return true
  const core = coreOf(normalized)
  if ([...core].length < MIN_CORE_LENGTH) return false
  if (coreSet().has(core)) return true
  const unit = repeatedUnit(core)
  return unit !== core && coreSet().has(unit)
}
