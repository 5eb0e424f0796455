import type { AccountRecord } from './schema'
import {
  type AccountWrite,
  closeAccounts,
  differs,
  insertOrUpdateAccounts,
  revocationReason,
  revokePendingPasswords,
  type StoredAccount,
  sqlBuilder,
} from './store'

export interface ImportCounts {
  new: number
  changed: number
  unchanged: number
  closed: number
}

export interface ImportPlan {
  counts: ImportCounts
  /** What to write, in order; empty when the file says what the database already holds. */
  statements: AccountWrite[]
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
 * only new and changed ones are written, up to 200 to a statement (under D1's 100 KB), after the pending initialized
 * passwords of changed accounts that are closed, locked or have a new contact are revoked. With `deactivateMissing`, every stored account absent
 * from the file and not yet closed is closed (and its pending initialized passwords revoked).
 */
export function planImport(
  stored: ReadonlyArray<StoredAccount>,
  records: ReadonlyArray<AccountRecord>,
  options: { deactivateMissing: boolean; now: number },
): ImportPlan {
  const byLoginId = new Map(stored.map((account) => [account.loginId, account]))
  const counts: ImportCounts = { new: 0, changed: 0, unchanged: 0, closed: 0 }
  const statements: AccountWrite[] = []
  const db = sqlBuilder()
  const written: AccountRecord[] = []
  const revoked = new Map<string, string[]>()
  for (const record of records) {
    const current = byLoginId.get(record.loginId)
    if (current === undefined) {
      counts.new++
      written.push(record)
    } else if (differs(current, record)) {
      counts.changed++
      written.push(record)
      const reason = revocationReason(current, record)
      if (reason !== undefined) {
        const loginIds = revoked.get(reason) ?? []
        loginIds.push(record.loginId)
        revoked.set(reason, loginIds)
      }
    } else {
      counts.unchanged++
    }
  }
  for (const [reason, loginIds] of revoked) {
    for (let i = 0; i < loginIds.length; i += CLOSE_CHUNK) {
      statements.push(
        revokePendingPasswords(db, loginIds.slice(i, i + CLOSE_CHUNK), reason, options.now),
      )
    }
  }
  for (const chunk of insertChunks(written)) {
    statements.push(insertOrUpdateAccounts(db, chunk, options.now))
  }
  if (options.deactivateMissing) {
    const inFile = new Set(records.map((record) => record.loginId))
    const missing = stored
      .filter((account) => !inFile.has(account.loginId) && account.status !== 'closed')
      .map((account) => account.loginId)
    counts.closed = missing.length
    for (let i = 0; i < missing.length; i += CLOSE_CHUNK) {
      statements.push(...closeAccounts(db, missing.slice(i, i + CLOSE_CHUNK), options.now))
    }
  }
  return { counts, statements }
}

export const formatCounts = (counts: ImportCounts) =>
  `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.closed} closed`
