// Loads the demo accounts (docs/contract.md#accounts) into the local D1 (`npm run db:seed:local`). Running it again
// is harmless: accounts that exist are left as they are (INSERT OR IGNORE). Local only: the demo
// password is published in the README, so these accounts must never reach a real database
// (ASVS 6.3.2).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_ACCOUNTS, DEMO_PASSWORD_HASH } from '../src/db/demo-accounts.ts'

if (process.argv.includes('--remote')) {
  console.error(
    'Refusing --remote: the demo accounts share a password published in the README and must ' +
      'never be loaded into a real database. Seed only the local D1 (npm run db:seed:local).',
  )
  process.exit(2)
}
const target = '--local'
// `--persist-to DIR` loads another local state directory (the timing benchmark uses its own).
const persistAt = process.argv.indexOf('--persist-to')
const persist = persistAt > 0 ? ['--persist-to', process.argv[persistAt + 1] ?? ''] : []
const quote = (value: string | null) =>
  value === null ? 'NULL' : `'${value.replaceAll("'", "''")}'`
const now = Date.now()

const statements = DEMO_ACCOUNTS.map(
  (a) =>
    'INSERT OR IGNORE INTO accounts (login_id, kind, status, locale, organization_name, password_hash, ' +
    'contact_given_name, contact_family_name, contact_phone, contact_email, created_at, updated_at) VALUES (' +
    [
      a.loginId,
      a.kind,
      a.status,
      a.locale,
      a.organizationName,
      DEMO_PASSWORD_HASH,
      a.contactGivenName,
      a.contactFamilyName,
      a.contactPhone,
      a.contactEmail,
    ]
      .map(quote)
      .join(', ') +
    `, ${now}, ${now});`,
)

const dir = mkdtempSync(join(tmpdir(), 'demo-accounts-'))
const file = join(dir, 'demo-accounts.sql')
writeFileSync(file, `${statements.join('\n')}\n`)
try {
  const result = spawnSync(
    'wrangler',
    ['d1', 'execute', 'DB', target, ...persist, '--file', file],
    {
      stdio: 'inherit',
    },
  )
  if (result.status !== 0) process.exit(result.status ?? 1)
  console.log(`Demo accounts loaded (${DEMO_ACCOUNTS.length}); their password is in the README.`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
