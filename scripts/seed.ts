// Loads the demo accounts (docs/contract.md#accounts) into the local D1 (`npm run db:seed:local`). Running it again
// is harmless: accounts that exist are left as they are (INSERT OR IGNORE). Local only: the demo
// password is published in the README, so these accounts must never reach a real database
// (ASVS 6.3.2).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_ACCOUNT_COUNT, demoAccountsSql } from './support/demo-accounts-sql.ts'

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
const dir = mkdtempSync(join(tmpdir(), 'demo-accounts-'))
const file = join(dir, 'demo-accounts.sql')
writeFileSync(file, demoAccountsSql(Date.now()))
try {
  const result = spawnSync(
    'wrangler',
    ['d1', 'execute', 'DB', target, ...persist, '--file', file],
    {
      stdio: 'inherit',
    },
  )
  if (result.status !== 0) process.exit(result.status ?? 1)
  console.log(`Demo accounts loaded (${DEMO_ACCOUNT_COUNT}); their password is in the README.`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
