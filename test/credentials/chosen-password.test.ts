import { argon2id as referenceArgon2id } from '@noble/hashes/argon2.js'
import { describe, expect, it } from 'vitest'
import { argon2idMemoryBytes, argon2idRaw } from '../../src/credentials/argon2id'
import {
  ARGON2ID_PARAMETERS,
  ARGON2ID_SALT_BYTES,
  DUMMY_CHOSEN_PASSWORD_HASH,
  hashChosenPassword,
  LEGACY_PBKDF2_MIN_ITERATIONS,
  PEPPER_KEY_ID,
  parseChosenPasswordHash,
  verifyChosenPassword,
} from '../../src/credentials/chosen-password'
import {
  hashPassword,
  hmacSha256Hex,
  PBKDF2_ITERATIONS,
  parsePhc,
} from '../../src/credentials/hash'
import { encodeBase64 } from '../../src/credentials/phc'

const PEPPER = 'test-password-pepper-0123456789abcdef'
const OTHER_PEPPER = 'another-password-pepper-0123456789ab'
const PASSWORD = 'violet harbour kettle 42'
const TODAYS_PHC = /^\$argon2id\$v=19\$m=19456,t=2,p=1,k=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/
const SALT = Uint8Array.from({ length: 16 }, (_, i) => i + 1)

/** A peppered Argon2id string at other parameters, as an older version of the service made. */
async function argon2idPhcAt(
  password: string,
  memoryKiB: number,
  passes: number,
  keyId = PEPPER_KEY_ID,
): Promise<string> {
  const input = await hmacSha256Hex(PEPPER, password.normalize('NFKC'))
  const hash = argon2idRaw(input, SALT, { memoryKiB, passes, parallelism: 1, hashBytes: 32 })
  return `$argon2id$v=19$m=${memoryKiB},t=${passes},p=1,k=${keyId}$${encodeBase64(SALT)}$${encodeBase64(hash)}`
}

describe("today's cost", () => {
  it('is Argon2id at 19 MiB, 2 passes, 1 lane, a 16-byte salt and a 32-byte hash', () => {
    expect(ARGON2ID_PARAMETERS).toEqual({
      memoryKiB: 19_456,
      passes: 2,
      parallelism: 1,
      hashBytes: 32,
    })
    expect(ARGON2ID_SALT_BYTES).toBe(16)
  })

  it('keeps PBKDF2 at the 100,000 iterations Workers allow, and refuses more', async () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000)
    await expect(hashPassword(PASSWORD, { iterations: 100_001 })).rejects.toThrow(RangeError)
    const phc = await hashPassword(PASSWORD, { salt: SALT })
    expect(parsePhc(phc.replace('i=100000', 'i=100001'))).toBeNull()
  })

  it('fits in the 128 MB a Worker isolate has, with room to spare', async () => {
    await hashChosenPassword(PASSWORD, PEPPER)
    expect(argon2idMemoryBytes()).toBeGreaterThanOrEqual(19 * 2 ** 20)
    expect(argon2idMemoryBytes()).toBeLessThan(32 * 2 ** 20)
  })
})

describe('argon2idRaw', () => {
  it('computes what an independent implementation computes, at small and at today’s cost', () => {
    for (const [memoryKiB, passes] of [
      [64, 1],
      [256, 3],
      [ARGON2ID_PARAMETERS.memoryKiB, ARGON2ID_PARAMETERS.passes],
    ] as const) {
      const ours = argon2idRaw('input', SALT, { memoryKiB, passes, parallelism: 1, hashBytes: 32 })
      const reference = referenceArgon2id('input', SALT, { m: memoryKiB, t: passes, p: 1 })
      expect(ours, `m=${memoryKiB},t=${passes}`).toEqual(reference)
    }
  })

  it('refuses input outside printable ASCII', () => {
    expect(() => argon2idRaw('pässword', SALT, ARGON2ID_PARAMETERS)).toThrow(RangeError)
  })
})

