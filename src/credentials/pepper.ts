import { hmacSha256Hex } from './hash'
import { PEPPER_KEY_ID } from './todays-cost'

// The pepper of chosen passwords: which key a hash is verified under, and the keyed input the
// KDF sees (docs/passwords.md; rotation in docs/operations.md).

/**
 * The pepper new hashes are made under, with its key ID (written as `k=`), and the one before
 * the last rotation: a hash whose `k=` is not the current ID, or that has none (made before key
 * IDs), is verified under `previous` when set, else under `current` (docs/operations.md, "Key
 * rotation"). A bare string is a pepper of ID 1 with no previous.
 */
export interface Peppers {
  current: string
  keyId: number
  previous: string | null
}

export const peppersOf = (pepper: string | Peppers): Peppers =>
  typeof pepper === 'string' ? { current: pepper, keyId: PEPPER_KEY_ID, previous: null } : pepper

/**
 * The pepper a hash made under `keyId` is verified with (null: made before key IDs), whether that
 * is the current key, and whether the key is known at all (a key ID other than the current one
 * with no previous pepper set can not verify).
 */
export function pepperFor(keyId: number | null, peppers: Peppers) {
  const current = keyId === peppers.keyId
  const known = current || keyId === null || peppers.previous !== null
  return {
    pepper: current ? peppers.current : (peppers.previous ?? peppers.current),
    current,
    known,
  }
}

export const MIN_PEPPER_LENGTH = 32

export function assertPepper(pepper: string): void {
  if (pepper.length < MIN_PEPPER_LENGTH) {
    throw new Error(`PASSWORD_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters`)
  }
}

// HMAC-SHA-256 under the pepper, in hex: a stolen database alone is not enough to test guesses
// (SP 800-63B-4 3.1.1.2), and the KDF always sees 64 ASCII characters.
export async function pepperedInput(password: string, pepper: string): Promise<string> {
  return hmacSha256Hex(pepper, password.normalize('NFKC'))
}
