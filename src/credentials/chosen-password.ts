import { LEGACY_PBKDF2_MIN_ITERATIONS, PBKDF2_ITERATIONS, parsePhc } from './hash'
import { type Kdf, WORKERS_KDF } from './kdf'
import { assertPepper, type Peppers, pepperedInput, pepperFor, peppersOf } from './pepper'
import { decodeBase64, encodeBase64, equalInConstantTime } from './phc'
import { parseWrappedLegacyHash, wrapLegacyPbkdf2, wrappedInput } from './wrapped-legacy'

export { LEGACY_PBKDF2_MIN_ITERATIONS }

import { ARGON2ID_PARAMETERS, ARGON2ID_SALT_BYTES, PEPPER_KEY_ID } from './todays-cost'

export { ARGON2ID_PARAMETERS, ARGON2ID_SALT_BYTES, PEPPER_KEY_ID }

// Anything above these is no hash this service made: refusing them bounds what a planted string
// can make verification cost.
const MAX_MEMORY_KIB = 65_536
const MAX_PASSES = 10

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
  const hash = WORKERS_KDF.argon2id(
    await pepperedInput(password, current),
    salt,
    ARGON2ID_PARAMETERS,
  )
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
  kdf: Kdf,
): Promise<ChosenPasswordCheck> {
  // One pepper, one Argon2id, whichever the hash names: the cost does not depend on it. A hash
  // that names a key ID other than the current one, with no previous pepper, can not verify.
  const { pepper, current, known } = pepperFor(parsed.keyId, peppers)
  const input = await pepperedInput(password, pepper)
  const hash = kdf.argon2id(input, parsed.salt, argon2idParametersOf(parsed))
  const valid = equalInConstantTime(hash, parsed.hash) && known
  return { valid, needsRehash: valid && (!current || !isTodaysCost(parsed)) }
}

const argon2idParametersOf = (parsed: {
  memoryKiB: number
  passes: number
  parallelism: number
  hash: Uint8Array
}) => ({
  memoryKiB: parsed.memoryKiB,
  passes: parsed.passes,
  parallelism: parsed.parallelism,
  hashBytes: parsed.hash.length,
})

/** Argon2id parameters this service could have written; more would let a planted string cost more. */
const withinBounds = (parsed: { memoryKiB: number; passes: number; parallelism: number }) =>
  parsed.memoryKiB <= MAX_MEMORY_KIB &&
  parsed.passes <= MAX_PASSES &&
  parsed.parallelism <= 8 &&
  parsed.memoryKiB >= 8 * parsed.parallelism

/** A check and the work it took: PBKDF2 iterations run, and whether Argon2id ran. */
type CheckAndWork = ChosenPasswordCheck & { pbkdf2Iterations: number; argon2id: boolean }

async function checkOnce(
  password: string,
  phc: string,
  peppers: Peppers,
  kdf: Kdf,
): Promise<CheckAndWork> {
  assertPepper(peppers.current)
  const parsed = parseChosenPasswordHash(phc)
  if (parsed !== null && withinBounds(parsed)) {
    const check = await verifyArgon2id(password, parsed, peppers, kdf)
    return { ...check, pbkdf2Iterations: 0, argon2id: true }
  }
  const wrapped = parseWrappedLegacyHash(phc)
  if (wrapped !== null && withinBounds(wrapped)) {
    const pbkdf2 = await kdf.pbkdf2Sha256(password, wrapped.pbkdf2Salt, wrapped.iterations)
    const { pepper, known } = pepperFor(wrapped.keyId, peppers)
    const input = await wrappedInput(pbkdf2, pepper)
    const hash = kdf.argon2id(input, wrapped.salt, argon2idParametersOf(wrapped))
    const valid = equalInConstantTime(hash, wrapped.hash) && known
    // The holder's password is known now: stored again as plain Argon2id, PBKDF2 drops out.
    return { valid, needsRehash: valid, pbkdf2Iterations: wrapped.iterations, argon2id: true }
  }
  const legacy = parsePhc(phc)
  if (legacy !== null && legacy.iterations >= LEGACY_PBKDF2_MIN_ITERATIONS) {
    const hash = await kdf.pbkdf2Sha256(password, legacy.salt, legacy.iterations)
    const valid = equalInConstantTime(hash, legacy.hash)
    return { valid, needsRehash: valid, pbkdf2Iterations: legacy.iterations, argon2id: false }
  }
  const dummy = parseChosenPasswordHash(DUMMY_CHOSEN_PASSWORD_HASH)
  if (dummy !== null) await verifyArgon2id(password, dummy, peppers, kdf)
  return { valid: false, needsRehash: false, pbkdf2Iterations: 0, argon2id: true }
}

