// Gives local development the secrets it needs: a random CLIENT_HASH_KEY and PASSWORD_PEPPER in
// `.dev.vars` (git-ignored), each written once and kept, so hashed client keys and chosen
// passwords stay verifiable across restarts.
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'

const file = '.dev.vars'
for (const name of ['CLIENT_HASH_KEY', 'PASSWORD_PEPPER']) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : ''
  if (new RegExp(`^${name}=`, 'm').test(current)) continue
  const separator = current === '' || current.endsWith('\n') ? '' : '\n'
  appendFileSync(file, `${separator}${name}=${randomBytes(32).toString('hex')}\n`)
  console.log(`Wrote a random ${name} to .dev.vars`)
}
