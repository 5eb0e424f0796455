import { decodeBase64, encodeBase64, equalInConstantTime } from './phc'

/** The most PBKDF2 iterations Cloudflare Workers accept in production (local workerd allows more). */
export const PBKDF2_ITERATIONS = 100_000
/** Legacy PBKDF2-SHA256 strings (imported accounts) below this are refused outright. */
export const LEGACY_PBKDF2_MIN_ITERATIONS = 10_000
export const PBKDF2_SALT_BYTES = 16
export const PBKDF2_HASH_BYTES = 32

const PHC_ID = 'pbkdf2-sha256'
// RFC 8018 asks for at least 64 bits of salt.
const MIN_SALT_BYTES = 8

export type ParsedPhc = {
  id: 'pbkdf2-sha256'
  iterations: number
  salt: Uint8Array
  hash: Uint8Array
}

/** The two hex digits of each byte value, so that `toHex` only concatenates. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

// Every submission hexes two HMACs (the client's hash, its login-ID counter): a table lookup per
// byte instead of a closure, a `toString` and a `padStart` (docs/performance.md).
function toHex(buffer: ArrayBuffer): string {
  let hex = ''
  for (const byte of new Uint8Array(buffer)) hex += HEX_BYTES[byte]
  return hex
}

function assertIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`PBKDF2 iterations must be a positive integer, got ${iterations}`)
  }
  if (iterations > PBKDF2_ITERATIONS) {
    throw new RangeError(
      `PBKDF2 iterations above ${PBKDF2_ITERATIONS} fail on Cloudflare Workers, got ${iterations}`,
    )
  }
}

/** PBKDF2-HMAC-SHA256 of the NFKC password: the raw 32 bytes. */
export async function derivePbkdf2Sha256(
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  // NFKC, so a password typed with full-width characters hashes like its one-byte form.
  const normalized = password.normalize('NFKC')
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(normalized),
    'PBKDF2',
    false,
    ['deriveBits'],
  )
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    key,
    PBKDF2_HASH_BYTES * 8,
  )
  return new Uint8Array(bits)
}

/**
 * Hashes a password with PBKDF2-HMAC-SHA256 into a PHC string.
 *
 * @example
 * await hashPassword('Current-Pa55word!')
 * // '$pbkdf2-sha256$i=100000$<salt base64>$<hash base64>'
 */
export async function hashPassword(
  password: string,
  options: { iterations?: number; salt?: Uint8Array } = {},
): Promise<string> {
  const iterations = options.iterations ?? PBKDF2_ITERATIONS
  assertIterations(iterations)
  const salt = options.salt ?? crypto.getRandomValues(new Uint8Array(PBKDF2_SALT_BYTES))
  if (salt.length < MIN_SALT_BYTES) {
    throw new RangeError(`PBKDF2 salt must be at least ${MIN_SALT_BYTES} bytes`)
  }
  const hash = await derivePbkdf2Sha256(password, salt, iterations)
  return `$${PHC_ID}$i=${iterations}$${encodeBase64(salt)}$${encodeBase64(hash)}`
}

/** Reads a PHC string this module wrote; null for anything malformed or unsupported. */
export function parsePhc(phc: string): ParsedPhc | null {
  const [empty, id, parameters, encodedSalt, encodedHash, ...rest] = phc.split('$')
  if (empty !== '' || id !== PHC_ID || rest.length > 0) return null
  if (parameters === undefined || encodedSalt === undefined || encodedHash === undefined) {
    return null
  }
  const iterationsMatch = /^i=([1-9][0-9]{0,8})$/.exec(parameters)
  const iterations = Number(iterationsMatch?.[1])
  if (!Number.isInteger(iterations) || iterations > PBKDF2_ITERATIONS) return null
  const salt = decodeBase64(encodedSalt)
  const hash = decodeBase64(encodedHash)
  if (salt === null || salt.length < MIN_SALT_BYTES || hash === null) return null
  return { id: PHC_ID, iterations, salt, hash }
}

/** True when the password hashes to the PHC string; false (never an exception) otherwise. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  try {
    const parsed = parsePhc(phc)
    if (parsed === null) return false
    const hash = await derivePbkdf2Sha256(password, parsed.salt, parsed.iterations)
    return equalInConstantTime(hash, parsed.hash)
  } catch {
    return false
  }
}

/** Lower-case hex SHA-256 of the UTF-8 value. */
export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)))
}

// Imported once per secret and isolate (a CryptoKey holds no request state): each submission
// signs two HMACs under CLIENT_HASH_KEY, and importing the key again each time was work for
// nothing (docs/performance.md). A Worker has a handful of secrets, so the map stays that small.
const hmacKeys = new Map<string, Promise<CryptoKey>>()

/** The HMAC-SHA-256 signing key of a UTF-8 secret, imported on first use. */
export function hmacKey(key: string): Promise<CryptoKey> {
  let imported = hmacKeys.get(key)
  if (imported === undefined) {
    imported = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(key),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    hmacKeys.set(key, imported)
  }
  return imported
}

/** Lower-case hex HMAC-SHA256 of the UTF-8 value under the UTF-8 key. */
export async function hmacSha256Hex(key: string, value: string): Promise<string> {
  return toHex(
    await crypto.subtle.sign('HMAC', await hmacKey(key), new TextEncoder().encode(value)),
  )
}
