/// <reference types="vite/client" />
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { FRESH_MODULE_FILES } from './setup/fresh-modules'
import { SLOW_FILES } from './setup/slow-files'

// What the files of the `workers` project find before their first test, although they share one
// workerd (vitest.config.ts, docs/testing.md). Read at load, before any test of this file writes.
const tables = async (d1: D1Database) =>
  (
    await d1
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
      )
      .all<{ name: string }>()
  ).results.map((row) => row.name)
/** Each table's row count in one of the two databases (DB, AUDIT_DB). */
const countsIn = async (d1: D1Database) => {
  const counts: Record<string, number> = {}
  for (const name of await tables(d1)) {
    const row = await d1.prepare(`SELECT count(*) AS n FROM "${name}"`).first<{ n: number }>()
    counts[name] = row?.n ?? -1
  }
  return counts
}
const atStart = await (async () => {
  const counts = await countsIn(env.DB)
  const auditCounts = await countsIn(env.AUDIT_DB)
  const kv = (await env.RATE_LIMITS.list()).keys
  return { counts, auditCounts, kvKeys: kv.length }
})()

/** Every test file's source, by path from the project root. */
const testSources = Object.entries(
  import.meta.glob<string>('./**/*.test.ts', { query: '?raw', import: 'default', eager: true }),
).map(([path, source]) => ({ path: `test/${path.slice('./'.length)}`, source }))

/** Calls that replace or reload modules, which would reach later files in a shared workerd. */
const MODULE_MOCKING = /\bvi\.(?:mock|doMock|unmock|doUnmock|resetModules)\(/

describe('the test projects (vitest.config.ts)', () => {
  it('give each test file empty storage with every migration applied', async () => {
    const migrated = await env.DB.prepare('SELECT name FROM d1_migrations ORDER BY id').all<{
      name: string
    }>()
    expect(migrated.results.map((row) => row.name)).toEqual(
      env.TEST_MIGRATIONS.map((migration) => migration.name),
    )
    const { common_passwords: blocklist, d1_migrations: _, ...others } = atStart.counts
    expect(blocklist).toBeGreaterThan(3000)
    expect(Object.keys(others).length).toBeGreaterThan(5)
    expect(
      Object.values(others).every((count) => count === 0),
      JSON.stringify(others),
    ).toBe(true)
    expect(atStart.kvKeys).toBe(0)
    // The audit database likewise: its migrations applied, its tables empty.
    const auditMigrated = await env.AUDIT_DB.prepare(
      'SELECT name FROM d1_migrations ORDER BY id',
    ).all<{ name: string }>()
    expect(auditMigrated.results.map((row) => row.name)).toEqual(
      env.TEST_AUDIT_MIGRATIONS.map((migration) => migration.name),
    )
    const { d1_migrations: __, ...auditTables } = atStart.auditCounts
    expect(Object.keys(auditTables).sort()).toEqual(['audit_events', 'refused_submissions'])
    expect(
      Object.values(auditTables).every((count) => count === 0),
      JSON.stringify(auditTables),
    ).toBe(true)
    // What this file leaves behind the next file's setup removes.
    await env.DB.prepare(
      "INSERT INTO password_change_failures (id, login_id, failed_at) VALUES ('left-behind', 'x', 0)",
    ).run()
    await env.AUDIT_DB.prepare(
      "INSERT INTO audit_events (occurred_at, procedure, outcome, request_id) VALUES (0, 'password_initialization', 'failed', 'left-behind')",
    ).run()
    await env.RATE_LIMITS.put('left-behind', '1')
  })

  it('run the files that mock modules in a workerd of their own: FRESH_MODULE_FILES', () => {
    const mocking = testSources.filter(({ source }) => MODULE_MOCKING.test(source))
    expect(mocking.length).toBeGreaterThan(0)
    expect(mocking.map(({ path }) => path).sort()).toEqual([...FRESH_MODULE_FILES].sort())
    for (const path of FRESH_MODULE_FILES) {
      expect(testSources.map((file) => file.path)).toContain(path)
    }
  })

  it('start the slow files first: each of SLOW_FILES is a test file of the workers project', () => {
    const paths = testSources.map((file) => file.path)
    for (const path of SLOW_FILES) {
      expect(paths).toContain(path)
      expect(FRESH_MODULE_FILES).not.toContain(path)
    }
    expect(new Set(SLOW_FILES).size).toBe(SLOW_FILES.length)
  })
})
