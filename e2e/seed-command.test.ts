import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

// Needs no browser or server: a stand-in `wrangler` first on PATH records what the seed command
// asks of it, so nothing reaches a database.
describe('The seed command', () => {
  let dir = ''
  let calls = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seed-command-'))
    calls = join(dir, 'calls.txt')
    const wrangler = join(dir, 'wrangler')
    writeFileSync(wrangler, `#!/bin/sh\necho "$@" >> '${calls}'\n`)
    chmodSync(wrangler, 0o755)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const seed = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/seed.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` },
    })

  it('refuses --remote with a clear message and runs no wrangler command', () => {
    const result = seed('--remote')

    expect(result.status).toBe(2)
    expect(result.stderr).toContain('Refusing --remote')
    expect(result.stderr).toContain('never be loaded into a real database')
    expect(existsSync(calls)).toBe(false)
  })

  it('refuses --remote also beside --local', () => {
    const result = seed('--local', '--remote')
    expect(result.status).toBe(2)
    expect(existsSync(calls)).toBe(false)
  })

  it('loads the local D1 otherwise', () => {
    const result = seed('--local')

    expect(result.status, result.stderr).toBe(0)
    expect(readFileSync(calls, 'utf8')).toMatch(
      /^d1 execute DB --local --file \S+demo-accounts\.sql$/m,
    )
  })
})