describe('hashChosenPassword', () => {
  it("writes a self-describing PHC string of today's cost and pepper key", async () => {
    const phc = await hashChosenPassword(PASSWORD, PEPPER)

    expect(phc).toMatch(TODAYS_PHC)
    expect(phc).not.toContain(PASSWORD)
    expect(parseChosenPasswordHash(phc)).toMatchObject({
      memoryKiB: 19_456,
      passes: 2,
      parallelism: 1,
      keyId: 1,
    })
  })

  it('hashes HMAC-SHA-256(pepper, NFKC(password)) in hex with Argon2id', async () => {
    const phc = await hashChosenPassword('ｈａｒｂｏｕｒ lamp kettle', PEPPER)
    const parsed = parseChosenPasswordHash(phc)
    if (parsed === null) throw new Error('unreadable hash')

    const input = await hmacSha256Hex(PEPPER, 'harbour lamp kettle')
    const reference = referenceArgon2id(input, parsed.salt, { m: 19_456, t: 2, p: 1 })
    expect(parsed.hash).toEqual(reference)
  })

  it('uses a new salt each time', async () => {
    const first = await hashChosenPassword(PASSWORD, PEPPER)
    const second = await hashChosenPassword(PASSWORD, PEPPER)
    expect(first).not.toBe(second)
  })

  it('refuses a missing or short pepper', async () => {
    await expect(hashChosenPassword(PASSWORD, '')).rejects.toThrow(/PASSWORD_PEPPER/)
    await expect(hashChosenPassword(PASSWORD, 'x'.repeat(31))).rejects.toThrow(/PASSWORD_PEPPER/)
  })
})

describe('verifyChosenPassword', () => {
  it("verifies today's hash, needing no rehash, also typed in full-width characters", async () => {
    const phc = await hashChosenPassword('harbour lamp kettle 7', PEPPER)

    expect(await verifyChosenPassword('harbour lamp kettle 7', phc, PEPPER)).toEqual({
      valid: true,
      needsRehash: false,
    })
    expect(await verifyChosenPassword('ｈａｒｂｏｕｒ lamp kettle ７', phc, PEPPER)).toEqual({
      valid: true,
      needsRehash: false,
    })
  })

  it('does not verify a wrong password, or the right one under another pepper', async () => {
    const phc = await hashChosenPassword(PASSWORD, PEPPER)
    const invalid = { valid: false, needsRehash: false }

    expect(await verifyChosenPassword(`${PASSWORD}!`, phc, PEPPER)).toEqual(invalid)
    expect(await verifyChosenPassword('', phc, PEPPER)).toEqual(invalid)
    expect(await verifyChosenPassword(PASSWORD, phc, OTHER_PEPPER)).toEqual(invalid)
  })

  it('throws when the pepper is missing: a configuration error, not a wrong password', async () => {
    const phc = await hashChosenPassword(PASSWORD, PEPPER)
    await expect(verifyChosenPassword(PASSWORD, phc, '')).rejects.toThrow(/PASSWORD_PEPPER/)
  })

  it('asks for a rehash of an Argon2id hash below today’s memory or passes, and not above', async () => {
    expect(
      await verifyChosenPassword(PASSWORD, await argon2idPhcAt(PASSWORD, 8192, 2), PEPPER),
    ).toEqual({ valid: true, needsRehash: true })
    expect(
      await verifyChosenPassword(PASSWORD, await argon2idPhcAt(PASSWORD, 19_456, 1), PEPPER),
    ).toEqual({ valid: true, needsRehash: true })
    expect(
      await verifyChosenPassword(PASSWORD, await argon2idPhcAt(PASSWORD, 19_456, 3), PEPPER),
    ).toEqual({ valid: true, needsRehash: false })
  })

  it('refuses a hash that names another pepper key', async () => {
    const phc = await argon2idPhcAt(PASSWORD, 19_456, 2, 2)
    expect(await verifyChosenPassword(PASSWORD, phc, PEPPER)).toEqual({
      valid: false,
      needsRehash: false,
    })
  })

  it('verifies legacy unpeppered PBKDF2-SHA256 from 10,000 to 100,000 iterations, asking for a rehash', async () => {
    for (const iterations of [LEGACY_PBKDF2_MIN_ITERATIONS, 100_000]) {
      const phc = await hashPassword(PASSWORD, { iterations })
      expect(await verifyChosenPassword(PASSWORD, phc, PEPPER), `i=${iterations}`).toEqual({
        valid: true,
        needsRehash: true,
      })
      expect(await verifyChosenPassword(`${PASSWORD}?`, phc, PEPPER)).toEqual({
        valid: false,
        needsRehash: false,
      })
    }
  })

  it('refuses legacy PBKDF2 below 10,000 iterations even with the right password', async () => {
    expect(LEGACY_PBKDF2_MIN_ITERATIONS).toBe(10_000)
    const phc = await hashPassword(PASSWORD, { iterations: 9_999 })
    expect(await verifyChosenPassword(PASSWORD, phc, PEPPER)).toEqual({
      valid: false,
      needsRehash: false,
    })
  })

  it('returns invalid without throwing for unreadable or out-of-bounds strings', async () => {
    const phc = await hashChosenPassword(PASSWORD, PEPPER)
    const unreadable = [
      '',
      PASSWORD,
      phc.slice(0, -1),
      `${phc}$extra`,
      phc.replace('$argon2id$', '$argon2i$'),
      phc.replace('v=19', 'v=16'),
      phc.replace('m=19456', 'm=1048576'),
      phc.replace('t=2', 't=11'),
      phc.replace('p=1', 'p=0'),
      phc.replace(/\$[^$]+\$([^$]+)$/, '$!!!$$$1'),
      `${phc}==`,
    ]
    for (const candidate of unreadable) {
      await expect(verifyChosenPassword(PASSWORD, candidate, PEPPER), candidate).resolves.toEqual({
        valid: false,
        needsRehash: false,
      })
    }
  })
})

