import { eq } from 'drizzle-orm'
import { sha256Hex } from '../../src/credentials/hash'
import { apiKeys } from '../../src/db/schema'
import { resetToDemoAccounts } from './demo'
import { db } from './rows'

/** A freshly created key: the secret the integration holds, and the id of its stored row. */
export interface CreatedApiKey {
  id: string
  name: string
  key: string
  keyHash: string
}

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

const randomBytes = (count: number) => crypto.getRandomValues(new Uint8Array(count))

/** Empties the `api_keys` table (resetToDemoAccounts leaves it alone). */
export async function clearApiKeys(): Promise<void> {
  await db.delete(apiKeys)
}

/** The demo accounts and no API key: where every test of the JSON API starts. */
export async function resetToDemoAccountsWithoutKeys(): Promise<void> {
  await resetToDemoAccounts()
  await clearApiKeys()
}

/**
 * Creates an API key the way `npm run api-key -- create` does: 256 random bits shown once, and
 * only their SHA-256 (hex) stored, with a name, a `COUNT/SECONDS` quota, its scopes (`recovery`
 * unless given) and the creation time.
 */
export async function insertApiKey(
  options: {
    name?: string
    quota?: string
    scopes?: string
    revokedAt?: number | null
    expiresAt?: number | null
  } = {},
): Promise<CreatedApiKey> {
  const key = `pik_${base64Url(randomBytes(32))}`
  const id = `key_${[...randomBytes(8)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`
  const name = options.name ?? `integration-${id}`
  const keyHash = await sha256Hex(key)
  await db.insert(apiKeys).values({
    id,
    name,
    keyHash,
    quota: options.quota ?? '600/600',
    scopes: options.scopes ?? 'recovery',
    createdAt: Date.now(),
    revokedAt: options.revokedAt ?? null,
    expiresAt: options.expiresAt ?? null,
  })
  return { id, name, key, keyHash }
}

/** Marks a key revoked, as `npm run api-key -- revoke` does. */
export async function revokeApiKey(id: string, at = Date.now()): Promise<void> {
  await db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id))
}

/** The `Authorization` header that presents a key. */
export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` })
