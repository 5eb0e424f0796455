/**
 * The service's own keys, each at least 32 random bytes (256 bits), written as base64url (43
 * characters or more) or as hex (64 digits or more): what `npm start` writes to `.dev.vars`
 * (scripts/ensure-dev-vars.ts) and `openssl rand -base64 32 | tr '+/' '-_' | tr -d =` or
 * `openssl rand -hex 32` make. The key is the text itself (its UTF-8 bytes), so a key written
 * before this rule keeps every hash made under it valid. docs/operations.md, "Key rotation".
 */
const BASE64URL = /^[A-Za-z0-9_-]+$/
const HEX = /^[0-9A-Fa-f]+$/
const MIN_BASE64URL_CHARACTERS = 43
const MIN_HEX_DIGITS = 64
/** A placeholder ("xxxx…", "0000…") is refused; 64 random hex digits have all 16 almost surely. */
const MIN_DISTINCT_CHARACTERS = 8

/** A key and the one it replaced: written with `current`, verified with either. */
export interface SecretPair {
  current: string
  /** The key before the last rotation (the `*_PREVIOUS` secret); null when none is set. */
  previous: string | null
}

/** True when the text is a key of at least 32 random bytes, as written above. */
export function isStrongKey(value: string): boolean {
  if (!BASE64URL.test(value) || new Set(value).size < MIN_DISTINCT_CHARACTERS) return false
  return value.length >= (HEX.test(value) ? MIN_HEX_DIGITS : MIN_BASE64URL_CHARACTERS)
}

const requirement = (name: string) =>
  `${name} must be at least 32 random bytes: ${MIN_BASE64URL_CHARACTERS}+ base64url characters or ${MIN_HEX_DIGITS}+ hex digits (docs/operations.md, "Key rotation")`

/** The secret, checked; the error names the setting, never its value. */
export function strongSecret(value: string | undefined, name: string): string {
  if (!value) throw new Error(`The ${name} secret is not set`)
  if (!isStrongKey(value)) throw new Error(requirement(name))
  return value
}

/** `NAME` (required) and `NAME_PREVIOUS` (optional, checked alike when set). */
export function secretPair(env: Record<string, unknown>, name: string): SecretPair {
  const current = strongSecret(env[name] as string | undefined, name)
  const previousValue = env[`${name}_PREVIOUS`] as string | undefined
  const previous = previousValue ? strongSecret(previousValue, `${name}_PREVIOUS`) : null
  return { current, previous }
}

/** The webhook secret: `whsec_` and the base64 of its key bytes (Standard Webhooks). */
const SECRET_PREFIX = 'whsec_'
/** Standard Webhooks asks for keys of 24 to 64 bytes; this service, as for its own keys, 32 or more. */
const MIN_KEY_BYTES = 32
const MAX_KEY_BYTES = 64

/** The key bytes of a `whsec_…` secret; throws (naming no part of it) when it is malformed. */
export function webhookKey(secret: string, name = 'WEBHOOK_SECRET'): Uint8Array {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : ''
  let bytes: Uint8Array
  try {
    bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0))
  } catch {
    throw new Error(`${name} must be whsec_ followed by base64`)
  }
  if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
    throw new Error(`${name} must hold ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes`)
  }
  return bytes
}
