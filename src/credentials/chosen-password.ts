import { argon2idRaw } from './argon2id'
import { hmacSha256Hex, LEGACY_PBKDF2_MIN_ITERATIONS, parsePhc, verifyPassword } from './hash'

export { LEGACY_PBKDF2_MIN_ITERATIONS }

import { decodeBase64, encodeBase64, equalInConstantTime } from './phc'

/**
 * Today's cost for a password the holder chose: Argon2id at one of OWASP's minimum
 * configurations (19 MiB, 2 passes, 1 lane), measured under workerd at 25-33 ms of CPU (README,
 * "Password storage"). Lowering any of these makes every stored hash weaker; tests pin them.
 */
export const ARGON2ID_PARAMETERS = {
  memoryKiB: 19_456,
  passes: 2,
  parallelism: 1,
  hashBytes: 32,
} as const
export const ARGON2ID_SALT_BYTES = 16

/** The key ID of the pepper until its first rotation (`k=` in the PHC string; PASSWORD_PEPPER_KEY_ID). */
export const PEPPER_KEY_ID = 1

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

const peppersOf = (pepper: string | Peppers): Peppers =>
  typeof pepper === 'string' ? { current: pepper, keyId: PEPPER_KEY_ID, previous: null } : pepper

// Anything above these is no hash this service made: refusing them bounds what a planted string
// can make verification cost.
const MAX_MEMORY_KIB = 65_536
const MAX_PASSES = 10
const MIN_PEPPER_LENGTH = 32

export type ParsedChosenPasswordHash = {
  id: 'argon2id'
  memoryKiB: number
  passes: number
  parallelism: number
  /** null for a hash made before key IDs were written. */
  keyId: number | null
  salt: Uint8Array
  hash: Uint8Array
}

export type ChosenPasswordCheck = {
  /** The password matches the stored hash. */
  valid: boolean
  /** Valid, but stored at less than today's cost: store `hashChosenPassword(...)` in its place. */
  needsRehash: boolean
}

function assertPepper(pepper: string): void {
  if (pepper.length < MIN_PEPPER_LENGTH) {
    throw new Error(`PASSWORD_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters`)
  }
}

// HMAC-SHA-256 under the pepper, in hex: a stolen database alone is not enough to test guesses
// (SP 800-63B-4 3.1.1.2), and the KDF always sees 64 ASCII characters.
async function pepperedInput(password: string, pepper: string): Promise<string> {
  return hmacSha256Hex(pepper, password.normalize('NFKC'))
}

/**
 * Hashes a chosen password at today's cost, peppered, into a self-describing PHC string:
 * `$argon2id$v=19$m=19456,t=2,p=1,k=1$<salt>$<hash>` (standard base64 without padding).
 * Throws when the pepper is missing or shorter than 32 characters.
 *
 * @example
 * await hashChosenPassword('violet harbour kettle lantern', env.PASSWORD_PEPPER)
 */
export async function hashChosenPassword(
  password: string,
  pepper: string | Peppers,
): Promise<string> {
  const { current, keyId } = peppersOf(pepper)
  assertPepper(current)
  const salt = crypto.getRandomValues(new Uint8Array(ARGON2ID_SALT_BYTES))
  const hash = argon2idRaw(await pepperedInput(password, current), salt, ARGON2ID_PARAMETERS)
  const { memoryKiB, passes, parallelism } = ARGON2ID_PARAMETERS
  return `$argon2id$v=19$m=${memoryKiB},t=${passes},p=${parallelism},k=${keyId}$${encodeBase64(salt)}$${encodeBase64(hash)}`
}

/** Reads an Argon2id string of this module's shape; null for anything else. */
export function parseChosenPasswordHash(phc: string): ParsedChosenPasswordHash | null {
  const match =
    /^\$argon2id\$v=19\$m=([1-9][0-9]{0,7}),t=([1-9][0-9]{0,2}),p=([1-9][0-9]{0,2})(?:,k=([1-9][0-9]{0,2}))?\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      phc,
    )
  if (match === null) return null
  const [, memory, passes, parallelism, keyId, encodedSalt, encodedHash] = match
  const salt = decodeBase64(encodedSalt ?? '')
  const hash = decodeBase64(encodedHash ?? '')
  if (salt === null || salt.length < 8 || salt.length > 64) return null
  if (hash === null || hash.length < 16 || hash.length > 64) return null
  return {
    id: 'argon2id',
    memoryKiB: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
    keyId: keyId === undefined ? null : Number(keyId),
    salt,
    hash,
  }
}

/**
 * A hash of today's format whose password nobody knows. Verify against it when there is no
 * stored hash (unknown account), so that answer costs what a real verification costs.
 */
