import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { pepperKeyIdFor } from '../../scripts/support/pepper-key-id'
import { verifyChosenPassword } from '../../src/credentials/chosen-password'
import { WORKERS_KDF } from '../../src/credentials/kdf'
import { ARGON2ID_PARAMETERS, ARGON2ID_SALT_BYTES } from '../../src/credentials/todays-cost'
import { wrapLegacyPbkdf2 } from '../../src/credentials/wrapped-legacy'
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import wranglerToml from '../../wrangler.toml?raw'

const NEW_PEPPER = 'uL0pX2b6Yq3Zt9Wm4Rk8Hs1Ng5Cv7Jd0Fa2Qe6Ty3Io'

/** wrangler.toml with another PASSWORD_PEPPER_KEY_ID in its [vars]. */
const tomlWithKeyId = (id: string) =>
  wranglerToml.replace(/^PASSWORD_PEPPER_KEY_ID = ".*"$/m, `PASSWORD_PEPPER_KEY_ID = "${id}"`)

/** What scripts/support/wrap-legacy-hash.ts does, with the Worker's Argon2id in place of Node's. */
const wrapAsTheCommand = (pepper: string, keyId: number) =>
  wrapLegacyPbkdf2(
    DEMO_PASSWORD_HASH,
    pepper,
    ARGON2ID_PARAMETERS,
    keyId,
    crypto.getRandomValues(new Uint8Array(ARGON2ID_SALT_BYTES)),
    WORKERS_KDF.argon2id,
  )

describe("the import command's pepper key ID (docs/accounts-import.md, wrapped hashes)", () => {
  it('reads PASSWORD_PEPPER_KEY_ID as the Worker gets it: environment, then .dev.vars, then wrangler.toml', () => {
    expect(wranglerToml).toMatch(/^PASSWORD_PEPPER_KEY_ID = "1"$/m)
    const toml = tomlWithKeyId('2')
    expect(pepperKeyIdFor({ env: undefined, devVars: undefined, wranglerToml })).toBe(1)
    expect(pepperKeyIdFor({ env: undefined, devVars: undefined, wranglerToml: toml })).toBe(2)
    const devVars = 'CLIENT_HASH_KEY=x\nPASSWORD_PEPPER_KEY_ID="3"\n'
    expect(pepperKeyIdFor({ env: undefined, devVars, wranglerToml: toml })).toBe(3)
    expect(pepperKeyIdFor({ env: '4', devVars, wranglerToml: toml })).toBe(4)
    // Absent everywhere: the Worker's default.
    const none = wranglerToml.replace(/^PASSWORD_PEPPER_KEY_ID = .*$/m, '')
    expect(pepperKeyIdFor({ env: '', devVars: '', wranglerToml: none })).toBe(1)
  })

  it('refuses what the Worker refuses, with its message', () => {
    for (const bad of ['0', '1000', 'two', '1.5']) {
      expect(() => pepperKeyIdFor({ env: bad, devVars: undefined, wranglerToml })).toThrow(
        'PASSWORD_PEPPER_KEY_ID must be a whole number from 1 to 999',
      )
    }
  })

  it('writes the configured key ID, so the Worker verifies the hash after a rotation', async () => {
    // After a rotation: the new pepper is current under ID 2, the old one is previous.
    const keyId = pepperKeyIdFor({
      env: undefined,
      devVars: undefined,
      wranglerToml: tomlWithKeyId('2'),
    })
    const rotated = { current: NEW_PEPPER, keyId, previous: env.PASSWORD_PEPPER }
    const wrapped = await wrapAsTheCommand(NEW_PEPPER, keyId)
    expect(wrapped).toMatch(/^\$argon2id-pbkdf2-sha256\$v=19\$m=19456,t=2,p=1,k=2,/)
    expect(await verifyChosenPassword(DEMO_PASSWORD, wrapped ?? '', rotated)).toMatchObject({
      valid: true,
    })
    // The same hash labelled with the old ID 1 (what the command wrote before) is checked
    // against the previous pepper and fails.
    const mislabelled = await wrapAsTheCommand(NEW_PEPPER, 1)
    expect(await verifyChosenPassword(DEMO_PASSWORD, mislabelled ?? '', rotated)).toMatchObject({
      valid: false,
    })
  })
})
