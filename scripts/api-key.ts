// Creates, lists and revokes API keys of integrations (docs/api.md#api-keys-and-quotas).
//
//   npm run api-key -- create --name partner-portal [--scopes recovery,accounts:read]
//                             [--quota 600/600] [--expires 2027-06-30 | --expires-in-days 90]
//                             [--local | --remote]
//   npm run api-key -- list [--local | --remote]
//   npm run api-key -- revoke <id or name> [--local | --remote]
//
// --local (the default) works on the local D1 of `npm start`; --remote on the deployed one.
// A key is shown once, at creation; only its SHA-256 is stored. Scopes (docs/contract.md#api-keys-and-scopes): recovery (the
// default), accounts:read, accounts:write, accounts:recover (help-desk recovery), credentials:verify. A key expires only when given
// --expires (it works through that day, UTC) or --expires-in-days. Each key created or revoked
// leaves an audit row naming its id and name, never the key (docs/security.md, "API keys").
import { createHash, randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { apiKeyExpiry, describeExpiry } from './support/api-key-expiry.ts'
import { auditWriteTarget, projectAuditDatabases } from './support/audit-databases.ts'
import { d1Databases } from './support/d1.ts'

const DEFAULT_QUOTA = '600/600'
// The same list as API_SCOPES in src/api/scopes.ts (a test keeps them equal).
const SCOPES = [
  'recovery',
  'accounts:read',
  'accounts:write',
  'accounts:recover',
  'credentials:verify',
]

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    quota: { type: 'string', default: DEFAULT_QUOTA },
    scopes: { type: 'string', default: 'recovery' },
    expires: { type: 'string' },
    'expires-in-days': { type: 'string' },
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
})

const fail = (message: string): never => {
  console.error(message)
  process.exit(1)
}

if (values.local && values.remote) fail('Choose --local or --remote, not both.')

/**
 * The databases (`DB`, the keys; the audit databases, the audit trail:
 * docs/decisions/029-audit-database.md); a local one is opened once, on the first query.
 */
const databases = d1Databases({ remote: values.remote, persistTo: values['persist-to'] }, fail)

/** Runs SQL on the accounts database and returns the rows. */
const query = (sql: string) => databases.query('DB', sql)

/** The audit databases as the Worker reads them; a configuration it would refuse stops the command. */
const auditDatabases = () => projectAuditDatabases(fail)

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`

/**
 * The audit row of a key created or revoked: procedure `api_key`, the key's id in `api_key_id`
 * (its name is on the key's row under that id), no login ID or client, a request ID of its own.
 */
/**
 * Writes that audit row to the audit database of the moment: `AUDIT_DB`, or with rotation the
 * period's, after the id floor's statements (docs/decisions/034-audit-rotation.md).
 */
function writeAudit(outcome: 'created' | 'revoked', id: string, at: number): Promise<void> {
  const { binding, before } = auditWriteTarget(auditDatabases(), at)
  const insert = `INSERT INTO audit_events (occurred_at, procedure, outcome, login_id, client_hash, country, request_id, api_key_id) VALUES (${at}, 'api_key', ${sqlString(outcome)}, NULL, NULL, NULL, ${sqlString(`cli_${randomBytes(12).toString('hex')}`)}, ${sqlString(id)})`
  return databases.run(binding, [insert], { perBatch: 1, before })
}
const [command, argument] = positionals
try {
  if (command === 'create') {
    const name = values.name ?? fail('create needs --name, e.g. --name partner-portal')
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) fail('--name: 1 to 64 letters, digits, . _ -')
    if (!/^[1-9][0-9]*\/[1-9][0-9]*$/.test(values.quota)) fail('--quota must be COUNT/SECONDS')
    const scopes = [...new Set(values.scopes.split(',').map((scope) => scope.trim()))]
    const unknown = scopes.filter((scope) => !SCOPES.includes(scope))
    if (unknown.length > 0 || scopes.length === 0) {
      fail(`--scopes: unknown scope ${unknown.join(', ')}; choose from ${SCOPES.join(', ')}`)
    }
    const now = Date.now()
    let expiresAt: number | null = null
    try {
      expiresAt = apiKeyExpiry(
        { expires: values.expires, expiresInDays: values['expires-in-days'] },
        now,
      )
    } catch (error) {
      fail((error as Error).message)
    }
    const key = `pik_${randomBytes(32).toString('base64url')}`
    const id = `key_${randomBytes(8).toString('hex')}`
    const keyHash = createHash('sha256').update(key).digest('hex')
    await query(
      `INSERT INTO api_keys (id, name, key_hash, quota, scopes, created_at, expires_at) VALUES (${sqlString(id)}, ${sqlString(name)}, ${sqlString(keyHash)}, ${sqlString(values.quota)}, ${sqlString(scopes.join(','))}, ${now}, ${expiresAt ?? 'NULL'})`,
    )
    await writeAudit('created', id, now)
    console.log(
      `Created API key ${id} "${name}" with quota ${values.quota} and scopes ${scopes.join(',')}, expires ${describeExpiry(expiresAt, now)}.`,
    )
    console.log("The key is shown only now; store it in the integration's secret store:")
    console.log(key)
  } else if (command === 'list') {
    const rows = await query(
      'SELECT id, name, quota, scopes, created_at, expires_at, revoked_at FROM api_keys ORDER BY created_at',
    )
    const now = Date.now()
    if (rows.length === 0) console.log('No API keys.')
    // One key a line, tab-separated: id, name, quota, created, state (active, revoked or expired),
    // expires, scopes.
    for (const row of rows) {
      const created = new Date(Number(row.created_at)).toISOString()
      const expiresAt = row.expires_at === null ? null : Number(row.expires_at)
      const state = row.revoked_at
        ? `revoked ${new Date(Number(row.revoked_at)).toISOString()}`
        : expiresAt !== null && expiresAt <= now
          ? 'expired'
          : 'active'
      console.log(
        `${row.id}\t${row.name}\t${row.quota}\tcreated ${created}\t${state}\texpires ${describeExpiry(expiresAt, now)}\tscopes ${row.scopes}`,
      )
    }
  } else if (command === 'revoke') {
    const which = argument ?? fail('revoke needs the key id or name')
    const active = await query(
      `SELECT id FROM api_keys WHERE (id = ${sqlString(which)} OR name = ${sqlString(which)}) AND revoked_at IS NULL`,
    )
    if (active.length === 0) fail(`No active API key with id or name "${which}".`)
    if (active.length > 1) fail(`Several active keys are named "${which}"; revoke one by its id.`)
    const id = String(active[0]?.id)
    const now = Date.now()
    await query(`UPDATE api_keys SET revoked_at = ${now} WHERE id = ${sqlString(id)}`)
    await writeAudit('revoked', id, now)
    console.log(`Revoked API key ${id}; requests with it now get 401.`)
  } else {
    fail(
      'Usage: npm run api-key -- create --name NAME [--scopes a,b] [--quota COUNT/SECONDS] [--expires YYYY-MM-DD | --expires-in-days N] | list | revoke ID_OR_NAME  [--local | --remote]',
    )
  }
} finally {
  await databases.close()
}
