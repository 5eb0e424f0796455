import type { Argon2idParameters } from './argon2id'
import { hmacSha256Hex, LEGACY_PBKDF2_MIN_ITERATIONS, PBKDF2_ITERATIONS, parsePhc } from './hash'
import { decodeBase64, encodeBase64 } from './phc'

/**
 * A legacy `$pbkdf2-sha256$` hash from the system of record, wrapped at rest: peppered Argon2id
 * over the PBKDF2 output, so no unpeppered, fast hash is ever stored (docs/accounts-import.md,
 * "Wrapped hashes"; docs/decisions/021-wrapped-legacy-hashes.md). The PBKDF2 iterations and salt
 * ride along, since verifying runs PBKDF2 first:
 * `$argon2id-pbkdf2-sha256$v=19$m=19456,t=2,p=1,k=1,i=N,ps=<pbkdf2 salt>$<salt>$<hash>`.
 */
const PHC_ID = 'argon2id-pbkdf2-sha256'

export type ParsedWrappedLegacyHash = {
  id: typeof PHC_ID
  memoryKiB: number
  passes: number
  parallelism: number
  keyId: number
  iterations: number
  pbkdf2Salt: Uint8Array
  salt: Uint8Array
  hash: Uint8Array
}

/** What Argon2id is given: HMAC-SHA-256 under the pepper of the PBKDF2 output, in hex (ASCII). */
export const wrappedInput = (pbkdf2Output: Uint8Array, pepper: string): Promise<string> =>
  hmacSha256Hex(
    pepper,
    `${PHC_ID}:${Array.from(pbkdf2Output, (b) => b.toString(16).padStart(2, '0')).join('')}`,
  )

/**
 * Wraps a legacy PHC string (no password needed: the PBKDF2 output is what is wrapped); null
 * when it is not an accepted legacy string.
 */
export async function wrapLegacyPbkdf2(
  legacyPhc: string,
  pepper: string,
  parameters: Argon2idParameters,
  keyId: number,
  salt: Uint8Array,
  argon2id: (
    asciiInput: string,
    salt: Uint8Array,
    parameters: Argon2idParameters,
  ) => Uint8Array | Promise<Uint8Array>,
): Promise<string | null> {
  const legacy = parsePhc(legacyPhc)
  if (legacy === null || legacy.iterations < LEGACY_PBKDF2_MIN_ITERATIONS) return null
  const hash = await argon2id(await wrappedInput(legacy.hash, pepper), salt, parameters)
  const { memoryKiB, passes, parallelism } = parameters
  return (
    `$${PHC_ID}$v=19$m=${memoryKiB},t=${passes},p=${parallelism},k=${keyId},` +
    `i=${legacy.iterations},ps=${encodeBase64(legacy.salt)}$${encodeBase64(salt)}$${encodeBase64(hash)}`
  )
}

/** Reads a wrapped legacy string; null for anything else. */
export function parseWrappedLegacyHash(phc: string): ParsedWrappedLegacyHash | null {
  const match =
    /^\$argon2id-pbkdf2-sha256\$v=19\$m=([1-9][0-9]{0,7}),t=([1-9][0-9]{0,2}),p=([1-9][0-9]{0,2}),k=([1-9][0-9]{0,2}),i=([1-9][0-9]{0,8}),ps=([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
      phc,
    )
  if (match === null) return null
  const [
    ,
    memory,
    passes,
    parallelism,
    keyId,
    iterations,
    encodedPbkdf2Salt,
    encodedSalt,
    encodedHash,
  ] = match
  const pbkdf2Salt = decodeBase64(encodedPbkdf2Salt ?? '')
  const salt = decodeBase64(encodedSalt ?? '')
  const hash = decodeBase64(encodedHash ?? '')
  const rounds = Number(iterations)
  if (rounds < LEGACY_PBKDF2_MIN_ITERATIONS || rounds > PBKDF2_ITERATIONS) return null
  if (pbkdf2Salt === null || pbkdf2Salt.length < 8 || pbkdf2Salt.length > 64) return null
  if (salt === null || salt.length < 8 || salt.length > 64) return null
  if (hash === null || hash.length < 16 || hash.length > 64) return null
  return {
    id: PHC_ID,
    memoryKiB: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
    keyId: Number(keyId),
    iterations: rounds,
    pbkdf2Salt,
    salt,
    hash,
  }
}
