// `npm run db:migrate:local` (run by `npm start`): every D1 database of wrangler.toml gets its
// `migrations_dir` applied to the local state: DB, AUDIT_DB and, with rotation, AUDIT_DB_1, …
// (docs/operations.md#rotating-audit-databases). Extra arguments (`--persist-to DIR`) go to wrangler.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { d1Bindings } from './support/audit-databases.ts'

for (const binding of d1Bindings(readFileSync('wrangler.toml', 'utf8'))) {
  const applied = spawnSync(
    'wrangler',
    ['d1', 'migrations', 'apply', binding, '--local', ...process.argv.slice(2)],
    { stdio: 'inherit' },
  )
  if (applied.status !== 0) process.exit(applied.status ?? 1)
}
