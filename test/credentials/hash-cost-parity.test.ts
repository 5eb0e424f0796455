import { describe, expect, it } from 'vitest'
import type { Argon2idParameters } from '../../src/credentials/argon2id'
import {
  ARGON2ID_PARAMETERS,
  hashChosenPassword,
  verifyChosenPassword,
  verifyChosenPasswordAtFixedCost,
  wrapLegacyHash,
} from '../../src/credentials/chosen-password'
import { hashPassword, PBKDF2_ITERATIONS, parsePhc } from '../../src/credentials/hash'
import { type Kdf, WORKERS_KDF } from '../../src/credentials/kdf'
import { encodeBase64 } from '../../src/credentials/phc'
import { parseWrappedLegacyHash } from '../../src/credentials/wrapped-legacy'

const PEPPER = 'test-password-pepper-0123456789abcdef'
const PASSWORD = 'violet harbour kettle 42'

/** The real derivations, with a tally of what was derived. */
function countingKdf() {
  const work = { pbkdf2Iterations: 0, pbkdf2Calls: 0, argon2id: [] as Argon2idParameters[] }
  const kdf: Kdf = {
    pbkdf2Sha256: (password, salt, iterations) => {
      work.pbkdf2Iterations += iterations
      work.pbkdf2Calls++
      return WORKERS_KDF.pbkdf2Sha256(password, salt, iterations)
    },
    argon2id: (input, salt, parameters) => {
      work.argon2id.push(parameters)
      return WORKERS_KDF.argon2id(input, salt, parameters)
    },
  }
  return { kdf, work }
}

describe('verifyChosenPasswordAtFixedCost', () => {
  it('derives one Argon2id at today’s cost and 100,000 PBKDF2 iterations whatever is stored', async () => {
    const legacy10k = await hashPassword(PASSWORD, { iterations: 10_000 })
    const legacy60k = await hashPassword(PASSWORD, { iterations: 60_000 })
    const stored: Record<string, string | null> = {
      argon2id: await hashChosenPassword(PASSWORD, PEPPER),
      'legacy 10,000': legacy10k,
      'legacy 60,000': legacy60k,
      'legacy 100,000': await hashPassword(PASSWORD),
      'wrapped 10,000': await wrapLegacyHash(legacy10k, PEPPER),
      'wrapped 60,000': await wrapLegacyHash(legacy60k, PEPPER),
      'unknown login ID': null,
      unreadable: 'not a hash',
    }
    for (const [name, phc] of Object.entries(stored)) {
      for (const password of [PASSWORD, 'a wrong guess']) {
        const { kdf, work } = countingKdf()
        const check = await verifyChosenPasswordAtFixedCost(password, phc, PEPPER, kdf)
        expect(check.valid, `${name}, ${password}`).toBe(
          password === PASSWORD && phc !== null && name !== 'unreadable',
        )
        expect(work.argon2id, name).toEqual([ARGON2ID_PARAMETERS])
        expect(work.pbkdf2Iterations, name).toBe(PBKDF2_ITERATIONS)
        expect(work.pbkdf2Calls, name).toBeLessThanOrEqual(2)
      }
    }
  }, 60_000) // Sixteen checks at full cost: more than the default 5 s on a busy machine.
})

describe('wrapLegacyHash', () => {
  it('stores peppered Argon2id over the PBKDF2 output, with the PBKDF2 iterations and salt', async () => {
    const legacy = await hashPassword(PASSWORD, { iterations: 10_000 })
    const wrapped = await wrapLegacyHash(legacy, PEPPER)
    expect(wrapped).toMatch(
      /^\$argon2id-pbkdf2-sha256\$v=19\$m=19456,t=2,p=1,k=1,i=10000,ps=[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    )
    const parsedLegacy = parsePhc(legacy)
    const parsed = parseWrappedLegacyHash(wrapped ?? '')
    expect(parsed?.pbkdf2Salt).toEqual(parsedLegacy?.salt)
    // The weak hash itself is nowhere in what is stored.
    expect(wrapped).not.toContain(encodeBase64(parsedLegacy?.hash ?? new Uint8Array()))
  })

  it('verifies the legacy password (asking for a rehash) and nothing else, only under its pepper', async () => {
    const wrapped =
      (await wrapLegacyHash(await hashPassword(PASSWORD, { iterations: 10_000 }), PEPPER)) ?? ''
    expect(await verifyChosenPassword(PASSWORD, wrapped, PEPPER)).toEqual({
      valid: true,
      needsRehash: true,
    })
    expect(await verifyChosenPassword('violet harbour kettle 43', wrapped, PEPPER)).toEqual({
      valid: false,
      needsRehash: false,
    })
    expect(
      (await verifyChosenPassword(PASSWORD, wrapped, 'another-password-pepper-0123456789ab')).valid,
    ).toBe(false)
  })

  it('refuses what is no accepted legacy string, and a wrapped string out of bounds', async () => {
    for (const input of ['', 'not a hash', await hashPassword(PASSWORD, { iterations: 9_999 })]) {
      expect(await wrapLegacyHash(input, PEPPER), input).toBeNull()
    }
    const wrapped = (await wrapLegacyHash(await hashPassword(PASSWORD), PEPPER)) ?? ''
    expect(parseWrappedLegacyHash(wrapped.replace('i=100000', 'i=100001'))).toBeNull()
    expect(parseWrappedLegacyHash(wrapped.replace('i=100000', 'i=9999'))).toBeNull()
    expect(
      (await verifyChosenPassword(PASSWORD, wrapped.replace('m=19456', 'm=999999'), PEPPER)).valid,
    ).toBe(false)
  })
})
