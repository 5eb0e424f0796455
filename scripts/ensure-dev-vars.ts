// Gives local development the one secret it needs: a random CLIENT_HASH_KEY in `.dev.vars`
// (git-ignored), written once and kept, so hashed client keys stay stable across restarts.
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'

const file = '.dev.vars'
const current = existsSync(file) ? readFileSync(file, 'utf8') : ''
if (!/^CLIENT_HASH_KEY=/m.test(current)) {
  const separator = current === '' || current.endsWith('\n') ? '' : '\n'
  appendFileSync(file, `${separator}CLIENT_HASH_KEY=${randomBytes(32).toString('hex')}\n`)
  console.log('Wrote a random CLIENT_HASH_KEY to .dev.vars')
}
