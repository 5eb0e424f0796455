import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { epochMs } from './columns'

// The integrations' API keys and their quota windows (docs/api.md). Part of the schema that
// src/db/schema/index.ts exports.

/**
 * API keys of integrations. Only the SHA-256 of a key is stored (keys are 256 random bits, so a
 * fast hash suffices); the key itself is shown once, when it is created.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** `COUNT/SECONDS`, charged instead of the per-IP limit. */
    quota: text('quota').notNull(),
    /** Comma-separated scopes (docs/contract.md#api-keys-and-scopes); keys made before scopes existed have `recovery`. */
    scopes: text('scopes').notNull().default('recovery'),
    createdAt: epochMs('created_at').notNull(),
    revokedAt: epochMs('revoked_at'),
    /** When the key stops working (401 from then on); null: it does not expire (docs/security.md). */
    expiresAt: epochMs('expires_at'),
  },
  (t) => [uniqueIndex('api_keys_key_hash_idx').on(t.keyHash)],
)

/**
 * Each API key's quota window, counted exactly: one conditional upsert per keyed request, so
 * simultaneous requests can not all read the same count (src/api/api-key-quota.ts).
 */
export const apiKeyWindows = sqliteTable('api_key_windows', {
  keyId: text('key_id')
    .primaryKey()
    .references(() => apiKeys.id, { onDelete: 'cascade' }),
  /** When the fixed window this count belongs to ends (ms). */
  windowEnd: epochMs('window_end').notNull(),
  count: integer('count').notNull(),
})
