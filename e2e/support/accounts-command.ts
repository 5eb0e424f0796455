// `npm run accounts -- …` against the running e2e server's local D1 (its `--persist-to`).
import { spawn, spawnSync } from 'node:child_process'
import { delimiter, join, resolve } from 'node:path'
import { e2eEnv } from './env'
import { withStandInWrangler } from './stand-in-wrangler'

const ROOT = resolve(import.meta.dirname, '..', '..')

export interface CommandResult {
  status: number | null
  stdout: string
  stderr: string
}

function command(
  args: readonly string[],
  binFirst = join(ROOT, 'node_modules', '.bin'),
): { argv: string[]; options: object } {
  return {
    argv: [
      '--import',
      './scripts/support/resolve-ts.ts',
      'scripts/accounts.ts',
      ...args,
      '--local',
      '--persist-to',
      e2eEnv().persistDir,
    ],
    options: {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: `${binFirst}${delimiter}${process.env.PATH ?? ''}`,
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
 * Runs the command with a stand-in `wrangler` first on PATH (e2e/support/stand-in-wrangler.ts):
 * for what the command must refuse before it reaches any database. `wranglerCalls` lists the calls.
 */
export function accountsWithoutDatabase(
  ...args: string[]
): CommandResult & { wranglerCalls: string[] } {
  const { result, wranglerCalls } = withStandInWrangler((bin) => {
    const { argv, options } = command(args, bin)
    return spawnSync(process.execPath, argv, { ...options, encoding: 'utf8' })
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, wranglerCalls }
}
