// The D1 databases of wrangler.toml as the command-line scripts reach them (docs/decisions/035-commands-open-the-local-d1-once.md).
//
// --local: one local D1 for the whole command, opened with the Miniflare that wrangler itself runs
// (resolved from wrangler's own dependencies, so the two never differ) on wrangler's state
// directory, exactly as `wrangler d1 execute --local` opens it: same database IDs, same files, also
// while `npm start` serves from them. It is opened on the first query, so a command that refuses
// its input touches no database. `wrangler d1 execute --local` started a local D1 for every call,
// two or three a command, each seconds of CPU.
// --remote: `wrangler d1 execute --remote` for each call, as before.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { localDatabaseIds } from './local-database-ids.ts'

export type Row = Record<string, unknown>

export interface RunOptions {
  perBatch: number
  before?: readonly string[]
  done?: (written: number, batches: number) => void
}

/** The statements in batches of `perBatch`, each after `before`. */
const batchesOf = (statements: readonly string[], { perBatch, before = [] }: RunOptions) =>
  Array.from({ length: Math.ceil(statements.length / perBatch) }, (_, i) => [
    ...before,
    ...statements.slice(i * perBatch, (i + 1) * perBatch),
  ])

export interface D1Databases {
  /** The rows of one statement on `database` (a binding name of wrangler.toml). */
  query(database: string, sql: string): Promise<Row[]>
  /**
   * Runs the statements in order, as one batch (one transaction) each `perBatch` of them, each
   * batch after the statements `before`, calling `done` after each batch with the number of
   * batches written and their total.
   */
  run(database: string, statements: readonly string[], options: RunOptions): Promise<void>
  /** Ends the local D1, if one was started. */
  close(): Promise<void>
}

/** wrangler's default local state directory, under the project's root. */
const DEFAULT_PERSIST_DIR = '.wrangler/state'

interface LocalDatabase {
  prepare(sql: string): unknown
  batch(statements: unknown[]): Promise<Array<{ results?: Row[] }>>
}
interface MiniflareLike {
  getD1Database(binding: string): Promise<LocalDatabase>
  dispose(): Promise<void>
}

async function startLocal(persistTo: string): Promise<MiniflareLike> {
  const ids = localDatabaseIds(readFileSync('wrangler.toml', 'utf8'))
  const fromWrangler = createRequire(
    createRequire(import.meta.url).resolve('wrangler/package.json'),
  )
  const miniflare = await import(pathToFileURL(fromWrangler.resolve('miniflare')).href)
  return new miniflare.Miniflare(
    miniflare.convertV4MiniflareOptions({
      modules: true,
      script: '',
      resourcePersistencePath: join(resolve(persistTo), 'v3'),
      d1Databases: ids,
    }),
  )
}

function local(persistTo: string): D1Databases {
  let started: Promise<MiniflareLike> | undefined
  const database = async (binding: string) => {
    started ??= startLocal(persistTo)
    return (await started).getD1Database(binding)
  }
  return {
    async query(binding, sql) {
      const db = await database(binding)
      const [first] = await db.batch([db.prepare(sql)])
      return first?.results ?? []
    },
    async run(binding, statements, options) {
      const db = await database(binding)
      const batches = batchesOf(statements, options)
      for (const [i, batch] of batches.entries()) {
        await db.batch(batch.map((sql) => db.prepare(sql)))
        options.done?.(i + 1, batches.length)
      }
    },
    async close() {
      if (started) await (await started).dispose()
    },
  }
}

function remote(fail: (message: string) => never): D1Databases {
  const wrangler = (database: string, args: string[]) => {
    const result = spawnSync('wrangler', ['d1', 'execute', database, '--remote', ...args], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    })
    if (result.status !== 0) {
      fail(`wrangler d1 execute failed:\n${result.stderr || result.stdout || result.error}`)
    }
    return result.stdout
  }
  return {
    async query(database, sql) {
      const output = wrangler(database, ['--json', '--command', sql])
      const [first] = JSON.parse(output) as Array<{ results: Row[] }>
      return first?.results ?? []
    },
    async run(database, statements, options) {
      const dir = mkdtempSync(join(tmpdir(), 'd1-statements-'))
      const batches = batchesOf(statements, options)
      try {
        for (const [i, batch] of batches.entries()) {
          const file = join(dir, `batch-${i}.sql`)
          writeFileSync(file, `${batch.map((sql) => `${sql};`).join('\n')}\n`)
          wrangler(database, ['--file', file])
          options.done?.(i + 1, batches.length)
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    async close() {},
  }
}

/**
 * The databases for a command's `--local`/`--remote` and `--persist-to`. A failing local query
 * rejects with D1's message; `fail` reports it (and a failing remote call) and ends the command.
 */
export function d1Databases(
  options: { remote: boolean; persistTo?: string },
  fail: (message: string) => never,
): D1Databases {
  if (options.remote) return remote(fail)
  const databases = local(options.persistTo ?? DEFAULT_PERSIST_DIR)
  const failing =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args)
      } catch (error) {
        await databases.close().catch(() => {})
        const cause = (error as { cause?: unknown }).cause ?? error
        return fail(`D1 failed: ${cause instanceof Error ? cause.message : String(cause)}`)
      }
    }
  return { query: failing(databases.query), run: failing(databases.run), close: databases.close }
}
