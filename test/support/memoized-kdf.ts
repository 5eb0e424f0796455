import type { Argon2idParameters } from '../../src/credentials/argon2id'
import { type Kdf, WORKERS_KDF } from '../../src/credentials/kdf'

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * The real derivations (`WORKERS_KDF`, production parameters), each result remembered by its
 * inputs: a test that sends the same wrong password thousands of times computes it once, and
 * every answer is still what the real KDF gives. `computed` counts the derivations actually run.
 */
export function memoizedKdf() {
  const pbkdf2 = new Map<string, Promise<Uint8Array>>()
  const argon2id = new Map<string, Uint8Array>()
  const stats = { computed: 0 }
  const kdf: Kdf = {
    pbkdf2Sha256(password, salt, iterations) {
      const key = `${password}\u0000${hex(salt)}\u0000${iterations}`
      let result = pbkdf2.get(key)
      if (result === undefined) {
        stats.computed++
        result = WORKERS_KDF.pbkdf2Sha256(password, salt, iterations)
        pbkdf2.set(key, result)
      }
      return result
    },
    argon2id(input: string, salt: Uint8Array, parameters: Argon2idParameters) {
      const key = `${input}\u0000${hex(salt)}\u0000${JSON.stringify(parameters)}`
      let result = argon2id.get(key)
      if (result === undefined) {
        stats.computed++
        result = WORKERS_KDF.argon2id(input, salt, parameters)
        argon2id.set(key, result)
      }
      return result
    },
  }
  return { kdf, stats }
}
