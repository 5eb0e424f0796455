import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'

const ROOT = resolve(import.meta.dirname, '..')
const execFileAsync = promisify(execFile)

/**
 * `npm run api-key -- …` against the running server's local D1. Asynchronous: while a command
 * runs (seconds on a busy machine), the event loop sees the server close the idle kept-alive
 * connection; blocked in a synchronous call it did not, and the next fetch failed on the dead
 * socket ("other side closed").
 */
async function apiKey(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['scripts/api-key.ts', ...args, '--local', '--persist-to', e2eEnv().persistDir],
    { cwd: ROOT, encoding: 'utf8', env: withPath(join(ROOT, 'node_modules', '.bin')) },
  )
  return stdout
}

/** Each command starts wrangler (a few seconds each on a busy 2-core machine). */
const COMMANDS_TIMEOUT_MS = 150_000

const withPath = (first: string) => ({
  ...process.env,
  PATH: `${first}${delimiter}${process.env.PATH ?? ''}`,
})

/** One client throughout, so that what limits the third post is the key's own quota. */
const client = newClient()

const post = (key: string | undefined, body: object) =>
  fetch(`${e2eEnv().baseUrl}/api/v1/login-id-notifications`, {
    method: 'POST',
    headers: {
      ...client,
      'Content-Type': 'application/json',
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify(body),
  })

// Runs with the browser tests because it needs their server; it drives no browser.
describeInBrowser('The api-key command', () => {
  it(
    'creates a key that the running service accepts with its own quota, lists it, and revokes it',
    async () => {
      const created = await apiKey(
        'create',
        '--name',
        'e2e-partner',
        '--quota',
        '2/600',
        '--expires-in-days',
        '30',
      )
      const key = /^pik_[A-Za-z0-9_-]{43}$/m.exec(created)?.[0]
      expect(key, created).toBeDefined()
      const id = /API key (key_[0-9a-f]{16})/.exec(created)?.[1]
      expect(id).toBeDefined()

      const nobody = { name: 'Nobody Here', phone: '+819000000000', email: 'nobody@example.com' }
      expect((await post(key, nobody)).status).toBe(202)
      expect((await post(key, nobody)).status).toBe(202)
      const third = await post(key, nobody)
      expect(third.status).toBe(429)
      expect(Number(third.headers.get('Retry-After'))).toBeGreaterThan(0)

      const listed = await apiKey('list')
      expect(listed).toMatch(
        new RegExp(`${id}\\te2e-partner\\t2/600\\tcreated [^\\t]+\\tactive\\texpires 20\\d\\d-`),
      )
      expect(listed).not.toContain(key)

      expect(await apiKey('revoke', 'e2e-partner')).toContain(`Revoked API key ${id}`)
      const afterRevoke = await post(key, nobody)
      expect(afterRevoke.status).toBe(401)
      expect(afterRevoke.headers.get('Content-Type')).toBe('application/problem+json')
      expect(await apiKey('list')).toMatch(
        new RegExp(`${id}\\te2e-partner\\t2/600\\t.*\\trevoked `),
      )
    },
    COMMANDS_TIMEOUT_MS,
  )

  it(
    'refuses an expiry that is not a date before it reaches the database',
    () => {
      // On an empty state directory: nothing left there means no database was opened.
      const state = mkdtempSync(join(tmpdir(), 'api-key-state-'))
      try {
        const create = (expires: string) =>
          spawnSync(
            process.execPath,
            [
              'scripts/api-key.ts',
              'create',
              '--name',
              'e2e-bad-expiry',
              '--expires',
              expires,
              '--persist-to',
              state,
            ],
            { cwd: ROOT, encoding: 'utf8', env: withPath(join(ROOT, 'node_modules', '.bin')) },
          )
        const result = create('2027-02-30')
        expect(result.status).not.toBe(0)
        expect(result.stderr).toMatch(/--expires must be a date/)
        expect(readdirSync(state)).toEqual([])

        // The check can fail: a valid date reaches the (empty, table-less) database there.
        const reached = create('2027-02-28')
        expect(reached.status).not.toBe(0)
        expect(reached.stderr).toContain('no such table: api_keys')
        expect(readdirSync(state)).not.toEqual([])
      } finally {
        rmSync(state, { recursive: true, force: true })
      }
    },
    COMMANDS_TIMEOUT_MS,
  )
})
