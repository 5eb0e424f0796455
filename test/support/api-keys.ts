import { env } from 'cloudflare:workers'
import { sha256Hex } from '../../src/credentials/hash'

/** One `api_keys` row as D1 returns it (snake_case columns). */
export interface ApiKeyRecord {
  id: string
  name: string
  key_hash: string
  quota: string
  scopes: string
  created_at: number
  revoked_at: number | null
}

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
  await env.DB.prepare('DELETE FROM api_keys').run()
}

/**
 * Creates an API key the way `npm run api-key -- create` does: 256 random bits shown once, and
 * only their SHA-256 (hex) stored, with a name, a `COUNT/SECONDS` quota, its scopes (`recovery`
 * unless given) and the creation time.
 */
export async function insertApiKey(
  options: { name?: string; quota?: string; scopes?: string; revokedAt?: number | null } = {},
): Promise<CreatedApiKey> {
  const key = `pik_${base64Url(randomBytes(32))}`
  const id = `key_${[...randomBytes(8)].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`
  const name = options.name ?? `integration-${id}`
  const keyHash = await sha256Hex(key)
  await env.DB.prepare(
    'INSERT INTO api_keys (id, name, key_hash, quota, scopes, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      id,
      name,
      keyHash,
      options.quota ?? '600/600',
      options.scopes ?? 'recovery',
      Date.now(),
      options.revokedAt ?? null,
    )
    .run()
  return { id, name, key, keyHash }
}

/** Marks a key revoked, as `npm run api-key -- revoke` does. */
export async function revokeApiKey(id: string, at = Date.now()): Promise<void> {
  await env.DB.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').bind(at, id).run()
}

/** Every stored API key row. */
export async function apiKeyRows(): Promise<ApiKeyRecord[]> {
  const { results } = await env.DB.prepare(
    'SELECT * FROM api_keys ORDER BY created_at, rowid',
  ).all<ApiKeyRecord>()
  return results
}

/** The `Authorization` header that presents a key. */
export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` })