/**
 * Verifies a password against a stored hash: today's peppered Argon2id, a wrapped legacy hash
 * (`$argon2id-pbkdf2-sha256$`, PBKDF2 then peppered Argon2id), or a legacy unpeppered
 * `$pbkdf2-sha256$i=N$…` string (stored before wrapping; N from 10,000 to 100,000, fewer is
 * refused). Anything unreadable is invalid, at the cost of a dummy Argon2id. Never throws for a
 * bad string; throws only when the pepper itself is missing (a configuration error).
 *
 * @example
 * const { valid, needsRehash } = await verifyChosenPassword(typed, stored, env.PASSWORD_PEPPER)
 * if (valid && needsRehash) await store(await hashChosenPassword(typed, env.PASSWORD_PEPPER))
 */
export async function verifyChosenPassword(
  password: string,
  phc: string,
  pepper: string | Peppers,
  kdf: Kdf = WORKERS_KDF,
): Promise<ChosenPasswordCheck> {
  const { valid, needsRehash } = await checkOnce(password, phc, peppersOf(pepper), kdf)
  return { valid, needsRehash }
}

/** A salt for the padding PBKDF2: its output is thrown away. */
const PADDING_SALT = new Uint8Array(16)

/**
 * `verifyChosenPassword` at one fixed cost whatever is stored: exactly one Argon2id at today's
 * cost and PBKDF2 to the most iterations any accepted format may need (100,000), for today's
 * hash, a wrapped or a bare legacy hash of any iteration count, or none at all (`null`: no
 * account, no current password, or tries of it locked out), so the time does not tell them
 * apart (docs/performance.md, "Same cost for every stored hash"). A legacy hash of N iterations
 * is padded with 100,000 - N more.
 */
export async function verifyChosenPasswordAtFixedCost(
  password: string,
  phc: string | null,
  pepper: string | Peppers,
  kdf: Kdf = WORKERS_KDF,
): Promise<ChosenPasswordCheck> {
  const peppers = peppersOf(pepper)
  const work = await checkOnce(password, phc ?? DUMMY_CHOSEN_PASSWORD_HASH, peppers, kdf)
  if (!work.argon2id) {
    const dummy = parseChosenPasswordHash(DUMMY_CHOSEN_PASSWORD_HASH)
    if (dummy !== null) await verifyArgon2id(password, dummy, peppers, kdf)
  }
  const padding = PBKDF2_ITERATIONS - work.pbkdf2Iterations
  if (padding > 0) await kdf.pbkdf2Sha256(password, PADDING_SALT, padding)
  return phc === null
    ? { valid: false, needsRehash: false }
    : { valid: work.valid, needsRehash: work.needsRehash }
}

/**
 * Wraps a legacy `$pbkdf2-sha256$` string from the system of record at today's cost and pepper
 * (`wrapped-legacy.ts`); null when it is not an accepted legacy string.
 */
export function wrapLegacyHash(
  legacyPhc: string,
  pepper: string | Peppers,
  kdf: Kdf = WORKERS_KDF,
): Promise<string | null> {
  const { current, keyId } = peppersOf(pepper)
  assertPepper(current)
  const salt = crypto.getRandomValues(new Uint8Array(ARGON2ID_SALT_BYTES))
  return wrapLegacyPbkdf2(legacyPhc, current, ARGON2ID_PARAMETERS, keyId, salt, kdf.argon2id)
}
