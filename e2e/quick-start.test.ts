import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeInBrowser, e2eEnv } from './support/env'
import { listMail, waitForNewMail } from './support/mail'

const ROOT = resolve(import.meta.dirname, '..')
const README = join(ROOT, 'README.md')
/** Where the README's round trip writes its export (npm runs scripts in the project's root). */
const EXPORT = join(ROOT, 'accounts.csv')
/** The accounts commands start wrangler (a few seconds each on a busy 2-core machine). */
const COMMANDS_TIMEOUT_MS = 240_000

interface Step {
  command: string
  /** The answer the README shows under the command, if it shows one. */
  output: string | undefined
}

/**
 * The README's quick start: each ```sh quickstart block, with the ```text quickstart-output block
 * that follows it, if any.
 */
function quickStartSteps(): Step[] {
  const blocks = [
    ...readFileSync(README, 'utf8').matchAll(/^```(\S+)(?: (\S+))?\n([\s\S]*?)^```$/gm),
  ]
  const steps: Step[] = []
  blocks.forEach(([, , mark, body], i) => {
    if (mark !== 'quickstart') return
    const next = blocks[i + 1]
    steps.push({
      command: body ?? '',
      output: next?.[2] === 'quickstart-output' ? next[3] : undefined,
    })
  })
  return steps
}

/**
 * The two differences from a reader's terminal, and only these: the test's server listens on its
 * own address, and its D1 is in its own state directory (the accounts command is told with
 * `--persist-to`, as `npm start`'s is the default).
 */
function forTestServer(command: string): string {
  const { baseUrl, persistDir } = e2eEnv()
  return command
    .replaceAll('http://localhost:8787', baseUrl)
    .replace(/^(npm run accounts -- .*)$/gm, `$1 --persist-to '${persistDir}'`)
}

function run(command: string) {
  return spawnSync('bash', ['-eo', 'pipefail', '-c', command], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: [dirname(process.execPath), join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(
        delimiter,
      ),
      NO_COLOR: '1',
      WRANGLER_SEND_METRICS: 'false',
    },
  })
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Each line the README shows, as a pattern. The round trip's count of unchanged rows is the
 * demo data's in the README; the test's D1 also holds what other test files imported.
 */
const expectedLine = (line: string) =>
  new RegExp(`^${escapeRegExp(line).replace(/\d+ unchanged/, '\\d+ unchanged')}\\r?$`, 'im')

// Runs with the browser tests because it needs their server; it drives no browser.
describeInBrowser("The README's quick start", () => {
  let savedExport: Buffer | undefined
  beforeAll(() => {
    savedExport = existsSync(EXPORT) ? readFileSync(EXPORT) : undefined
  })
  afterAll(() => {
    if (savedExport === undefined) rmSync(EXPORT, { force: true })
    else writeFileSync(EXPORT, savedExport)
  })

  it(
    'works as written: each command succeeds and answers what the README shows',
    async () => {
      const steps = quickStartSteps()
      // Both forms, the mail, the password change, the accounts round trip.
      expect(steps).toHaveLength(5)

      const server = e2eEnv()
      let mailBefore = listMail(server)
      for (const step of steps) {
        if (step.command.includes('mail:latest')) {
          // The e-mail is written after the 303, when the queue has done the work.
          const [mail] = await waitForNewMail(server, mailBefore)
          const result = run(forTestServer(step.command))
          expect(result.status, result.stderr).toBe(0)
          expect(result.stdout).toContain(mail?.text)
          // The initialized password, shown in six groups of four (docs/journey.md).
          expect(result.stdout).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){5}$/m)
          continue
        }
        mailBefore = listMail(server)
        const result = run(forTestServer(step.command))
        expect(result.status, `${step.command}\n${result.stderr}`).toBe(0)
        for (const line of (step.output ?? '').split('\n').filter((l) => l !== '')) {
          expect(result.stdout + result.stderr, step.command).toMatch(expectedLine(line))
        }
      }

      // The export holds the CSV alone: no line of npm's before its header.
      expect(readFileSync(EXPORT, 'utf8')).toMatch(/^\uFEFFlogin_id,kind,status,/)
    },
    COMMANDS_TIMEOUT_MS,
  )
})
