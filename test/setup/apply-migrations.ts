import { type D1Migration, evictAllDurableObjects, reset } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Runs before each test file. The files of the `workers` project share one workerd
// (vitest.config.ts), so each first gets the empty storage a workerd of its own would have: the
// local D1, KV and rate limiters keep their data in Durable Objects, which reset() deletes. It
// skips objects still loaded, so they are evicted first (their storage kept until the reset).
// Then the migrations of both databases (DB: the accounts, the blocklist rows included; AUDIT_DB:
// the audit trail). See docs/testing.md.

/** The tables of a D1 database but D1's own. */
const tablesOf = async (d1: D1Database) =>
  (
    await d1
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
      )
      .all<{ name: string }>()
  ).results.map((table) => table.name)

/** Tables, and KV keys, that a reset should have left none of. */
async function leftOver(): Promise<string[]> {
  const keys = await env.RATE_LIMITS.list({ limit: 10 })
  return [
    ...(await tablesOf(env.DB)).map((name) => `D1 table ${name}`),
    ...(await tablesOf(env.AUDIT_DB)).map((name) => `audit D1 table ${name}`),
    ...keys.keys.map((key) => `KV key ${key.name}`),
  ]
}

let left: string[] = []
for (let attempt = 0; attempt < 3; attempt++) {
  await evictAllDurableObjects()
  await reset()
  left = await leftOver()
  if (left.length === 0) break
}
if (left.length > 0) {
  throw new Error(`test/setup: the storage is not empty after a reset: ${left.join(', ')}`)
}
/**
 * What `applyD1Migrations` of `cloudflare:test` leaves (each migration's statements, then its
 * row in `d1_migrations`), in one batch instead of a call for each migration: the setup runs
 * before every file, and the calls were half of a small file's time.
 */
async function applyMigrations(d1: D1Database, migrations: D1Migration[]): Promise<void> {
  const recorded = d1.prepare('INSERT INTO "d1_migrations" (name) VALUES (?)')
  await d1.batch([
    d1.prepare(`CREATE TABLE IF NOT EXISTS "d1_migrations" (
\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,
\t\tname       TEXT UNIQUE,
\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
\t);`),
    ...migrations.flatMap((migration) => [
      ...migration.queries.map((query) => d1.prepare(query)),
      recorded.bind(migration.name),
    ]),
  ])
}

await Promise.all([
  applyMigrations(env.DB, env.TEST_MIGRATIONS),
  applyMigrations(env.AUDIT_DB, env.TEST_AUDIT_MIGRATIONS),
])
