import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
const DEV_VARS = [
  'CLIENT_HASH_KEY=a',
  'INITIALIZED_PASSWORD_KEY=b',
  'PASSWORD_PEPPER=c',
  `WEBHOOK_SECRET=${SECRET}`,
].join('\n')

// Needs no browser or server: scripts/start.ts (the last step of `npm start`) runs in a project
// directory of its own (a copy of wrangler.toml), with a stand-in `wrangler` first on PATH that
// records its arguments and the config it was given, and writes one e-mail as wrangler dev would.
describe('The start command', () => {
  let dir = ''
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'start-command-'))
    copyFileSync(join(ROOT, 'wrangler.toml'), join(dir, 'wrangler.toml'))
    const wrangler = join(dir, 'bin', 'wrangler')
    const mail = '.wrangler/tmp/email/session1/email-text'
    writeFileSync(join(dir, 'args.txt'), '')
    spawnSync('mkdir', ['-p', join(dir, 'bin')])
    writeFileSync(
      wrangler,
      [
        '#!/bin/sh',
        `for arg in "$@"; do echo "$arg" >> args.txt; done`,
        `mkdir -p ${mail} && echo 'Your initialized password: abc' > ${mail}/1.txt`,
        // wrangler empties its temporary folder when it stops or starts again.
        'sleep 1.5 && rm -rf .wrangler/tmp/email',
      ].join('\n'),
    )
    chmodSync(wrangler, 0o755)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const run = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', script), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}` },
    })
  /** What start.ts adds so /ops answers under npm start (docs/operations.md#traffic-view). */
  const OPS_OPEN = ['--var', 'OPS_OPEN_LOCALLY:true']
  const wranglerArgs = () => readFileSync(join(dir, 'args.txt'), 'utf8').trim().split('\n')

  it('loads optional secrets from .dev.vars through a copy of wrangler.toml, never on the command line', () => {
    writeFileSync(join(dir, '.dev.vars'), DEV_VARS)
    const result = run('start.ts')

    expect(result.status, result.stderr).toBe(0)
    const args = wranglerArgs()
    expect(args.slice(0, 3)).toEqual(['dev', '--config', 'wrangler.dev.toml'])
    expect(args.join(' ')).not.toContain(SECRET)
    const devConfig = readFileSync(join(dir, 'wrangler.dev.toml'), 'utf8')
    expect(devConfig).toMatch(
      /^required = \["CLIENT_HASH_KEY", "INITIALIZED_PASSWORD_KEY", "PASSWORD_PEPPER", "QUEUE_MESSAGE_KEY", "WEBHOOK_SECRET"\]$/m,
    )
    // Only that line differs from wrangler.toml.
    const original = readFileSync(join(dir, 'wrangler.toml'), 'utf8')
    expect(devConfig.replace(/^required = .*$/m, '')).toContain(
      original.replace(/^required = .*$/m, ''),
    )
    // The secret without a WEBHOOK_URL: named, its value not shown.
    expect(result.stderr).toContain('WEBHOOK_SECRET is set but WEBHOOK_URL is empty')
    expect(result.stdout + result.stderr).not.toContain(SECRET)
  })

  it('warns at startup when WEBHOOK_URL is set without WEBHOOK_SECRET, or with a malformed one', () => {
    writeFileSync(join(dir, '.dev.vars'), DEV_VARS.replace(/^WEBHOOK_SECRET=.*$/m, ''))
    const missing = run('start.ts', '--var', 'WEBHOOK_URL:https://hooks.example.com/events')
    expect(missing.stderr).toContain(
      'WEBHOOK_URL is set but WEBHOOK_SECRET is missing (add it to .dev.vars)',
    )

    writeFileSync(join(dir, '.dev.vars'), `${DEV_VARS}\nWEBHOOK_URL=https://hooks.example.com/e`)
    expect(run('start.ts').stderr).not.toContain('WEBHOOK')

    writeFileSync(
      join(dir, '.dev.vars'),
      `${DEV_VARS.replace(SECRET, 'whsec_c2hvcnQ=')}\nWEBHOOK_URL=https://hooks.example.com/e`,
    )
    const malformed = run('start.ts')
    expect(malformed.stderr).toContain('WEBHOOK_SECRET must hold 32 to 64 bytes')
    expect(malformed.stderr).not.toContain('c2hvcnQ')
  })

  it('makes PUBLIC_BASE_URL follow --port unless it is set', () => {
    writeFileSync(join(dir, '.dev.vars'), DEV_VARS)
    run('start.ts', '--port', '8931')
    expect(wranglerArgs().slice(3)).toEqual([
      '--port',
      '8931',
      '--var',
      'PUBLIC_BASE_URL:http://localhost:8931',
      ...OPS_OPEN,
    ])

    writeFileSync(join(dir, 'args.txt'), '')
    run('start.ts', '--port=8932', '--var', 'PUBLIC_BASE_URL:https://accounts.example.com')
    expect(wranglerArgs().slice(3)).toEqual([
      '--port=8932',
      '--var',
      'PUBLIC_BASE_URL:https://accounts.example.com',
      ...OPS_OPEN,
    ])

    writeFileSync(join(dir, 'args.txt'), '')
    run('start.ts')
    expect(wranglerArgs().slice(3)).toEqual([
      '--var',
      'PUBLIC_BASE_URL:http://localhost:8787',
      ...OPS_OPEN,
    ])
  })

  it('opens the traffic view locally unless --var OPS_OPEN_LOCALLY is given', () => {
    writeFileSync(join(dir, '.dev.vars'), DEV_VARS)
    run('start.ts', '--var', 'OPS_OPEN_LOCALLY:false')
    expect(wranglerArgs().slice(3)).toEqual([
      '--var',
      'OPS_OPEN_LOCALLY:false',
      '--var',
      'PUBLIC_BASE_URL:http://localhost:8787',
    ])
  })

  it('keeps the e-mails wrangler writes after it removes them; mail:latest prints the newest', () => {
    writeFileSync(join(dir, '.dev.vars'), DEV_VARS)
    expect(run('mail-latest.ts').status).toBe(1)

    run('start.ts')

    expect(existsSync(join(dir, '.wrangler/tmp/email'))).toBe(false)
    const kept = join(dir, '.wrangler/mail/session1/email-text/1.txt')
    expect(readFileSync(kept, 'utf8')).toBe('Your initialized password: abc\n')
    const latest = run('mail-latest.ts')
    expect(latest.status).toBe(0)
    expect(latest.stdout).toBe('Your initialized password: abc\n')
  })
})
