// Bytes per row as D1 stores them (`npm run bench -- capacity [--rows N]`): SQLite with this
// repository's migrations applied, then N accounts (both kinds, with a password hash, as an import writes
// them) and N audit events (as the consumer writes them: a request ID, a hashed client, a country),
// the database's size (SQLite pages × page size, the figure D1 bills and caps) read before and
// after each. Prints bytes per row with the table's indexes, and what 30 million accounts and a
// million audited submissions a day kept 90 days come to against D1's 10 GB per database.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { parseArgs } from 'node:util'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts.ts'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const ROWS = Number(values.rows)
const D1_MAX_BYTES = 10 * 1000 ** 3
const MIGRATIONS = join(import.meta.dirname, '../../migrations')

// SQLite as D1 runs it (4 KiB pages), in memory: D1 does not let a Worker or wrangler read
// page_count, and the file on disk carries a write-ahead log.
const db = new DatabaseSync(':memory:')
db.exec('PRAGMA page_size = 4096')
for (const file of readdirSync(MIGRATIONS)
  .filter((name) => name.endsWith('.sql'))
  .sort()) {
  db.exec(readFileSync(join(MIGRATIONS, file), 'utf8'))
}
const sizeBytes = () => {
  const { pages } = db.prepare('SELECT page_count AS pages FROM pragma_page_count()').get() as {
    pages: number
  }
  return pages * 4096
}
const insert = (statements: string[]) => db.exec(`BEGIN;${statements.join('')}COMMIT;`)

const hex = (n: number, length: number) => n.toString(16).padStart(length, '0').slice(-length)
const uuid = (n: number) =>
  `${hex(n * 2654435761, 8)}-${hex(n, 4)}-4${hex(n * 7, 3)}-a${hex(n * 13, 3)}-${hex(n * 97, 12)}`

{
  const empty = sizeBytes()
  const accounts = Array.from({ length: ROWS }, (_, i) => {
    const loginId = String(200_000_000 + i)
    const organization = i % 5 === 0
    return `INSERT INTO accounts (login_id, kind, status, locale, organization_name, password_hash, contact_given_name, contact_family_name, contact_phone, contact_email, created_at, updated_at) VALUES ('${loginId}', '${organization ? 'organization' : 'individual'}', 'active', 'ja', ${organization ? `'Example Trading ${i} Co., Ltd.'` : 'NULL'}, '${DEMO_PASSWORD_HASH}', 'Taro${i}', 'Koku', '+8190${String(10_000_000 + i).slice(-8)}', 'user${i}@example.com', 1764489780000, 1764489780000);`
  })
  insert(accounts)
  const withAccounts = sizeBytes()
  const audit = Array.from(
    { length: ROWS },
    (_, i) =>
      `INSERT INTO audit_events (occurred_at, procedure, outcome, login_id, client_hash, country, request_id, api_key_id) VALUES (${1764489780000 + i * 1000}, 'password_initialization', '${i % 10 === 0 ? 'issued' : 'no_match'}', '${200_000_000 + (i % ROWS)}', '${hex(i * 2654435761, 32)}${hex(i, 32)}', 'JP', '${uuid(i)}', NULL);`,
  )
  insert(audit)
  const withAudit = sizeBytes()

  const perAccount = (withAccounts - empty) / ROWS
  const perAudit = (withAudit - withAccounts) / ROWS
  const gb = (bytes: number) => `${(bytes / 1000 ** 3).toFixed(2)} GB`
  const share = (bytes: number) => `${((100 * bytes) / D1_MAX_BYTES).toFixed(0)} % of 10 GB`
  const accounts30m = perAccount * 30_000_000
  const audit90d = perAudit * 1_000_000 * 90
  console.log(`${ROWS} rows each, measured as SQLite pages (4 KiB, as D1) after the migrations`)
  console.log(`| what | bytes a row (with its indexes) | at scale | against one D1 database |`)
  console.log('|---|---|---|---|')
  console.log(
    `| account | ${perAccount.toFixed(0)} | 30 million: ${gb(accounts30m)} | ${share(accounts30m)} |`,
  )
  console.log(
    `| audit event | ${perAudit.toFixed(0)} | 1 million a day for 90 days: ${gb(audit90d)} | ${share(audit90d)} |`,
  )
  console.log(
    `| both in one database | | ${gb(accounts30m + audit90d)} | ${share(accounts30m + audit90d)} |`,
  )
}
