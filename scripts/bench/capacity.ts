// Bytes per row as D1 stores them (`npm run bench -- capacity [--rows N]`): the two databases with
// this repository's migrations applied (accounts: migrations/; audit trail: migrations-audit/),
// then N accounts (both kinds, with a password hash, as an import writes them) in the first, and N
// audit events (as the consumer writes them: a request ID, a hashed client, a country) and N
// refused-submission counts (one client and window each, as a wave from many addresses makes
// them) in the second; each database's size (SQLite pages × page size, the figure D1 bills and
// caps) read before and after each. Prints bytes per row with the table's indexes, and what 30
// million accounts and a million audited submissions a day kept 90 days come to against D1's
// 10 GB per database (docs/capacity.md).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { parseArgs } from 'node:util'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts.ts'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const ROWS = Number(values.rows)
// src/probes/health.ts's limit and threshold (a Worker module; these figures are pinned by its test).
const D1_MAX_BYTES = 10 * 1000 ** 3
const D1_DEGRADED_SHARE = 0.8

// SQLite as D1 runs it (4 KiB pages), in memory: D1 does not let a Worker or wrangler read
// page_count, and the file on disk carries a write-ahead log.
function database(migrations: string) {
  const db = new DatabaseSync(':memory:')
  db.exec('PRAGMA page_size = 4096')
  const folder = join(import.meta.dirname, '../..', migrations)
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    db.exec(readFileSync(join(folder, file), 'utf8'))
  }
  return {
    sizeBytes: () => {
      const { pages } = db.prepare('SELECT page_count AS pages FROM pragma_page_count()').get() as {
        pages: number
      }
      return pages * 4096
    },
    insert: (statements: string[]) => db.exec(`BEGIN;${statements.join('')}COMMIT;`),
  }
}
const accountsDb = database('migrations')
const auditDb = database('migrations-audit')

const hex = (n: number, length: number) => n.toString(16).padStart(length, '0').slice(-length)
const uuid = (n: number) =>
  `${hex(n * 2654435761, 8)}-${hex(n, 4)}-4${hex(n * 7, 3)}-a${hex(n * 13, 3)}-${hex(n * 97, 12)}`

{
  const empty = accountsDb.sizeBytes()
  const accounts = Array.from({ length: ROWS }, (_, i) => {
    const loginId = String(200_000_000 + i)
    const organization = i % 5 === 0
    return `INSERT INTO accounts (login_id, kind, status, locale, organization_name, password_hash, contact_given_name, contact_family_name, contact_phone, contact_email, created_at, updated_at) VALUES ('${loginId}', '${organization ? 'organization' : 'individual'}', 'active', 'ja', ${organization ? `'Example Trading ${i} Co., Ltd.'` : 'NULL'}, '${DEMO_PASSWORD_HASH}', 'Taro${i}', 'Koku', '+8190${String(10_000_000 + i).slice(-8)}', 'user${i}@example.com', 1764489780000, 1764489780000);`
  })
  accountsDb.insert(accounts)
  const withAccounts = accountsDb.sizeBytes()
  const auditEmpty = auditDb.sizeBytes()
  const audit = Array.from(
    { length: ROWS },
    (_, i) =>
      `INSERT INTO audit_events (occurred_at, procedure, outcome, login_id, client_hash, country, request_id, api_key_id) VALUES (${1764489780000 + i * 1000}, 'password_initialization', '${i % 10 === 0 ? 'issued' : 'no_match'}', '${200_000_000 + (i % ROWS)}', '${hex(i * 2654435761, 32)}${hex(i, 32)}', 'JP', '${uuid(i)}', NULL);`,
  )
  auditDb.insert(audit)
  const withAudit = auditDb.sizeBytes()
  const refused = Array.from(
    { length: ROWS },
    (_, i) =>
      `INSERT INTO refused_submissions (client_hash, procedure, outcome, window_start, count, country, first_at, last_at, first_request_id) VALUES ('${hex(i * 2654435761, 32)}${hex(i, 32)}', 'password_initialization', 'rate_limited', ${1764489600000 + (i % 144) * 600_000}, 3, 'JP', ${1764489780000 + i}, ${1764489790000 + i}, '${uuid(i)}');`,
  )
  auditDb.insert(refused)
  const withRefused = auditDb.sizeBytes()

  const perAccount = (withAccounts - empty) / ROWS
  const perAudit = (withAudit - auditEmpty) / ROWS
  const perRefused = (withRefused - withAudit) / ROWS
  const gb = (bytes: number) => `${(bytes / 1000 ** 3).toFixed(2)} GB`
  const share = (bytes: number) => `${((100 * bytes) / D1_MAX_BYTES).toFixed(0)} % of 10 GB`
  const accounts30m = perAccount * 30_000_000
  const audit90d = perAudit * 1_000_000 * 90
  console.log(`${ROWS} rows each, measured as SQLite pages (4 KiB, as D1) after the migrations`)
  console.log(
    `| database | what | bytes a row (with its indexes) | at scale | against its D1 database |`,
  )
  console.log('|---|---|---|---|---|')
  console.log(
    `| DB | account | ${perAccount.toFixed(0)} | 30 million: ${gb(accounts30m)} | ${share(accounts30m)} |`,
  )
  console.log(
    `| AUDIT_DB | audit event | ${perAudit.toFixed(0)} | 1 million a day for 90 days: ${gb(audit90d)} | ${share(audit90d)} |`,
  )
  console.log(
    `| AUDIT_DB | refused-submission count | ${perRefused.toFixed(0)} | one per client and window | |`,
  )
  const days = Math.floor((D1_DEGRADED_SHARE * D1_MAX_BYTES) / (perAudit * 1_000_000))
  console.log(
    `At 1 million audited submissions a day the audit database passes 80 % (/healthz: degraded) after ${days} days of rows.`,
  )
}
