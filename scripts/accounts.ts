// Accounts from the system of record (docs/contract.md#accounts-from-the-system-of-record; docs/accounts-import.md).
//
//   npm run accounts -- import FILE [--local | --remote] [--dry-run] [--encoding utf-8|shift_jis]
//                                   [--deactivate-missing]
//   npm run accounts -- export [--local | --remote] --output accounts.csv
//
// The export goes to --output FILE, or else to standard output: then run npm with `-s`
// (`npm run -s accounts -- export > accounts.csv`), because npm writes its own banner lines to
// standard output ahead of any script's (docs/decisions/022-accounts-export-output.md).
//   npm run accounts -- history LOGIN_ID [--local | --remote] [--limit N] [--cursor C]
//
// --local (the default) works on the local D1 of `npm start`, also while it serves;
// --remote on the deployed one; --persist-to DIR on another local state directory.
// Every row is checked (src/accounts/csv-rows.ts, the provisioning API's schema) before
// anything is written; then only new and changed accounts are written, in batches. A password
// hash that applies (newer than the stored one) is stored wrapped under PASSWORD_PEPPER, named by
// PASSWORD_PEPPER_KEY_ID (each from the environment, or .dev.vars for --local; the key ID else
// from wrangler.toml): docs/accounts-import.md.
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { asc } from 'drizzle-orm'
import { exportCsv } from '../src/accounts/csv-export.ts'
import { formatRowError, readAccountRows } from '../src/accounts/csv-rows.ts'
import { formatCounts, planImport } from '../src/accounts/import-plan.ts'
import { inlineStatement, sqlBuilder } from '../src/accounts/sql-text.ts'
import {
  type AccountWrite,
  type StoredAccount,
  storedAccountColumns,
  storedAccountFromRow,
} from '../src/accounts/store.ts'
import {
  accountHistory,
  HISTORY_PAGE_DEFAULT,
  HISTORY_PAGE_MAX,
  historyText,
  type Select,
} from '../src/db/account-history-query.ts'
import { accounts } from '../src/db/schema/index.ts'
import { auditWriteTarget, projectAuditDatabases } from './support/audit-databases.ts'
import { decodeCsv, ENCODINGS, type Encoding, parseCsv } from './support/csv-file.ts'
import { d1Databases } from './support/d1.ts'
import { readPepper, readPepperKeyId, wrapWithPepper } from './support/wrap-legacy-hash.ts'

/** Statements per batch (one transaction): each writes up to 200 accounts. */
const STATEMENTS_PER_BATCH = 100
/** Files with more rows than this show progress. */
const PROGRESS_ABOVE_ROWS = 1_000

const USAGE =
  'Usage: npm run accounts -- import FILE [--local | --remote] [--dry-run] [--encoding utf-8|shift_jis] [--deactivate-missing]\n' +
  '       npm run accounts -- export [--local | --remote] [--output FILE]\n' +
  '       npm run accounts -- history LOGIN_ID [--local | --remote] [--limit N] [--cursor C]'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    encoding: { type: 'string', default: 'utf-8' },
    'deactivate-missing': { type: 'boolean', default: false },
    output: { type: 'string' },
    limit: { type: 'string', default: String(HISTORY_PAGE_DEFAULT) },
    cursor: { type: 'string' },
  },
})

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

if (values.local && values.remote) fail('Choose --local or --remote, not both.')

/**
 * The databases of wrangler.toml: `DB`, the accounts, and the audit databases, `AUDIT_DB` (and
 * `AUDIT_DB_1`, … with rotation: docs/decisions/034-audit-rotation.md). A local one is opened
 * once, on the first query (docs/decisions/035-commands-open-the-local-d1-once.md).
 */
const databases = d1Databases({ remote: values.remote, persistTo: values['persist-to'] }, fail)

/** The audit databases as the Worker reads them; a configuration it would refuse stops the command. */
const auditDatabases = () => projectAuditDatabases(fail)

/** Every stored account (the hashes too: an import compares them, and never prints them). */
async function storedAccounts(): Promise<StoredAccount[]> {
  const select = sqlBuilder()
    .select(storedAccountColumns)
    .from(accounts)
    .orderBy(asc(accounts.loginId))
    .toSQL()
  return (await databases.query('DB', select.sql)).map(storedAccountFromRow)
}

/**
 * Runs the statements in batches of STATEMENTS_PER_BATCH, each batch after the SQL `before` (the
 * audit database's id floor with rotation), printing progress on large imports.
 */
function write(
  database: string,
  statements: ReadonlyArray<AccountWrite>,
  showProgress: boolean,
  before: readonly string[] = [],
): Promise<void> {
  return databases.run(database, statements.map(inlineStatement), {
    perBatch: STATEMENTS_PER_BATCH,
    before,
    done: showProgress
      ? (written, batches) => console.error(`  wrote batch ${written} of ${batches}`)
      : undefined,
  })
}

