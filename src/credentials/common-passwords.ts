/**
 * The blocklist's rules (docs/contract.md#password-change, ASVS 6.2.4 and 6.2.12). Its data, built from two breach corpora
 * by scripts/build-common-passwords.ts, is the `common_passwords` table in D1, which the password
 * change asks (procedures/password-change/blocklist.ts). A password is common when, after NFKC and
 * in lower case:
 * 1. it is a corpus entry of 15+ characters, a `whole` row ("manchesterunited"); or
 * 2. its core, the password with digits, symbols and spaces stripped from both ends, is one of the
 *    3,000 most common cores of 4+ characters, a `core` row ("Sunshine1234567!" → "sunshine"); or
 * 3. its core is such a core said twice or more ("monkeymonkeymonkey"); or
 * 4. it is a unit of 1 to 4 characters repeated ("abcabcabcabcabc", "121212121212121"), the
 *    last time perhaps cut short.
 * Shorter passwords need no list: the length rule refuses them.
 */
const MIN_CORE_LENGTH = 4
const MAX_REPEATED_UNIT = 4

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
 * What decides whether a password is common: rule 4, which needs no list, or else the rows
 * whose presence makes it common (rules 1 to 3), for one lookup.
 */
export type CommonPasswordLookup =
  | { repeatsShortUnit: true }
  | {
      repeatsShortUnit: false
      /** The normalized password, common if it is a `whole` row (rule 1). */
      whole: string
      /**
       * Its core and the unit that core repeats (once when they are the same; none for a core
       * under 4 characters), common if either is a `core` row (rules 2 and 3).
       */
      cores: string[]
    }

/**
 * The lookup that tells whether the password is common by the four rules above.
 *
 * @example
 * commonPasswordLookup('aaaaaaaaaaaaaaa') // { repeatsShortUnit: true }
 * commonPasswordLookup('MonkeyMonkey2024') // { repeatsShortUnit: false, whole: 'monkeymonkey2024', cores: ['monkeymonkey', 'monkey'] }
 */
export function commonPasswordLookup(password: string): CommonPasswordLookup {
  const normalized = password.normalize('NFKC').toLowerCase()
  const repeated = repeatedUnit(normalized)
  if (repeated !== normalized && repeated.length <= MAX_REPEATED_UNIT) {
    return { repeatsShortUnit: true }
  }
  const core = coreOf(normalized)
  const cores = [...core].length < MIN_CORE_LENGTH ? [] : [...new Set([core, repeatedUnit(core)])]
  return { repeatsShortUnit: false, whole: normalized, cores }
}
