import { env } from 'cloudflare:workers'
import { DEMO_ACCOUNTS, DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import { accounts } from '../../src/db/schema'
import { createDatabase } from '../../src/platform/context'

export const db = createDatabase(env.DB)

/** Empties the rate-limit counters in KV. */
export async function clearRateLimits(): Promise<void> {
  const { keys } = await env.RATE_LIMITS.list()
  await Promise.all(keys.map((key) => env.RATE_LIMITS.delete(key.name)))
}

/**
 * Empties every table and the rate-limit counters and loads the SPEC 2 demo accounts, so each
 * test starts from the same state.
 */
export async function resetToDemoAccounts(): Promise<void> {
  await clearRateLimits()
  await env.DB.batch(
    [
      'audit_events',
      'refused_submissions',
      'login_id_notifications',
      'password_change_failures',
      'initialized_passwords',
      'accounts',
    ].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
  )
  const now = Date.now()
  await db.insert(accounts).values(
    DEMO_ACCOUNTS.map((account) => ({
      ...account,
      passwordHash: DEMO_PASSWORD_HASH,
      createdAt: now,
      updatedAt: now,
    })),
  )
}

export { TARO } from './fixtures'
