import { foldInitializedPassword } from './generate'
import { hmacKey } from './hash'
import { decodeBase64, encodeBase64, equalInConstantTime } from './phc'

/**
 * Initialized passwords carry about 116 bits of entropy, so slow hashing buys nothing (docs/contract.md#initialized-passwords):
 * they are stored as a salted HMAC-SHA-256 under a Worker secret (INITIALIZED_PASSWORD_KEY), in a
 * self-describing PHC-style string: `$hmac-sha256$v=1$<salt>$<hash>` (base64 without padding).
 * The MAC is over the salt and the folded password (docs/journey.md): `v=2` strings hash it
 * without spaces or hyphens and in upper case, so a paste with spaces or the e-mail's groups
 * verifies; `v=1` strings, issued before the alphabet lost its lower case, hash the NFKC form
 * as it was and are verified case-sensitively, with spaces and hyphens (never in that alphabet)
 * dropped. A stolen table is useless without the key.
 */
const PHC_ID = 'hmac-sha256'
const VERSION = 'v=2'
const SALT_BYTES = 16

/** How each version turns what was typed into the bytes the MAC covers. */
const FOLDS = new Map<string | undefined, (typed: string) => string>([
  ['v=1', (typed) => typed.normalize('NFKC').replace(/[\s\p{Pd}]/gu, '')],
  ['v=2', foldInitializedPassword],
])

async function mac(key: string, salt: Uint8Array, folded: string): Promise<Uint8Array> {
  const passwordBytes = new TextEncoder().encode(folded)
  const message = new Uint8Array(salt.length + passwordBytes.length)
  message.set(salt)
  message.set(passwordBytes, salt.length)
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(key), message))
}

/**
 * Hashes an initialized password under the key.
 *
 * @example
 * await hashInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8V', env.INITIALIZED_PASSWORD_KEY)
 * // '$hmac-sha256$v=2$<salt>$<hash>'
 */
export async function hashInitializedPassword(password: string, key: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const hash = await mac(key, salt, foldInitializedPassword(password))
  return `$${PHC_ID}$${VERSION}$${encodeBase64(salt)}$${encodeBase64(hash)}`
}

/**
 * True when the password is the one hashed under the key, or under the previous key when given
 * (a rotation: docs/operations.md); false for anything else or malformed.
 */
export async function verifyInitializedPassword(
  password: string,
  phc: string,
  key: string | { current: string; previous: string | null },
): Promise<boolean> {
  if (typeof key !== 'string') {
    // Both MACs, always: cheap, and the time does not tell which key matched.
    const [current, previous] = await Promise.all([
      verifyInitializedPassword(password, phc, key.current),
      key.previous === null ? false : verifyInitializedPassword(password, phc, key.previous),
    ])
    return current || previous
  }
  const [empty, id, version, encodedSalt, encodedHash, ...rest] = phc.split('$')
  const fold = FOLDS.get(version)
  if (empty !== '' || id !== PHC_ID || fold === undefined || rest.length > 0) return false
  const salt = decodeBase64(encodedSalt ?? '')
  const hash = decodeBase64(encodedHash ?? '')
  if (salt === null || salt.length !== SALT_BYTES || hash === null) return false
  return equalInConstantTime(await mac(key, salt, fold(password)), hash)
}