/** PASSWORD_PEPPER_KEY_ID as the Worker reads it; a value it would refuse stops the command. */
function pepperKeyId(): number {
  try {
    return readPepperKeyId(!values.remote)
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error))
  }
}

async function importFile(path: string): Promise<void> {
  const encoding = values.encoding.toLowerCase().replace('sjis', 'shift_jis')
  if (!ENCODINGS.includes(encoding as Encoding)) {
    fail(`--encoding must be one of ${ENCODINGS.join(', ')}`)
  }
  let records: ReturnType<typeof parseCsv>
  try {
    records = parseCsv(decodeCsv(readFileSync(path), encoding as Encoding))
  } catch (error) {
    fail(`${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const [header, ...rows] = records
  if (header === undefined) fail(`${path}: the file is empty; it needs a header row.`)
  // A header alone would close every account: far more likely a wrong file than the intent.
  if (rows.length === 0 && values['deactivate-missing']) {
    fail(`${path}: no accounts in the file; --deactivate-missing would close every account.`)
  }
  const showProgress = rows.length > PROGRESS_ABOVE_ROWS
  if (showProgress) console.error(`Checking ${rows.length} rows…`)
  const checked = readAccountRows(
    header,
    rows,
    showProgress ? (n) => console.error(`  checked ${n} of ${rows.length} rows`) : undefined,
  )
  if (!checked.ok) {
    for (const error of checked.errors) console.error(formatRowError(error))
    fail(`${path}: ${checked.errors.length} error(s); nothing was written.`)
  }
  if (showProgress) console.error('Reading the stored accounts…')
  const dryRun = values['dry-run']
  const pepper = dryRun ? undefined : readPepper(!values.remote)
  const now = Date.now()
  const plan = await planImport(await storedAccounts(), checked.accounts, {
    deactivateMissing: values['deactivate-missing'],
    now,
    runId: randomUUID(),
    // A dry run writes nothing, so it wraps nothing either.
    wrap: dryRun
      ? async (hash) => hash
      : pepper
        ? wrapWithPepper(pepper, pepperKeyId())
        : () =>
            fail(
              'A password hash is to be written, and it is stored wrapped under PASSWORD_PEPPER: set it in the environment (docs/accounts-import.md).',
            ),
  })
  if (values['dry-run']) {
    console.log(`Dry run, nothing written: ${formatCounts(plan.counts)}.`)
    return
  }
  if (plan.statements.length > 0) await write('DB', plan.statements, showProgress)
  if (plan.auditStatements.length > 0) {
    const audit = auditWriteTarget(auditDatabases(), now)
    await write(audit.binding, plan.auditStatements, showProgress, audit.before)
  }
  console.log(`Imported ${path}: ${formatCounts(plan.counts)}.`)
}

/** Results of one SELECT on one database, keyed by column name. */
const selectRows = (database: string, query: Select) =>
  databases.query(database, inlineStatement(query))

/**
 * One page of an account's history (docs/operations.md#history-of-one-account), newest first:
 * the function behind `GET /api/v1/accounts/{loginId}/events`, one line an event.
 */
async function printHistory(loginId: string): Promise<void> {
  if (!/^[0-9]{9}$/.test(loginId)) fail('LOGIN_ID is nine digits.')
  const limit = Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_PAGE_MAX) {
    fail(`--limit is a number from 1 to ${HISTORY_PAGE_MAX}.`)
  }
  const cursor = values.cursor === undefined ? undefined : Number(values.cursor)
  if (cursor !== undefined && !Number.isSafeInteger(cursor)) fail('--cursor is a nextCursor.')
  const page = await accountHistory(
    {
      accounts: (query) => selectRows('DB', query),
      audit: auditDatabases().bindings.map(
        (binding) => (query: Select) => selectRows(binding, query),
      ),
    },
    loginId,
    { before: cursor, limit },
  )
  if (page === null) fail(`No account has the login ID ${loginId}.`)
  const { lines, notes } = historyText(page)
  for (const line of lines) console.log(line)
  for (const note of notes) console.error(note)
}

const [command, file] = positionals
try {
  if (command === 'import') {
    await importFile(file ?? fail(`import needs a FILE.\n${USAGE}`))
  } else if (command === 'export') {
    const stored = await storedAccounts()
    const output = values.output
    if (output === undefined) {
      process.stdout.write(exportCsv(stored))
    } else {
      try {
        writeFileSync(output, exportCsv(stored))
      } catch (error) {
        fail(`Cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
      }
      console.error(`Exported ${stored.length} account(s) to ${output}.`)
    }
  } else if (command === 'history') {
    await printHistory(file ?? fail(`history needs a LOGIN_ID.\n${USAGE}`))
  } else {
    fail(USAGE)
  }
} finally {
  await databases.close()
}
