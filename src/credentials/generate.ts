// Upper case only, so case never matters when it is typed (docs/journey.md). Left out: O and
// 0, I, L and 1, and one of each look-alike pair 5/S, 2/Z, 8/B, 6/G (the letter goes).
const LETTERS = 'ACDEFHJKMNPQRTUVWXY'
const DIGITS = '23456789'

/** 27 characters: upper-case letters and digits with no two that a reader could confuse. */
export const INITIALIZED_PASSWORD_ALPHABET = `${LETTERS}${DIGITS}`

/** 24 characters of 27 give about 114 bits, at least the 112 that docs/journey.md asks for. */
export const INITIALIZED_PASSWORD_LENGTH = 24

/** The e-mail shows the password in groups of this many characters, joined by a hyphen. */
export const INITIALIZED_PASSWORD_GROUP = 4

// Bytes at or above this bound are skipped, so every character is equally likely (no modulo bias).
const UNBIASED_BYTE_BOUND = 256 - (256 % INITIALIZED_PASSWORD_ALPHABET.length)

/** Entropy of a uniformly drawn initialized password, in bits (about 114). */
export function initializedPasswordEntropyBits(): number {
  return INITIALIZED_PASSWORD_LENGTH * Math.log2(INITIALIZED_PASSWORD_ALPHABET.length)
}

function defaultRandomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n))
}

function drawCandidate(randomBytes: (n: number) => Uint8Array): string {
  let candidate = ''
  while (candidate.length < INITIALIZED_PASSWORD_LENGTH) {
    for (const byte of randomBytes(INITIALIZED_PASSWORD_LENGTH - candidate.length)) {
      if (candidate.length === INITIALIZED_PASSWORD_LENGTH) break
      if (byte >= UNBIASED_BYTE_BOUND) continue
      candidate += INITIALIZED_PASSWORD_ALPHABET[byte % INITIALIZED_PASSWORD_ALPHABET.length]
    }
  }
  return candidate
}

function holdsEveryCharacterClass(candidate: string): boolean {
  return [LETTERS, DIGITS].every((characterClass) =>
    [...candidate].some((character) => characterClass.includes(character)),
  )
}

/**
 * Draws an initialized password: 24 characters, each uniform over the alphabet, redrawn as a whole
 * until it holds a letter and a digit.
 *
 * @example
 * const initializedPassword = generateInitializedPassword() // e.g. 'Q7HRXK3MWDN9JT4PFA2EYC8V'
 */
export function generateInitializedPassword(
  randomBytes: (n: number) => Uint8Array = defaultRandomBytes,
): string {
  for (;;) {
    const candidate = drawCandidate(randomBytes)
    if (holdsEveryCharacterClass(candidate)) return candidate
  }
}

/**
 * The password as the e-mail shows it: groups of four joined by hyphens, which the comparison
 * folds away (docs/journey.md).
 *
 * @example groupInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8V') // 'Q7HR-XK3M-WDN9-JT4P-FA2E-YC8V'
 */
export function groupInitializedPassword(password: string): string {
  const groups = password.match(new RegExp(`.{1,${INITIALIZED_PASSWORD_GROUP}}`, 'gu')) ?? []
  return groups.join('-')
}

// Every kind of space and dash a paste or a phone keyboard may bring; NFKC maps most to ASCII.
const SEPARATORS = /[\s\p{Pd}\u30FC\uFF70]/gu

/**
 * What an initialized password is compared as: NFKC, without spaces or hyphens, in upper case.
 * Never applied to chosen passwords, whose spaces and case are part of them.
 *
 * @example foldInitializedPassword(' q7hr-xk3m ') // 'Q7HRXK3M'
 */
export function foldInitializedPassword(typed: string): string {
  return typed.normalize('NFKC').replace(SEPARATORS, '').toUpperCase()
}
