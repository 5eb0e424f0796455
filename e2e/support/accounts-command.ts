// `npm run accounts -- …` against the running e2e server's local D1 (its `--persist-to`).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { e2eEnv } from './env'

const ROOT = resolve(import.meta.dirname, '..', '..')

export interface CommandResult {
  status: number | null
  stdout: string
  stderr: string
}

function command(
  args: readonly string[],
  persistDir = e2eEnv().persistDir,
): { argv: string[]; options: object } {
  return {
    argv: [
      '--import',
      './scripts/support/resolve-ts.ts',
      'scripts/accounts.ts',
      ...args,
      '--local',
      '--persist-to',
      persistDir,
    ],
    options: {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`,
      },
    },
  }
}

/** Runs the command to its end (the test's event loop waits too). */
export function accounts(...args: string[]): CommandResult {
  const { argv, options } = command(args)
  const result = spawnSync(process.execPath, argv, { ...options, encoding: 'utf8' })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Starts the command and resolves when it ends, leaving the test free to send requests meanwhile. */
export function accountsInBackground(...args: string[]): Promise<CommandResult> {
  const { argv, options } = command(args)
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, options)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    child.once('error', fail)
    child.once('close', (status) => done({ status, stdout, stderr }))
  })
}

/**
 * Runs the command on a state directory of its own, empty: for what the command must refuse
 * before it reaches any database. `stateFiles` lists what the command left there; a command that
 * opened the local D1 leaves its files, one that refused first leaves none.
 */
export function accountsWithoutDatabase(
  ...args: string[]
): CommandResult & { stateFiles: string[] } {
  const state = mkdtempSync(join(tmpdir(), 'accounts-state-'))
  try {
    const { argv, options } = command(args, state)
    const result = spawnSync(process.execPath, argv, { ...options, encoding: 'utf8' })
    const stateFiles = readdirSync(state, { recursive: true }).map(String)
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, stateFiles }
  } finally {
    rmSync(state, { recursive: true, force: true })
  }
}
