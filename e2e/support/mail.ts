// The e-mails wrangler's simulated Email Service wrote for this run's server:
// `<emailDir>/<session>/email-text/*.txt` and `email-html/*.html`. Every run of wrangler in this
// directory writes under the same `.wrangler/tmp/email`, so the list is taken from this server's
// own log ("send_email binding called ... Text: <file>"), not from the whole directory: a
// concurrent `npm test` or `npm start` cannot add e-mails to a test's count.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import type { E2eEnv } from './env'

export interface SentMail {
  /** The text part's file. */
  path: string
  text: string
  /** The HTML part (`email-html/<same name>.html`), if it was written. */
  html: string | undefined
}

type Server = Pick<E2eEnv, 'emailDir' | 'serverLog'>

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes in wrangler's log.
const ANSI = /\u001b\[[0-9;]*m/g

/** The text parts this server wrote so far (files under `emailDir`). */
export function listMail({ emailDir, serverLog }: Server): Set<string> {
  const log = readFileSync(serverLog, 'utf8').replace(ANSI, '')
  const files = [...log.matchAll(/^\s*Text: (.+\.txt)\s*$/gm)].map((match) => match[1] ?? '')
  const sends = log.match(/send_email binding called/g)?.length ?? 0
  if (files.length !== sends) {
    throw new Error(
      `wrangler logged ${sends} sends but ${files.length} text files: format changed?`,
    )
  }
  return new Set(files.filter((file) => !relative(emailDir, file).startsWith('..')))
}

const htmlPartOf = (textPath: string) => {
  const path = join(dirname(dirname(textPath)), 'email-html', `${basename(textPath, '.txt')}.html`)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** Text parts written since `before`, newest first. */
export function newMail(server: Server, before: ReadonlySet<string>): SentMail[] {
  return [...listMail(server)]
    .filter((path) => !before.has(path))
    .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
    .map(({ path }) => ({ path, text: readFileSync(path, 'utf8'), html: htmlPartOf(path) }))
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/**
 * Waits until at least `count` e-mails were written since `before` (the work behind a 303 runs
 * after the answer), then `settleMs` more so that any extra e-mail would show up too.
 */
export async function waitForNewMail(
  server: Server,
  before: ReadonlySet<string>,
  { count = 1, timeoutMs = 15_000, settleMs = 1_000 } = {},
): Promise<SentMail[]> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (listMail(server).size - before.size >= count) {
      await sleep(settleMs)
      return newMail(server, before)
    }
    await sleep(100)
  }
  throw new Error(`No new e-mail from the server within ${timeoutMs} ms`)
}
