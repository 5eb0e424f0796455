// The import command's wrapping of legacy hashes (docs/accounts-import.md, "Wrapped hashes"):
// the Worker's own format and parameters (src/credentials/wrapped-legacy.ts, todays-cost.ts),
// with Node's native Argon2id in place of the Worker's WebAssembly one: same RFC 9106 function.
import { argon2, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { ARGON2ID_PARAMETERS, ARGON2ID_SALT_BYTES } from '../../src/credentials/todays-cost.ts'
import { wrapLegacyPbkdf2 } from '../../src/credentials/wrapped-legacy.ts'
import { pepperKeyIdFor } from './pepper-key-id.ts'

const MIN_PEPPER_LENGTH = 32

/**
 * PASSWORD_PEPPER from the environment, or for the local database from `.dev.vars` (where
 * `npm start` wrote it); the deployed Worker's secret can not be read back, so `--remote` needs
 * it in the environment.
 */
export function readPepper(local: boolean): string | undefined {
  const fromEnv = process.env.PASSWORD_PEPPER
  if (fromEnv) return fromEnv
  if (!local || !existsSync('.dev.vars')) return undefined
  const line = readFileSync('.dev.vars', 'utf8')
    .split(/\r?\n/)
    .find((candidate) => candidate.startsWith('PASSWORD_PEPPER='))
  return line?.slice('PASSWORD_PEPPER='.length).replace(/^"(.*)"$/, '$1')
}

/**
 * The key ID of that pepper (`k=` in the wrapped hash), as the Worker reads
 * PASSWORD_PEPPER_KEY_ID: the environment, `.dev.vars` for the local database, wrangler.toml.
 */
export function readPepperKeyId(local: boolean): number {
  return pepperKeyIdFor({
    env: process.env.PASSWORD_PEPPER_KEY_ID,
    devVars: local && existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8') : undefined,
    wranglerToml: readFileSync('wrangler.toml', 'utf8'),
  })
}

const nodeArgon2id = (
  message: string,
  nonce: Uint8Array,
  parameters: typeof ARGON2ID_PARAMETERS,
): Promise<Uint8Array> =>
  new Promise((resolve, reject) =>
    argon2(
      'argon2id',
      {
        message,
        nonce,
        parallelism: parameters.parallelism,
        tagLength: parameters.hashBytes,
        memory: parameters.memoryKiB,
        passes: parameters.passes,
      },
      (error, hash) => (error ? reject(error) : resolve(new Uint8Array(hash))),
    ),
  )

/**
 * Wraps one legacy PHC string under the pepper, named by its key ID, at today's cost; throws for
 * anything else.
 */
export const wrapWithPepper = (pepper: string, keyId: number) => {
  if (pepper.length < MIN_PEPPER_LENGTH) {
    throw new Error(`PASSWORD_PEPPER must be at least ${MIN_PEPPER_LENGTH} characters`)
  }
  return async (legacyPhc: string): Promise<string> => {
    const salt = new Uint8Array(randomBytes(ARGON2ID_SALT_BYTES))
    const wrapped = await wrapLegacyPbkdf2(
      legacyPhc,
      pepper,
      ARGON2ID_PARAMETERS,
      keyId,
      salt,
      (input, nonce) => nodeArgon2id(input, nonce, ARGON2ID_PARAMETERS),
    )
    if (wrapped === null) throw new Error('A checked password hash did not wrap')
    return wrapped
  }
}
