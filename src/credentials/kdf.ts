import { type Argon2idParameters, argon2idRaw } from './argon2id'
import { derivePbkdf2Sha256 } from './hash'

/**
 * The two slow derivations a password check is made of, behind one seam: the service always uses
 * `WORKERS_KDF`; a test hands in a counting one to see that every path does the same work
 * (docs/passwords.md, "Same cost for every stored hash").
 */
export interface Kdf {
  pbkdf2Sha256(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array>
  argon2id(asciiInput: string, salt: Uint8Array, parameters: Argon2idParameters): Uint8Array
}

export const WORKERS_KDF: Kdf = { pbkdf2Sha256: derivePbkdf2Sha256, argon2id: argon2idRaw }