describe('parseChosenPasswordHash', () => {
  it('reads a salt of 8 to 64 bytes and a hash of 16 to 64 bytes, nothing else', async () => {
    const phc = await hashChosenPassword(PASSWORD, PEPPER)
    const withSalt = (bytes: number) =>
      phc.replace(/\$[^$]+(\$[^$]+)$/, `$${encodeBase64(new Uint8Array(bytes).fill(7))}$1`)
    const withHash = (bytes: number) =>
      phc.replace(/\$[^$]+$/, `$${encodeBase64(new Uint8Array(bytes).fill(7))}`)

    for (const bytes of [8, 64]) expect(parseChosenPasswordHash(withSalt(bytes))).not.toBeNull()
    for (const bytes of [7, 65]) expect(parseChosenPasswordHash(withSalt(bytes))).toBeNull()
    for (const bytes of [16, 64]) expect(parseChosenPasswordHash(withHash(bytes))).not.toBeNull()
    for (const bytes of [15, 65]) expect(parseChosenPasswordHash(withHash(bytes))).toBeNull()
  })
})

describe('DUMMY_CHOSEN_PASSWORD_HASH', () => {
  it("has today's format and cost, so verifying against it costs what a real one does", () => {
    expect(DUMMY_CHOSEN_PASSWORD_HASH).toMatch(TODAYS_PHC)
    expect(parseChosenPasswordHash(DUMMY_CHOSEN_PASSWORD_HASH)).toMatchObject({
      ...{ memoryKiB: ARGON2ID_PARAMETERS.memoryKiB, passes: ARGON2ID_PARAMETERS.passes },
      parallelism: ARGON2ID_PARAMETERS.parallelism,
      keyId: PEPPER_KEY_ID,
    })
  })

  it('costs what verifying a real hash costs, as does an unreadable string', async () => {
    const real = await hashChosenPassword(PASSWORD, PEPPER)
    const candidates = [real, DUMMY_CHOSEN_PASSWORD_HASH, 'not a hash']
    const times: number[][] = candidates.map(() => [])
    // Interleaved, so a busy moment of the machine falls on all three alike.
    for (let round = 0; round < 7; round++) {
      for (const [i, phc] of candidates.entries()) {
        const started = performance.now()
        await verifyChosenPassword(PASSWORD, phc, PEPPER)
        times[i]?.push(performance.now() - started)
      }
    }
    const [realMs = 0, ...othersMs] = times.map((list) => list.sort((a, b) => a - b)[3] ?? 0)
    expect(realMs).toBeGreaterThan(0)
    // A cheaper dummy (a lower m or t) or an early return would be many times faster.
    for (const [i, ms] of othersMs.entries()) {
      expect(ms / realMs, candidates[i + 1]).toBeGreaterThan(1 / 3)
      expect(ms / realMs, candidates[i + 1]).toBeLessThan(3)
    }
  })

  it('verifies no password', async () => {
    for (const password of ['', PASSWORD, 'password']) {
      expect(await verifyChosenPassword(password, DUMMY_CHOSEN_PASSWORD_HASH, PEPPER)).toEqual({
        valid: false,
        needsRehash: false,
      })
    }
  })
})
