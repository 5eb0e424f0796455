const UPPER_CASE = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
// 'o' goes too: with 0 and O both excluded, a reader who sees a round letter should never wonder.
const LOWER_CASE = 'abcdefghijkmnpqrstuvwxyz'
const DIGITS = '23456789'

/** 56 characters: no 0/O/o, no 1/l/I. */
export const INITIALIZED_PASSWORD_ALPHABET = `${UPPER_CASE}${LOWER_CASE}${DIGITS}`

export const INITIALIZED_PASSWORD_LENGTH = 20

// Bytes at or above this bound are skipped, so every character is equally likely (no modulo bias).
const UNBIASED_BYTE_BOUND = 256 - (256 % INITIALIZED_PASSWORD_ALPHABET.length)

/** Entropy of a uniformly drawn initialized password, in bits (about 116). */
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
  return [UPPER_CASE, LOWER_CASE, DIGITS].every((characterClass) =>
    [...candidate].some((character) => characterClass.includes(character)),
  )
}

/**
 * Draws an initialized password: 20 characters, each uniform over the alphabet, redrawn as a whole
 * until it holds an upper-case letter, a lower-case letter and a digit.
 *
 * @example
 * const initializedPassword = generateInitializedPassword() // e.g. 'q7HrZk3mWbN9xT4pGa2e'
 */
export function generateInitializedPassword(
  randomBytes: (n: number) => Uint8Array = defaultRandomBytes,
): string {
  for (;;) {
    const candidate = drawCandidate(randomBytes)
    if (holdsEveryCharacterClass(candidate)) return candidate
  }
}
