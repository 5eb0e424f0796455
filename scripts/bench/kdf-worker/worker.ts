// One hash per request, so the runner (scripts/bench/kdf.ts) can read workerd's CPU time and
// memory around it. Each candidate is the build the service could ship on Workers.
import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js'
import { scrypt } from '@noble/hashes/scrypt.js'
import { argon2idMemoryBytes, argon2idRaw } from '../../../src/credentials/argon2id'
import { ARGON2ID_PARAMETERS } from '../../../src/credentials/chosen-password'

const input = 'a3f1c2e4b5d6a7089a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071'
const salt = () => crypto.getRandomValues(new Uint8Array(16))

const candidates: Record<string, () => Promise<unknown> | unknown> = {
  noop: () => null,
  'argon2id-wasm': () => argon2idRaw(input, salt(), ARGON2ID_PARAMETERS),
  'argon2id-js': () => nobleArgon2id(input, salt(), { m: 19_456, t: 2, p: 1, dkLen: 32 }),
  'scrypt-js': () => scrypt(input, salt(), { N: 2 ** 17, r: 8, p: 1, dkLen: 32, maxmem: 2 ** 28 }),
  'pbkdf2-webcrypto': async () => {
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(input),
      'PBKDF2',
      false,
      ['deriveBits'],
    )
    return crypto.subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt: salt(), iterations: 100_000 },
      key,
      256,
    )
  },
}

export default {
  async fetch(request: Request): Promise<Response> {
    const name = new URL(request.url).searchParams.get('kdf') ?? 'noop'
    const candidate = candidates[name]
    if (candidate === undefined) return new Response('unknown kdf', { status: 404 })
    try {
      await candidate()
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 })
    }
    return Response.json({ wasmMemoryBytes: argon2idMemoryBytes() })
  },
}
