// `npm run mail:latest`: prints the text part of the newest e-mail local `wrangler dev` wrote,
// from `.wrangler/mail/` (where `npm start` keeps them across restarts) or wrangler's own
// `.wrangler/tmp/email/` (emptied when wrangler starts). `--html` prints the HTML part instead.
// See docs/getting-started.md.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const DIRS = [join('.wrangler', 'mail'), join('.wrangler', 'tmp', 'email')]
const part = process.argv.includes('--html') ? 'email-html' : 'email-text'

const files = DIRS.flatMap((dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((path) => path.split(/[\\/]/).at(-2) === part)
        .map((path) => join(dir, path))
    : [],
)
const newest = files
  .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
  .sort((a, b) => b.mtime - a.mtime)[0]
if (newest === undefined) {
  console.error('No e-mail yet: submit a form on the running `npm start` first.')
  process.exit(1)
}
process.stdout.write(readFileSync(newest.path, 'utf8'))
console.error(`(${newest.path})`)
