import { hmacKey } from './hash'
import { decodeBase64, encodeBase64, equalInConstantTime } from './phc'

/**
 * Initialized passwords carry about 116 bits of entropy, so slow hashing buys nothing (docs/contract.md#initialized-passwords):
 * they are stored as a salted HMAC-SHA-256 under a Worker secret (INITIALIZED_PASSWORD_KEY), in a
 * self-describing PHC-style string: `$hmac-sha256$v=1$<salt>$<hash>` (base64 without padding).
 * The MAC is over the salt and the NFKC form of the password, so the same password typed with
 * full-width characters verifies, and a stolen table is useless without the key.
 */
const PHC_ID = 'hmac-sha256'
const VERSION = 'v=1'
const SALT_BYTES = 16

async function mac(key: string, salt: Uint8Array, password: string): Promise<Uint8Array> {
  const passwordBytes = new TextEncoder().encode(password.normalize('NFKC'))
  const message = new Uint8Array(salt.length + passwordBytes.length)
  message.set(salt)
  message.set(passwordBytes, salt.length)
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(key), message))
}

/**
 * Hashes an initialized password under the key.
 *
 * @example
 * await hashInitializedPassword('q7HrZk3mWbN9xT4pGa2e', env.INITIALIZED_PASSWORD_KEY)
 * // '$hmac-sha256$v=1$<salt>$<hash>'
 */
export async function hashInitializedPassword(password: string, key: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  return `$${PHC_ID}$${VERSION}$${encodeBase64(salt)}$${encodeBase64(await mac(key, salt, password))}`
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
  if (empty !== '' || id !== PHC_ID || version !== VERSION || rest.length > 0) return false
  const salt = decodeBase64(encodedSalt ?? '')
  const hash = decodeBase64(encodedHash ?? '')
  if (salt === null || salt.length !== SALT_BYTES || hash === null) return false
  return equalInConstantTime(await mac(key, salt, password), hash)
}
