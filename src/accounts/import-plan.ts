import { inArray } from 'drizzle-orm'
import type { Outcome } from '../db/audit'
import { passwordChangeFailures } from '../db/schema'
import { auditEvents } from '../db/schema/audit-tables'
import { NOTICE_CHUNK, queuePasswordAppliedNotices } from './notices'
import { changedFields, passwordDecision, revocationReason } from './record-changes'
import type { AccountRecord } from './schema'
import { sqlBuilder } from './sql-text'
import {
  type AccountWrite,
  closeAccounts,
  insertOrUpdateAccounts,
  revokePendingPasswords,
  type StoredAccount,
} from './store'

export interface ImportCounts {
  new: number
  changed: number
  unchanged: number
  closed: number
  /** Rows whose password hash was older than the one stored here: the hash was not written. */
  keptNewerHere: number
}

/** One audit row of the import: which account, what became of it, which fields (never values). */
interface ImportAudit {
  loginId: string
  outcome: Outcome
  fields: readonly string[]
}

/** Audit rows per INSERT (written out with literals, so D1's parameter limit does not apply). */
const AUDIT_CHUNK = 200

export interface ImportPlan {
  counts: ImportCounts
  /** What to write, in order; empty when the file says what the database already holds. */
  statements: AccountWrite[]
  /**
   * The changes' audit rows, for the audit database (`AUDIT_DB`), written after `statements`
   * (docs/decisions/029-audit-database.md).
   */
  auditStatements: AccountWrite[]
}

/** Accounts closed per statement (their login IDs are listed in an `IN (…)`). */
const CLOSE_CHUNK = 500
/** Accounts per INSERT: at most this many, and at most INSERT_MAX_BYTES of values. */
const INSERT_CHUNK = 200
/** D1 takes statements of up to 100 KB; the statement's own text is about 1 KB. */
const INSERT_MAX_BYTES = 90_000

const utf8Length = (value: string | undefined | null) =>
  value ? new TextEncoder().encode(value).length : 0

/** About what a record takes in an INSERT written out with literals (quotes and commas too). */
const approximateBytes = (record: AccountRecord) =>
  60 +
  utf8Length(record.organizationName) +
  utf8Length(record.contactGivenName) +
  utf8Length(record.contactFamilyName) +
  utf8Length(record.contactPhone) +
  utf8Length(record.contactEmail) +
  utf8Length(record.passwordHash)

