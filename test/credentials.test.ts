import { describe, expect, it } from 'vitest'
import {
  generateInitializedPassword,
  INITIALIZED_PASSWORD_ALPHABET,
  INITIALIZED_PASSWORD_LENGTH,
  initializedPasswordEntropyBits,
} from '../src/credentials/generate'
import {
  hashPassword,
  hmacSha256Hex,
  PBKDF2_HASH_BYTES,
  PBKDF2_ITERATIONS,
  PBKDF2_SALT_BYTES,
  parsePhc,
  sha256Hex,
  verifyPassword,
} from '../src/credentials/hash'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../src/db/demo-accounts'

const LOOK_ALIKES = ['0', 'O', 'o', '1', 'l', 'I']
const PHC_PATTERN = /^\$pbkdf2-sha256\$i=100000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/
const FIXED_SALT = Uint8Array.from({ length: 16 }, (_, i) => i)

/** A byte source that hands out the given bytes in order and records how many were asked for. */
function scriptedBytes(bytes: number[]) {
  const queue = [...bytes]
  const requests: number[] = []
  const randomBytes = (n: number) => {
    requests.push(n)
    if (queue.length < n) throw new Error('the scripted byte source ran dry')
    return Uint8Array.from(queue.splice(0, n))
  }
  return { randomBytes, requests, remaining: () => queue.length }
}

/** The unbiased byte that draws this character. */
const byteFor = (character: string) => INITIALIZED_PASSWORD_ALPHABET.indexOf(character)

describe('initialized password alphabet', () => {
  it('holds none of the look-alike characters 0 O 1 l I', () => {
    for (const lookAlike of ['0', 'O', '1', 'l', 'I']) {
      expect(INITIALIZED_PASSWORD_ALPHABET).not.toContain(lookAlike)
    }
  })

  it('holds each character once, with upper-case letters, lower-case letters and digits 2-9', () => {
    expect(new Set(INITIALIZED_PASSWORD_ALPHABET).size).toBe(INITIALIZED_PASSWORD_ALPHABET.length)
    expect(INITIALIZED_PASSWORD_ALPHABET).toMatch(/^[A-Za-z2-9]+$/)
    expect(INITIALIZED_PASSWORD_ALPHABET).toContain('2')
    expect(INITIALIZED_PASSWORD_ALPHABET).toContain('9')
  })

  it('gives a 20-character password at least 112 bits of entropy', () => {
    expect(INITIALIZED_PASSWORD_LENGTH).toBe(20)
    expect(initializedPasswordEntropyBits()).toBeGreaterThanOrEqual(112)
  })
})

describe('generateInitializedPassword', () => {
  it('draws 20 characters from the alphabet with every class and no look-alike, over 2,000 draws', () => {
    const drawn = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const password = generateInitializedPassword()
      drawn.add(password)
      expect(password).toHaveLength(INITIALIZED_PASSWORD_LENGTH)
      for (const character of password) expect(INITIALIZED_PASSWORD_ALPHABET).toContain(character)
      expect(password).toMatch(/[A-Z]/)
      expect(password).toMatch(/[a-z]/)
      expect(password).toMatch(/[0-9]/)
      for (const lookAlike of LOOK_ALIKES) expect(password).not.toContain(lookAlike)
    }
    expect(drawn.size).toBe(2000)
  })

  it('skips bytes that would bias the draw toward the start of the alphabet', () => {
    // 56 characters: bytes 0-223 map evenly (4 times each), 224-255 would favour 'A'-'h'.
    expect(INITIALIZED_PASSWORD_ALPHABET).toHaveLength(56)
    const source = scriptedBytes([
      224, // skipped: would be 'A'
      byteFor('A'),
      255, // skipped: would be 'h'
      ...[...'b3Cd4Ef5Gh6Jk7Mn8P'].map(byteFor),
      223, // the last unbiased byte: '9'
    ])

    expect(generateInitializedPassword(source.randomBytes)).toBe('Ab3Cd4Ef5Gh6Jk7Mn8P9')
    expect(source.requests).toEqual([20, 2])
    expect(source.remaining()).toBe(0)
  })

  it('redraws the whole password when a draw lacks a digit', () => {
    const withoutDigit = 'AbCdEfGhJkMnPqRsTuVw'
    const withEveryClass = 'xYz2AbCdEfGhJkMnPqRs'
    const source = scriptedBytes([...withoutDigit, ...withEveryClass].map(byteFor))

    expect(generateInitializedPassword(source.randomBytes)).toBe(withEveryClass)
    expect(source.requests).toEqual([20, 20])
  })

  it('redraws the whole password when a draw lacks a letter case', () => {
    const withoutLowerCase = 'AB2CD3EF4GH5JK6MN7PQ'
    const withoutUpperCase = 'ab2cd3ef4gh5jk6mn7pq'
    const withEveryClass = 'aB2cD3eF4gH5jK6mN7pQ'
    const source = scriptedBytes(
      [...withoutLowerCase, ...withoutUpperCase, ...withEveryClass].map(byteFor),
    )

    expect(generateInitializedPassword(source.randomBytes)).toBe(withEveryClass)
  })
})

