import { describe, expect, it } from 'vitest'
import {
  foldInitializedPassword,
  generateInitializedPassword,
  groupInitializedPassword,
  INITIALIZED_PASSWORD_ALPHABET,
  INITIALIZED_PASSWORD_LENGTH,
  initializedPasswordEntropyBits,
} from '../../src/credentials/generate'
import {
  hashPassword,
  hmacKey,
  hmacSha256Hex,
  PBKDF2_HASH_BYTES,
  PBKDF2_ITERATIONS,
  PBKDF2_SALT_BYTES,
  parsePhc,
  sha256Hex,
  verifyPassword,
} from '../../src/credentials/hash'
import {
  hashInitializedPassword,
  verifyInitializedPassword,
} from '../../src/credentials/keyed-hash'
import { encodeBase64 } from '../../src/credentials/phc'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'

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
  it('holds none of the look-alike characters 0 O 1 l I, and one of each pair 5/S 2/Z 8/B 6/G', () => {
    for (const lookAlike of ['0', 'O', '1', 'l', 'I', 'L', 'S', 'Z', 'B', 'G']) {
      expect(INITIALIZED_PASSWORD_ALPHABET).not.toContain(lookAlike)
    }
  })

  it('holds each character once, upper-case letters and digits 2-9 only, so case never matters', () => {
    expect(new Set(INITIALIZED_PASSWORD_ALPHABET).size).toBe(INITIALIZED_PASSWORD_ALPHABET.length)
    expect(INITIALIZED_PASSWORD_ALPHABET).toMatch(/^[A-Z2-9]+$/)
    expect(INITIALIZED_PASSWORD_ALPHABET).toContain('2')
    expect(INITIALIZED_PASSWORD_ALPHABET).toContain('9')
  })

  it('gives a 24-character password at least 112 bits of entropy', () => {
    expect(INITIALIZED_PASSWORD_LENGTH).toBe(24)
    expect(initializedPasswordEntropyBits()).toBeGreaterThanOrEqual(112)
  })
})

describe('generateInitializedPassword', () => {
  it('draws 24 characters from the alphabet with a letter and a digit and no look-alike, over 2,000 draws', () => {
    const drawn = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const password = generateInitializedPassword()
      drawn.add(password)
      expect(password).toHaveLength(INITIALIZED_PASSWORD_LENGTH)
      for (const character of password) expect(INITIALIZED_PASSWORD_ALPHABET).toContain(character)
      expect(password).toMatch(/[A-Z]/)
      expect(password).toMatch(/[0-9]/)
      for (const lookAlike of LOOK_ALIKES) expect(password).not.toContain(lookAlike)
    }
    expect(drawn.size).toBe(2000)
  })

  it('skips bytes that would bias the draw toward the start of the alphabet', () => {
    // 27 characters: bytes 0-242 map evenly (9 times each), 243-255 would favour 'A'-'T'.
    expect(INITIALIZED_PASSWORD_ALPHABET).toHaveLength(27)
    const source = scriptedBytes([
      243, // skipped: would be 'A'
      byteFor('A'),
      255, // skipped
      ...[...'C3DE4FH5JK6MN7PQ8RT9UV'].map(byteFor),
      242, // the last unbiased byte: '9'
    ])

    expect(generateInitializedPassword(source.randomBytes)).toBe('AC3DE4FH5JK6MN7PQ8RT9UV9')
    expect(source.requests).toEqual([24, 2])
    expect(source.remaining()).toBe(0)
  })

  it('redraws the whole password when a draw lacks a digit', () => {
    const withoutDigit = 'ACDEFHJKMNPQRTUVWXYACDEF'
    const withDigit = 'XY2ACDEFHJKMNPQRTUVWXYAC'
    const source = scriptedBytes([...withoutDigit, ...withDigit].map(byteFor))

    expect(generateInitializedPassword(source.randomBytes)).toBe(withDigit)
    expect(source.requests).toEqual([24, 24])
  })

  it('redraws the whole password when a draw lacks a letter', () => {
    const withoutLetter = '234567892345678923456789'
    const withLetter = '23456789234567892345678A'
    const source = scriptedBytes([...withoutLetter, ...withLetter].map(byteFor))

    expect(generateInitializedPassword(source.randomBytes)).toBe(withLetter)
  })
})

describe('the initialized password as shown and as compared', () => {
  it('is shown in six groups of four joined by hyphens', () => {
    expect(groupInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8V')).toBe(
      'Q7HR-XK3M-WDN9-JT4P-FA2E-YC8V',
    )
  })

  it('is compared without spaces, hyphens, full-width forms or case', () => {
    for (const typed of [
      ' Q7HR-XK3M-WDN9-JT4P-FA2E-YC8V ',
      'q7hr xk3m wdn9 jt4p fa2e yc8v',
      'Ｑ７ＨＲ\u3000ＸＫ３Ｍ－WDN9JT4PFA2EYC8V\n',
      'Q7HR\u2010XK3M\u2013WDN9\u30FCJT4PFA2EYC8V',
    ]) {
      expect(foldInitializedPassword(typed)).toBe('Q7HRXK3MWDN9JT4PFA2EYC8V')
    }
  })
})

describe('the keyed hash of an initialized password', () => {
  const KEY = 'test-initialized-password-key'

  it('verifies a new one typed with spaces, hyphens or in lower case, and nothing else', async () => {
    const hash = await hashInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8V', KEY)
    expect(hash).toMatch(/^\$hmac-sha256\$v=2\$/)
    for (const typed of [
      'Q7HRXK3MWDN9JT4PFA2EYC8V',
      ' Q7HR-XK3M-WDN9-JT4P-FA2E-YC8V\t',
      'q7hr xk3m wdn9 jt4p fa2e yc8v',
    ]) {
      expect(await verifyInitializedPassword(typed, hash, KEY)).toBe(true)
    }
    expect(await verifyInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8W', hash, KEY)).toBe(false)
    expect(await verifyInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8V', hash, 'other')).toBe(false)
  })

  it('still verifies an unexpired one issued before: exact case, with spaces and hyphens dropped', async () => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i)
    const old = 'a88QqVxgfD8Y9y2SEpsg'
    const mac = await crypto.subtle.sign(
      'HMAC',
      await hmacKey(KEY),
      new Uint8Array([...salt, ...new TextEncoder().encode(old)]),
    )
    const hash = `$hmac-sha256$v=1$${encodeBase64(salt)}$${encodeBase64(new Uint8Array(mac))}`
    expect(await verifyInitializedPassword(old, hash, KEY)).toBe(true)
    expect(await verifyInitializedPassword(` ${old} `, hash, KEY)).toBe(true)
    expect(await verifyInitializedPassword('a88Q-qVxg-fD8Y-9y2S-Epsg', hash, KEY)).toBe(true)
    // Its alphabet had both cases, so case still counts.
    expect(await verifyInitializedPassword(old.toUpperCase(), hash, KEY)).toBe(false)
  })

  it('verifies nothing against an unknown version or a malformed string', async () => {
    const hash = await hashInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8V', KEY)
    for (const broken of [
      hash.replace('v=2', 'v=3'),
      hash.replace('v=2', 'constructor'),
      hash.replace('hmac-sha256', 'hmac-sha1'),
      `${hash}$extra`,
    ]) {
      expect(await verifyInitializedPassword('Q7HRXK3MWDN9JT4PFA2EYC8V', broken, KEY)).toBe(false)
    }
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