/** The records in groups that each fit one INSERT. */
function insertChunks(records: ReadonlyArray<AccountRecord>): AccountRecord[][] {
  const chunks: AccountRecord[][] = []
  let chunk: AccountRecord[] = []
  let bytes = 0
  for (const record of records) {
    const size = approximateBytes(record)
    if (chunk.length === INSERT_CHUNK || (chunk.length > 0 && bytes + size > INSERT_MAX_BYTES)) {
      chunks.push(chunk)
      chunk = []
      bytes = 0
    }
    chunk.push(record)
    bytes += size
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}

/**
 * What an import changes: each record is new, changed or unchanged against the stored accounts;
 * only new and changed ones are written, up to 200 to a statement (under D1's 100 KB), after the
 * pending initialized passwords of changed accounts that are closed, locked, have a new contact
 * or a newer password hash are revoked, and the failed tries of those with a newer hash are
 * deleted. A hash older than the stored one is not written and counted as "kept: newer here"
 * (docs/accounts-import.md); one that applies is wrapped with `wrap` first. With
 * `deactivateMissing`, every stored account absent from the file and not yet closed is closed
 * (and its pending initialized passwords revoked). Every change gets an audit row naming its
 * fields, its request ID `import:<runId>:<login ID>`.
 */
export async function planImport(
  stored: ReadonlyArray<StoredAccount>,
  records: ReadonlyArray<AccountRecord>,
  options: {
    deactivateMissing: boolean
    now: number
    runId: string
    /** Wraps a legacy hash for storage (chosen-password.ts `wrapLegacyHash`, or the CLI's twin). */
    wrap: (legacyPhc: string) => Promise<string>
  },
): Promise<ImportPlan> {
  const byLoginId = new Map(stored.map((account) => [account.loginId, account]))
  const counts: ImportCounts = { new: 0, changed: 0, unchanged: 0, closed: 0, keptNewerHere: 0 }
  const statements: AccountWrite[] = []
  const db = sqlBuilder()
  const written: AccountRecord[] = []
  const revoked = new Map<string, string[]>()
  const newHashes: string[] = []
  const audits: ImportAudit[] = []
  const revoke = (reason: string, loginId: string) => {
    const loginIds = revoked.get(reason) ?? []
    loginIds.push(loginId)
    revoked.set(reason, loginIds)
  }
  const wrapped = await wrapApplied(byLoginId, records, options.wrap)
  for (const given of records) {
    const current = byLoginId.get(given.loginId)
    const password = passwordDecision(current, given)
    if (password === 'kept_newer_here') counts.keptNewerHere++
    const fields = changedFields(current, given)
    const record: AccountRecord =
      password === 'apply'
        ? { ...given, passwordHash: wrapped.get(given.loginId) }
        : { ...given, passwordHash: undefined, passwordChangedAt: undefined }
    if (current === undefined) {
      counts.new++
      written.push(record)
      audits.push({ loginId: given.loginId, outcome: 'created', fields })
    } else if (fields.length > 0) {
      counts.changed++
      written.push(record)
      audits.push({ loginId: given.loginId, outcome: 'changed', fields })
      const reason = revocationReason(current, given)
      if (reason !== undefined) revoke(reason, given.loginId)
      if (password === 'apply') {
        revoke('password_changed', given.loginId)
        newHashes.push(given.loginId)
      }
    } else {
      counts.unchanged++
    }
  }
  for (const [reason, loginIds] of revoked) {
    for (const chunk of chunksOf(loginIds, CLOSE_CHUNK)) {
      statements.push(revokePendingPasswords(db, chunk, reason, options.now))
    }
  }
  for (const chunk of chunksOf(newHashes, CLOSE_CHUNK)) {
    statements.push(
      db.delete(passwordChangeFailures).where(inArray(passwordChangeFailures.loginId, chunk)),
    )
  }
  for (const chunk of insertChunks(written)) {
    statements.push(insertOrUpdateAccounts(db, chunk, options.now))
  }
  for (const chunk of chunksOf(newHashes, NOTICE_CHUNK)) {
    const hashes = chunk.map((loginId) => wrapped.get(loginId) ?? '')
    statements.push(queuePasswordAppliedNotices(db, chunk, hashes, options.now))
  }
  if (options.deactivateMissing) {
    const inFile = new Set(records.map((record) => record.loginId))
    const missing = stored
      .filter((account) => !inFile.has(account.loginId) && account.status !== 'closed')
      .map((account) => account.loginId)
    counts.closed = missing.length
    for (const chunk of chunksOf(missing, CLOSE_CHUNK)) {
      statements.push(...closeAccounts(db, chunk, options.now))
    }
    for (const loginId of missing) audits.push({ loginId, outcome: 'closed', fields: ['status'] })
  }
  const auditStatements: AccountWrite[] = []
  for (const chunk of chunksOf(audits, AUDIT_CHUNK)) {
    auditStatements.push(
      db
        .insert(auditEvents)
        .values(
          chunk.map(({ loginId, outcome, fields }) => ({
            occurredAt: options.now,
            procedure: 'account_import',
            outcome,
            loginId,
            requestId: `import:${options.runId}:${loginId}`,
            changedFields: fields.join(','),
          })),
        )
        .onConflictDoNothing({ target: auditEvents.requestId }),
    )
  }
  return { counts, statements, auditStatements }
}

/** Hashes wrapped at once (Argon2id runs on Node's thread pool: a few at a time keep it busy). */
const WRAP_CONCURRENCY = 8

/** The wrapped hash of every record whose hash applies, by login ID. */
async function wrapApplied(
  byLoginId: ReadonlyMap<string, StoredAccount>,
  records: ReadonlyArray<AccountRecord>,
  wrap: (legacyPhc: string) => Promise<string>,
): Promise<Map<string, string>> {
  const applied = records.filter(
    (record) => passwordDecision(byLoginId.get(record.loginId), record) === 'apply',
  )
  const wrapped = new Map<string, string>()
  for (const chunk of chunksOf(applied, WRAP_CONCURRENCY)) {
    const hashes = await Promise.all(chunk.map((record) => wrap(record.passwordHash ?? '')))
    for (const [i, record] of chunk.entries()) wrapped.set(record.loginId, hashes[i] ?? '')
  }
  return wrapped
}

const chunksOf = <T>(items: ReadonlyArray<T>, size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  )

export const formatCounts = (counts: ImportCounts) =>
  `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.closed} closed, ${counts.keptNewerHere} kept: newer here`
