import { applyD1Migrations, evictAllDurableObjects, reset } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

// Runs before each test file. The files of the `workers` project share one workerd
// (vitest.config.ts), so each first gets the empty storage a workerd of its own would have: the
// local D1, KV and rate limiters keep their data in Durable Objects, which reset() deletes. It
// skips objects still loaded, so they are evicted first (their storage kept until the reset).
// Then the migrations, the blocklist rows included. See docs/testing.md.

/** Tables, and KV keys, that a reset should have left none of. */
async function leftOver(): Promise<string[]> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
  ).all<{ name: string }>()
  const keys = await env.RATE_LIMITS.list({ limit: 10 })
  return [
    ...tables.results.map((table) => `D1 table ${table.name}`),
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
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
