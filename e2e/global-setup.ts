// Global setup of the `browser` Vitest project: starts the real `wrangler dev` (local D1, KV and
// the simulated Email Service) on its own state directory with the demo accounts, and hands its
// address to the tests. Without Chromium the tests are skipped, unless REQUIRE_BROWSER=1 (CI).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import {
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import type { BrowserServer } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { d1Bindings } from '../scripts/support/audit-databases'
import { demoAccountsSql } from '../scripts/support/demo-accounts-sql'
import { freePort } from '../scripts/support/free-port'
import { CHROMIUM_PATH, launchChromiumServer } from './support/chromium-server'
import { E2E_SERVERS } from './support/e2e-servers'
import type { E2eServers } from './support/env'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'node_modules', '.bin')
const STARTUP_TIMEOUT_MS = 90_000

// Children find this Node (the project's own, new enough for wrangler) and the project's
// binaries first: `node_modules/.bin/wrangler` runs `#!/usr/bin/env node`, and scripts/seed.ts
// calls `wrangler` by name.
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: [dirname(process.execPath), BIN, process.env.PATH ?? ''].join(delimiter),
  WRANGLER_SEND_METRICS: 'false',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, env: childEnv, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(
      `e2e setup: \`${[command, ...args].join(' ')}\` failed (${result.error ?? `exit ${result.status}`})\n${result.stdout}${result.stderr}`,
    )
  }
}

/**
 * The SQL of `wrangler d1 migrations apply <DATABASE> --local` (and, for the accounts, of
 * `npm run db:seed:local` after it), as one file: each migration of `folder` as wrangler applies
 * it (its file, then its row in wrangler's `d1_migrations` table, which wrangler creates first),
 * then `after`. Run through one `wrangler d1 execute`, it leaves the state those commands leave;
 * they start a local D1 (a workerd) for every migration, 17 starts that were a third of the
 * setup's time.
 */
function migrationsSql(folder: string, after = ''): string {
  const dir = join(ROOT, folder)
  const migrations = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
  return [
    'CREATE TABLE IF NOT EXISTS "d1_migrations"(\n\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n\t\tname       TEXT UNIQUE,\n\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n);',
    ...migrations.map(
      (name) =>
        `${readFileSync(join(dir, name), 'utf8')}\nINSERT INTO "d1_migrations" (name)\nvalues ('${name}');`,
    ),
    after,
  ].join('\n')
}

/** Ends wrangler and everything it started (its CLI process and workerd): the whole group. */
function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {}
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  stopGroup(child, 'SIGINT')
  const timer = setTimeout(() => stopGroup(child, 'SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

async function waitUntilServing(child: ChildProcess, baseUrl: string, log: string) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) })
      if (response.status === 200) return
    } catch {}
    await new Promise((done) => setTimeout(done, 250))
  }
  const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-4_000) : ''
  throw new Error(`e2e setup: wrangler dev did not answer on ${baseUrl}/healthz\n${tail}`)
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env.REQUIRE_BROWSER === '1') {
      throw new Error(
        `e2e setup: REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH} ` +
          '(Debian/Ubuntu: apt-get install chromium).',
      )
    }
    console.warn(
      `\n[browser] Skipping the browser tests: no Chromium at ${CHROMIUM_PATH}. ` +
        'Install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH; ' +
        'REQUIRE_BROWSER=1 makes its absence a failure.\n',
    )
    project.provide('e2e', null)
    return
  }

  const state = mkdtempSync(join(tmpdir(), 'e2e-wrangler-'))
  const servers: ChildProcess[] = []
  let browser: BrowserServer | undefined
  const killOnExit = () => {
    for (const server of servers) stopGroup(server, 'SIGKILL')
  }
  process.once('exit', killOnExit)
  const teardown = async () => {
    process.removeListener('exit', killOnExit)
    await browser?.close()
    await Promise.all(servers.map(stop))
    rmSync(state, { recursive: true, force: true })
  }

  try {
    const template = join(state, 'template')
    // Every database: the accounts (DB, with the demo accounts) and the audit trail (AUDIT_DB,
    // and AUDIT_DB_1, … when wrangler.toml binds more: docs/operations.md#rotating-audit-databases).
    const auditBindings = d1Bindings(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')).filter(
      (binding) => /^AUDIT_DB(_|$)/.test(binding),
    )
    const databases: Array<[string, string]> = [
      ['DB', migrationsSql('migrations', demoAccountsSql(Date.now()))],
      ...auditBindings.map((binding): [string, string] => [
        binding,
        migrationsSql('migrations-audit'),
      ]),
    ]
    for (const [database, text] of databases) {
      const sql = join(state, `${database}.sql`)
      writeFileSync(sql, text)
      run(join(BIN, 'wrangler'), [
        'd1',
        'execute',
        database,
        '--local',
        '--persist-to',
        template,
        '--file',
        sql,
      ])
    }
    run(process.execPath, ['scripts/ensure-dev-vars.ts'])

    // Each server starts from a copy of the migrated state (its SQLite files, closed by now).
    const starting = Array.from({ length: E2E_SERVERS }, async (_, i) => {
      const persistDir = join(state, `state-${i + 1}`)
      cpSync(template, persistDir, { recursive: true })
      const log = join(state, `wrangler-dev-${i + 1}.log`)
      const [port, inspectorPort] = [await freePort(), await freePort()]
      const baseUrl = `http://127.0.0.1:${port}`
      const output = openSync(log, 'a')
      const server = spawn(
        join(BIN, 'wrangler'),
        [
          'dev',
          '--port',
          String(port),
          '--inspector-port',
          String(inspectorPort),
          '--ip',
          '127.0.0.1',
          '--persist-to',
          persistDir,
          '--var',
          `PUBLIC_BASE_URL:${baseUrl}`,
          '--var',
          'RATE_LIMIT_PER_IP:1000/600',
          '--var',
          'RATE_LIMIT_PER_LOGIN_ID:1000/3600',
        ],
        // Its own process group, so stop() ends wrangler's CLI process and workerd with it.
        { cwd: ROOT, env: childEnv, stdio: ['ignore', output, output], detached: true },
      )
      servers.push(server)
      closeSync(output)
      await waitUntilServing(server, baseUrl, log)
      return { baseUrl, serverLog: log, persistDir }
    })
    // Chromium starts while the servers do.
    const [serving, chromium] = await Promise.allSettled([
      Promise.all(starting),
      launchChromiumServer(),
    ])
    if (chromium.status === 'fulfilled') browser = chromium.value
    if (serving.status === 'rejected') throw serving.reason
    if (chromium.status === 'rejected') throw chromium.reason
    const env: E2eServers = {
      servers: serving.value.map((server) => ({
        ...server,
        emailDir: join(ROOT, '.wrangler', 'tmp', 'email'),
        chromiumEndpoint: chromium.value.wsEndpoint(),
      })),
    }
    project.provide('e2e', env)
  } catch (error) {
    await teardown()
    throw error
  }
  return teardown
}
