// Gives local development the secrets it needs: random keys in `.dev.vars` (git-ignored), written
// once and kept, so hashed client keys, stored initialized passwords and chosen passwords (peppered)
// stay valid across restarts.
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'

const SECRETS = ['CLIENT_HASH_KEY', 'INITIALIZED_PASSWORD_KEY', 'PASSWORD_PEPPER']

const file = '.dev.vars'
for (const name of SECRETS) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : ''
  if (new RegExp(`^${name}=`, 'm').test(current)) continue
  const separator = current === '' || current.endsWith('\n') ? '' : '\n'
  appendFileSync(file, `${separator}${name}=${randomBytes(32).toString('hex')}\n`)
  console.log(`Wrote a random ${name} to .dev.vars`)
}
