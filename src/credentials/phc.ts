/** The pieces every PHC-style hash string here shares: its base64 and a constant-time compare. */

/** Standard base64 without '=' padding, as the PHC string format specifies. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/=+$/, '')
}

/** The bytes of a canonical unpadded base64 string; null for anything else. */
export function decodeBase64(encoded: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+$/.test(encoded) || encoded.length % 4 === 1) return null
  const binary = atob(encoded.padEnd(Math.ceil(encoded.length / 4) * 4, '='))
  // A plain loop: every queued submission's sealed text is decoded here (docs/performance.md).
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  // Only the canonical spelling is accepted, so one hash has exactly one string.
  return encodeBase64(bytes) === encoded ? bytes : null
}

/** Compares in time that depends only on the lengths, never on where the bytes differ. */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return difference === 0
}