export const DUMMY_CHOSEN_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1,k=1$2m1GqZr7m5QzQWlI9e3vEw$L4wz2M0S8cF5qk6c0Rz0oJq4bqM0XH1m8pIY0sM0xQo'

function isTodaysCost(parsed: ParsedChosenPasswordHash): boolean {
  return (
    parsed.memoryKiB >= ARGON2ID_PARAMETERS.memoryKiB &&
    parsed.passes >= ARGON2ID_PARAMETERS.passes &&
    parsed.hash.length >= ARGON2ID_PARAMETERS.hashBytes
  )
}

async function verifyArgon2id(
  password: string,
  parsed: ParsedChosenPasswordHash,
  peppers: Peppers,
): Promise<ChosenPasswordCheck> {
  // One pepper, one Argon2id, whichever the hash names: the cost does not depend on it. A hash
  // that names a key ID other than the current one, with no previous pepper, can not verify.
  const current = parsed.keyId === peppers.keyId
  const unknown = !current && parsed.keyId !== null && peppers.previous === null
  const pepper = current ? peppers.current : (peppers.previous ?? peppers.current)
  const input = await pepperedInput(password, pepper)
  const hash = argon2idRaw(input, parsed.salt, {
    memoryKiB: parsed.memoryKiB,
    passes: parsed.passes,
    parallelism: parsed.parallelism,
    hashBytes: parsed.hash.length,
  })
  const valid = equalInConstantTime(hash, parsed.hash) && !unknown
  return { valid, needsRehash: valid && (!current || !isTodaysCost(parsed)) }
}

/**
 * Verifies a password against a stored hash: today's peppered Argon2id, or a legacy unpeppered
 * `$pbkdf2-sha256$i=N$…` string (imported accounts; N from 10,000 to 100,000, fewer is refused).
 * Anything unreadable is invalid, at the cost of a dummy verification. Never throws for a bad
 * string; throws only when the pepper itself is missing (a configuration error).
 *
 * @example
 * const { valid, needsRehash } = await verifyChosenPassword(typed, stored, env.PASSWORD_PEPPER)
 * if (valid && needsRehash) await store(await hashChosenPassword(typed, env.PASSWORD_PEPPER))
 */
export async function verifyChosenPassword(
  password: string,
  phc: string,
  pepper: string | Peppers,
): Promise<ChosenPasswordCheck> {
  const peppers = peppersOf(pepper)
  assertPepper(peppers.current)
  const parsed = parseChosenPasswordHash(phc)
  if (
    parsed !== null &&
    parsed.memoryKiB <= MAX_MEMORY_KIB &&
    parsed.passes <= MAX_PASSES &&
    parsed.parallelism <= 8 &&
    parsed.memoryKiB >= 8 * parsed.parallelism
  ) {
    return verifyArgon2id(password, parsed, peppers)
  }
  const legacy = parsePhc(phc)
  if (legacy !== null && legacy.iterations >= LEGACY_PBKDF2_MIN_ITERATIONS) {
    const valid = await verifyPassword(password, phc)
    return { valid, needsRehash: valid }
  }
  const dummy = parseChosenPasswordHash(DUMMY_CHOSEN_PASSWORD_HASH)
  if (dummy !== null) await verifyArgon2id(password, dummy, peppers)
  return { valid: false, needsRehash: false }
}

/** A PBKDF2 string (100,000 iterations, the legacy format) of a random value nobody knows. */
const LEGACY_DUMMY_HASH =
  '$pbkdf2-sha256$i=100000$+h0/kSJ06e2PcgX097nHcA$RmlxDVNt+dt3pvoVukx/uijsQEhCREBfKaPC8xkObCw'

/**
 * `verifyChosenPassword` at one fixed cost whatever is stored: exactly one Argon2id and one
 * PBKDF2 derivation for today's hash, a legacy PBKDF2 hash, or none at all (`null`: no account,
 * no current password, or tries of it locked out), so the time does not tell them apart.
 */
export async function verifyChosenPasswordAtFixedCost(
  password: string,
  phc: string | null,
  pepper: string | Peppers,
): Promise<ChosenPasswordCheck> {
  const legacy = phc !== null && parsePhc(phc) !== null
  const check = await verifyChosenPassword(password, phc ?? DUMMY_CHOSEN_PASSWORD_HASH, pepper)
  if (legacy) await verifyChosenPassword(password, DUMMY_CHOSEN_PASSWORD_HASH, pepper)
  else await verifyPassword(password, LEGACY_DUMMY_HASH)
  return phc === null ? { valid: false, needsRehash: false } : check
}
