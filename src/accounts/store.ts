import type { AccountRecord } from './schema'

/**
 * The writes of both ways in (SPEC 10) as plain SQL with `?` parameters: the provisioning API
 * binds them to D1, the import command inlines them into the file it hands to `wrangler d1
 * execute`. One text, so a row written by either way is written the same.
 */
export interface Statement {
  sql: string
  params: ReadonlyArray<string | number | null>
}

/** An `accounts` row as D1 returns it (snake_case columns). */
export interface StoredAccount {
  login_id: string
  kind: AccountRecord['kind']
  status: AccountRecord['status']
  locale: AccountRecord['locale']
  organization_name: string | null
  password_hash: string | null
  contact_given_name: string
  contact_family_name: string
  contact_phone: string
  contact_email: string
  created_at: number
  updated_at: number
}

export const ACCOUNT_COLUMNS =
  'login_id, kind, status, locale, organization_name, password_hash, contact_given_name, ' +
  'contact_family_name, contact_phone, contact_email, created_at, updated_at'

/** Why pending initialized passwords were revoked: the contact changed, or the account closed. */
const REVOKED_REASON = "CASE ? WHEN 'active' THEN 'contact_changed' ELSE 'account_' || ? END"

/** Pending: neither used nor revoked (expired ones included: there is no harm in marking them). */
const PENDING = 'used_at IS NULL AND revoked_at IS NULL'

/** True (in SQL, on the stored row `accounts`) when the record's contact or status differs. */
const CONTACT_OR_STATUS_DIFFERS =
  "(? <> 'active' OR contact_given_name IS NOT ? OR contact_family_name IS NOT ? " +
  'OR contact_phone IS NOT ? OR contact_email IS NOT ?)'

/**
 * Creates or replaces one account, as two statements to run in one batch (a transaction):
 * first the pending initialized passwords are revoked if the account is being closed or locked
 * or its contact changes (a password mailed to the old address must stop working), then one
 * upsert writes the row only if something differs, so sending the same data again writes
 * nothing. A record without a password hash keeps the stored one.
 */
export function upsertAccount(record: AccountRecord, now: number): Statement[] {
  const contact = [
    record.status,
    record.contactGivenName,
    record.contactFamilyName,
    record.contactPhone,
    record.contactEmail,
  ]
  return [
    {
      sql:
        `UPDATE initialized_passwords SET revoked_at = ?, revoked_reason = ${REVOKED_REASON} ` +
        `WHERE login_id = ? AND ${PENDING} AND EXISTS (SELECT 1 FROM accounts ` +
        `WHERE login_id = ? AND ${CONTACT_OR_STATUS_DIFFERS})`,
      params: [now, record.status, record.status, record.loginId, record.loginId, ...contact],
    },
    insertOrUpdateAccounts([record], now),
  ]
}

const ROW_PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'

const rowParams = (record: AccountRecord, now: number) => [
  record.loginId,
  record.kind,
  record.status,
  record.locale,
  record.organizationName,
  record.passwordHash ?? null,
  record.contactGivenName,
  record.contactFamilyName,
  record.contactPhone,
  record.contactEmail,
  now,
  now,
]

/**
 * The upsert alone, of one or more accounts (several rows in one statement make a large import
 * fast): enough for accounts that are new to the database, since they have nothing to revoke.
 */
