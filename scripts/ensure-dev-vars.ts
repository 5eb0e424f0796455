// Gives local development the secrets it needs: random keys in `.dev.vars` (git-ignored), written
// once and kept, so hashed client keys, stored initialized passwords and chosen passwords (peppered)
// stay valid across restarts. Each is 32 random bytes in base64url (43 characters), as the
// service requires of its keys (src/platform/secrets.ts); a key too weak for that is replaced.
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { isStrongKey } from '../src/platform/secrets.ts'

const SECRETS = [
  'CLIENT_HASH_KEY',
  'INITIALIZED_PASSWORD_KEY',
  'PASSWORD_PEPPER',
  'QUEUE_MESSAGE_KEY',
]

const file = '.dev.vars'
for (const name of SECRETS) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const line = new RegExp(`^${name}=(.*)$`, 'm')
  const value = line.exec(current)?.[1]?.trim()
  if (value !== undefined && isStrongKey(value)) continue
  const setting = `${name}=${randomBytes(32).toString('base64url')}`
  if (value !== undefined) {
    // Written by hand or by an older `npm start`; the service would refuse it. Local data only.
    writeFileSync(file, current.replace(line, setting))
    console.log(`Replaced the too-weak ${name} in .dev.vars with a random one`)
    continue
  }
  const separator = current === '' || current.endsWith('\n') ? '' : '\n'
  appendFileSync(file, `${separator}${setting}\n`)
  console.log(`Wrote a random ${name} to .dev.vars`)
}
