import Argon2, { Argon2Type, Argon2Version } from '@phi-ag/argon2'
// Imported as a module file: wrangler and the test pool hand it over compiled (Workers refuse
// to compile WebAssembly from bytes at run time).
import argon2Wasm from '@phi-ag/argon2/argon2.wasm'

export type Argon2idParameters = {
  /** Memory in KiB. */
  memoryKiB: number
  /** Passes over the memory. */
  passes: number
  /** Lanes. */
  parallelism: number
  hashBytes: number
}

// One instance per isolate, made on first use: its memory grows to the largest hash it has
// computed (about 19 MiB at today's parameters) and stays, so no hash pays for a new one.
let wasm: WebAssembly.Instance | undefined
let argon2: Argon2 | undefined

/**
 * Raw Argon2id (RFC 9106, version 0x13) of an ASCII input. Synchronous, so two hashes never
 * share the WebAssembly memory at once.
 *
 * @example
 * argon2idRaw('6b3a…', salt, { memoryKiB: 19_456, passes: 2, parallelism: 1, hashBytes: 32 })
 */
export function argon2idRaw(
  asciiInput: string,
  salt: Uint8Array,
  parameters: Argon2idParameters,
): Uint8Array {
  // The wrapper passes the string's length in UTF-16 units as its byte length; ASCII keeps the
  // two equal.
  if (!/^[\x20-\x7e]*$/.test(asciiInput)) throw new RangeError('argon2idRaw takes ASCII input')
  wasm ??= new WebAssembly.Instance(argon2Wasm, {})
  argon2 ??= new Argon2(wasm)
  return argon2.hash(asciiInput, {
    salt,
    memoryCost: parameters.memoryKiB,
    timeCost: parameters.passes,
    parallelism: parameters.parallelism,
    hashLength: parameters.hashBytes,
    type: Argon2Type.Argon2id,
    version: Argon2Version.Version13,
  }).hash
}

/** Bytes of WebAssembly memory the Argon2id instance holds now (0 before its first hash). */
export function argon2idMemoryBytes(): number {
  const memory = wasm?.exports.memory
  return memory instanceof WebAssembly.Memory ? memory.buffer.byteLength : 0
}
