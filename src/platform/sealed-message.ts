import { decodeBase64, encodeBase64 } from '../credentials/phc'
import type { SecretPair } from './secrets'

/**
 * A work message's submission (name, phone, e-mail, login ID) sealed with AES-256-GCM under
 * `QUEUE_MESSAGE_KEY`, so that the queue, its retries and the dead-letter queue hold no personal
 * data in clear (docs/security.md). Format: `v1.<iv>.<ciphertext and tag>` (base64, no padding).
 * The additional data binds it to its message's procedure and request ID: a sealed submission
 * moved into another message does not open.
 */
const VERSION = 'v1'
const IV_BYTES = 12

// Imported once per secret and isolate, like the HMAC keys (src/credentials/hash.ts).
const aesKeys = new Map<string, Promise<CryptoKey>>()

/** The AES-256 key of a secret: SHA-256 of its UTF-8 text under a label of its own. */
function aesKey(secret: string): Promise<CryptoKey> {
  let key = aesKeys.get(secret)
  if (key === undefined) {
    key = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(`queue-message-key:${secret}`))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']))
    aesKeys.set(secret, key)
  }
  return key
}

const additionalData = (binding: string) => new TextEncoder().encode(binding)

/**
 * Seals a submission under the current key.
 *
 * @example
 * const sealed = await sealSubmission(request, config.queueMessageKeys.current, `${procedure}:${requestId}`)
 */
export async function sealSubmission(
  submission: unknown,
  secret: string,
  binding: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const plaintext = new TextEncoder().encode(JSON.stringify(submission))
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(binding) },
    await aesKey(secret),
    plaintext,
  )
  return `${VERSION}.${encodeBase64(iv)}.${encodeBase64(new Uint8Array(ciphertext))}`
}

/**
 * Opens a sealed submission with the current key or the previous one (a rotation while messages
 * wait); `undefined` when neither opens it, it is malformed, or bound to another message.
 */
export async function openSubmission(
  sealed: string,
  keys: SecretPair,
  binding: string,
): Promise<unknown> {
  const [version, encodedIv, encodedCiphertext, ...rest] = sealed.split('.')
  if (version !== VERSION || rest.length > 0) return undefined
  const iv = decodeBase64(encodedIv ?? '')
  const ciphertext = decodeBase64(encodedCiphertext ?? '')
  if (iv === null || iv.length !== IV_BYTES || ciphertext === null) return undefined
  for (const secret of [keys.current, keys.previous]) {
    if (secret === null) continue
    try {
      const plaintext = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: additionalData(binding) },
        await aesKey(secret),
        new Uint8Array(ciphertext),
      )
      return JSON.parse(new TextDecoder().decode(plaintext))
    } catch {
      // Not this key (or tampered with): the next one, if any.
    }
  }
  return undefined
}
