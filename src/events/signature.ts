/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is `whsec_` + base64
 * of the key bytes; a message is signed as `v1,` + base64 of HMAC-SHA256 over
 * `{webhook-id}.{webhook-timestamp}.{body}`.
 */
const SECRET_PREFIX = 'whsec_'
/** Standard Webhooks asks for keys of 24 to 64 bytes; this service, as for its own keys, 32 or more. */
const MIN_KEY_BYTES = 32
const MAX_KEY_BYTES = 64

const encoder = new TextEncoder()

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))

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

/** The `webhook-signature` header's value for one attempt. */
export async function signWebhook(
  key: Uint8Array,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const signed = encoder.encode(`${id}.${timestampSeconds}.${body}`)
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, signed))
  return `v1,${toBase64(mac)}`
}
