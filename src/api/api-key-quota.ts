import { sql } from 'drizzle-orm'
import { apiKeyWindows } from '../db/schema'
import type { Database } from '../platform/context'
import type { Limit } from '../platform/limit'

/** What spending one request of a key's quota found: room, or how long until the window ends. */
export type QuotaSpent = { spent: true } | { spent: false; retryAfterSeconds: number }

/**
 * Charges one request to an API key's quota, in its fixed window (the KV windows' own), with one
 * conditional upsert: D1 runs statements one at a time, so of simultaneous requests exactly
 * `quota.count` find room; the others change nothing. See docs/operations.md.
 */
export async function spendApiKeyQuota(
  db: Database,
  keyId: string,
  quota: Limit,
  now: number,
): Promise<QuotaSpent> {
  const windowMs = quota.seconds * 1000
  const windowEnd = (Math.floor(now / windowMs) + 1) * windowMs
  const result = await db.run(sql`
    INSERT INTO ${apiKeyWindows} (key_id, window_end, count) VALUES (${keyId}, ${windowEnd}, 1)
    ON CONFLICT (key_id) DO UPDATE SET
      count = CASE WHEN window_end = excluded.window_end THEN count + 1 ELSE 1 END,
      window_end = excluded.window_end
    WHERE window_end <> excluded.window_end OR count < ${quota.count}`)
  if (result.meta.changes === 1) return { spent: true }
  return { spent: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)) }
}