describe('hashPassword', () => {
  it('writes a PHC string pinned at 100,000 iterations, the production Workers limit', async () => {
    expect(PBKDF2_ITERATIONS).toBe(100_000)
    expect(PBKDF2_SALT_BYTES).toBe(16)
    expect(PBKDF2_HASH_BYTES).toBe(32)

    const phc = await hashPassword('Current-Pa55word!')

    expect(phc).toMatch(PHC_PATTERN)
    expect(phc).toContain('$i=100000$')
    expect(parsePhc(phc)).toMatchObject({ id: 'pbkdf2-sha256', iterations: 100_000 })
  })

  it('salts each hash, so two hashes of one password differ and both verify', async () => {
    const first = await hashPassword('Current-Pa55word!')
    const second = await hashPassword('Current-Pa55word!')

    expect(first).not.toBe(second)
    expect(await verifyPassword('Current-Pa55word!', first)).toBe(true)
    expect(await verifyPassword('Current-Pa55word!', second)).toBe(true)
  })

  it('refuses more than 100,000 iterations, which Cloudflare Workers would fail on', async () => {
    await expect(hashPassword('Current-Pa55word!', { iterations: 100_001 })).rejects.toThrow(
      RangeError,
    )
    await expect(hashPassword('Current-Pa55word!', { iterations: 0 })).rejects.toThrow(RangeError)
  })

  it('matches PBKDF2-HMAC-SHA256 computed independently by Node crypto.pbkdf2Sync', async () => {
    // node -e "crypto.pbkdf2Sync('Current-Pa55word!', Buffer.from('000102…0f', 'hex'), 100000, 32, 'sha256').toString('base64')"
    expect(await hashPassword('Current-Pa55word!', { salt: FIXED_SALT })).toBe(
      '$pbkdf2-sha256$i=100000$AAECAwQFBgcICQoLDA0ODw$AXFVHOPjJykr1SZ15hG/jYp1NWAGXXrEd9EbZpJeYGM',
    )
  })

  it('hashes a password NFKC-normalized, so full-width input equals its one-byte form', async () => {
    const salt = new TextEncoder().encode('saltsaltsalt')
    // node -e "crypto.pbkdf2Sync('ABC-pa55word', 'saltsaltsalt', 1000, 32, 'sha256').toString('base64')"
    const expected =
      '$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0$tUlBqsONAEHpf8ix+UknPvPIEwktuyfpLe17y7ED0JQ'

    expect(await hashPassword('ＡＢＣ-pa55word', { iterations: 1000, salt })).toBe(expected)
    expect(await verifyPassword('ABC-pa55word', expected)).toBe(true)
  })
})

describe('verifyPassword', () => {
  it('does not verify a wrong password', async () => {
    const phc = await hashPassword('Current-Pa55word!')

    expect(await verifyPassword('Current-Pa55word?', phc)).toBe(false)
    expect(await verifyPassword('', phc)).toBe(false)
  })

  it('returns false without throwing for malformed or truncated PHC strings', async () => {
    const phc = await hashPassword('Current-Pa55word!', { salt: FIXED_SALT })
    const malformed = [
      '',
      'Current-Pa55word!',
      phc.slice(0, -1),
      phc.slice(0, -10),
      phc.slice(0, phc.lastIndexOf('$')),
      `${phc}$extra`,
      phc.replace('pbkdf2-sha256', 'pbkdf2-sha512'),
      phc.replace('i=100000', 'i=100001'),
      phc.replace('i=100000', 'i=0'),
      phc.replace('i=100000', 'i=abc'),
      phc.replace('i=100000', 'rounds=100000'),
      phc.replace('AAECAwQFBgcICQoLDA0ODw', 'AAECAwQFBgcICQoLDA0ODw=='),
      phc.replace('AAECAwQFBgcICQoLDA0ODw', '!!!'),
      phc.replace('AAECAwQFBgcICQoLDA0ODw', ''),
    ]

    for (const candidate of malformed) {
      expect(parsePhc(candidate), candidate).toBeNull()
      await expect(verifyPassword('Current-Pa55word!', candidate), candidate).resolves.toBe(false)
    }
  })

  it('returns false when the stored hash has another length', async () => {
    const phc = await hashPassword('Current-Pa55word!', { salt: FIXED_SALT })
    const shortened = phc.replace(/\$[^$]+$/, '$AXFVHOPjJykr1SZ15hG/jQ')

    expect(parsePhc(shortened)?.hash).toHaveLength(16)
    expect(await verifyPassword('Current-Pa55word!', shortened)).toBe(false)
  })
})

describe('digests', () => {
  it('hex-encodes SHA-256 and HMAC-SHA256 like the published test vectors', async () => {
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    // RFC 4231 test case 2
    expect(await hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })
})

describe('demo accounts', () => {
  it('store a hash that the published demo password verifies against', async () => {
    expect(DEMO_PASSWORD).toBe('Current-Pa55word!')
    expect(DEMO_PASSWORD_HASH).toMatch(PHC_PATTERN)
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD_HASH)).toBe(true)
  })

  it('are the six accounts of the spec with their statuses', () => {
    expect(
      DEMO_ACCOUNTS.map(({ loginId, kind, status, locale }) => [loginId, kind, status, locale]),
    ).toEqual([
      ['123456789', 'individual', 'active', 'ja'],
      ['987654321', 'organization', 'active', 'ja'],
      ['987654322', 'organization', 'active', 'ja'],
      ['555000111', 'individual', 'active', 'en'],
      ['321654987', 'individual', 'active', 'ja'],
      ['444000222', 'individual', 'locked', 'ja'],
    ])
    expect(DEMO_ACCOUNTS.find((account) => account.loginId === '321654987')).toMatchObject({
      contactGivenName: '太郎',
      contactFamilyName: '国',
      contactPhone: '+818098765432',
    })
    expect(DEMO_ACCOUNTS.filter((account) => account.organizationName !== null)).toEqual([
      expect.objectContaining({
        loginId: '987654321',
        organizationName: 'Example Trading Co., Ltd.',
      }),
      expect.objectContaining({
        loginId: '987654322',
        organizationName: 'Example Logistics Co., Ltd.',
      }),
    ])
    for (const account of DEMO_ACCOUNTS)
      expect(account.contactPhone).toMatch(/^\+[1-9][0-9]{6,14}$/)
  })
})