export function insertOrUpdateAccounts(
  records: ReadonlyArray<AccountRecord>,
  now: number,
): Statement {
  return {
    sql:
      `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES ` +
      records.map(() => ROW_PLACEHOLDERS).join(', ') +
      ' ON CONFLICT (login_id) DO UPDATE SET kind = excluded.kind, status = excluded.status, ' +
      'locale = excluded.locale, organization_name = excluded.organization_name, ' +
      'password_hash = coalesce(excluded.password_hash, accounts.password_hash), ' +
      'contact_given_name = excluded.contact_given_name, ' +
      'contact_family_name = excluded.contact_family_name, ' +
      'contact_phone = excluded.contact_phone, contact_email = excluded.contact_email, ' +
      'updated_at = excluded.updated_at ' +
      'WHERE accounts.kind IS NOT excluded.kind OR accounts.status IS NOT excluded.status ' +
      'OR accounts.locale IS NOT excluded.locale ' +
      'OR accounts.organization_name IS NOT excluded.organization_name ' +
      'OR accounts.contact_given_name IS NOT excluded.contact_given_name ' +
      'OR accounts.contact_family_name IS NOT excluded.contact_family_name ' +
      'OR accounts.contact_phone IS NOT excluded.contact_phone ' +
      'OR accounts.contact_email IS NOT excluded.contact_email ' +
      'OR (excluded.password_hash IS NOT NULL ' +
      'AND accounts.password_hash IS NOT excluded.password_hash)',
    params: records.flatMap((record) => rowParams(record, now)),
  }
}

/** Revokes the pending initialized passwords of these accounts, for the reason given. */
export function revokePendingPasswords(
  loginIds: ReadonlyArray<string>,
  reason: string,
  now: number,
): Statement {
  return {
    sql:
      'UPDATE initialized_passwords SET revoked_at = ?, revoked_reason = ? ' +
      `WHERE login_id IN (${loginIds.map(() => '?').join(', ')}) AND ${PENDING}`,
    params: [now, reason, ...loginIds],
  }
}

/**
 * Closes accounts and revokes their pending initialized passwords, as two statements for one
 * batch; accounts already closed are left as they are.
 */
export function closeAccounts(loginIds: ReadonlyArray<string>, now: number): Statement[] {
  return [
    revokePendingPasswords(loginIds, 'account_closed', now),
    {
      sql:
        "UPDATE accounts SET status = 'closed', updated_at = ? " +
        `WHERE login_id IN (${loginIds.map(() => '?').join(', ')}) AND status <> 'closed'`,
      params: [now, ...loginIds],
    },
  ]
}

/**
 * Why writing the record must revoke the account's pending initialized passwords, or undefined:
 * the account is not active any more (`account_closed`, `account_locked`), or its contact
 * changed (`contact_changed`: a password mailed to the old address must stop working). The
 * upsert's revoking statement decides the same in SQL.
 */
export function revocationReason(stored: StoredAccount, record: AccountRecord) {
  if (record.status !== 'active') return `account_${record.status}`
  const contactChanged =
    stored.contact_given_name !== record.contactGivenName ||
    stored.contact_family_name !== record.contactFamilyName ||
    stored.contact_phone !== record.contactPhone ||
    stored.contact_email !== record.contactEmail
  return contactChanged ? 'contact_changed' : undefined
}

/** Whether writing the record would change the stored row (the upsert's WHERE, in JavaScript). */
export function differs(stored: StoredAccount, record: AccountRecord): boolean {
  return (
    stored.kind !== record.kind ||
    stored.status !== record.status ||
    stored.locale !== record.locale ||
    stored.organization_name !== record.organizationName ||
    stored.contact_given_name !== record.contactGivenName ||
    stored.contact_family_name !== record.contactFamilyName ||
    stored.contact_phone !== record.contactPhone ||
    stored.contact_email !== record.contactEmail ||
    (record.passwordHash !== undefined && stored.password_hash !== record.passwordHash)
  )
}

const sqlLiteral = (value: string | number | null) => {
  if (value === null) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer: ${value}`)
    return String(value)
  }
  return `'${value.replaceAll("'", "''")}'`
}

/** The statement with its parameters written in as SQL literals, for a file of statements. */
export function inlineStatement({ sql, params }: Statement): string {
  const parts = sql.split('?')
  if (parts.length !== params.length + 1) {
    throw new Error(`${parts.length - 1} placeholders but ${params.length} parameters`)
  }
  return parts.reduce(
    (text, part, i) => text + part + (i < params.length ? sqlLiteral(params[i] ?? null) : ''),
    '',
  )
}
