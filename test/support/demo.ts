import { env } from 'cloudflare:workers'
import { DEMO_ACCOUNTS, DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import {
  accountNotifications,
  accounts,
  initializedPasswords,
  loginIdNotifications,
  passwordChangeFailures,
} from '../../src/db/schema'
import { auditEvents, refusedSubmissions } from '../../src/db/schema/audit-tables'
import { auditDb, db } from './rows'

/** Empties the rate-limit counters in KV. */
export async function clearRateLimits(): Promise<void> {
  const { keys } = await env.RATE_LIMITS.list()
  await Promise.all(keys.map((key) => env.RATE_LIMITS.delete(key.name)))
}

/**
 * Empties every table and the rate-limit counters and loads the demo accounts (docs/contract.md#accounts), so each
 * test starts from the same state.
 */
export async function resetToDemoAccounts(): Promise<void> {
  await clearRateLimits()
  await auditDb.batch([auditDb.delete(auditEvents), auditDb.delete(refusedSubmissions)])
  await db.batch([
    db.delete(accountNotifications),
    db.delete(loginIdNotifications),
    db.delete(passwordChangeFailures),
    db.delete(initializedPasswords),
    db.delete(accounts),
  ])
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
