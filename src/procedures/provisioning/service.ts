import { eq } from 'drizzle-orm'
import {
  changedFields,
  type PasswordDecision,
  passwordDecision,
} from '../../accounts/record-changes'
import type { AccountRecord } from '../../accounts/schema'
import {
  closeAccounts,
  type StoredAccount,
  storedAccountColumns,
  upsertAccount,
} from '../../accounts/store'
import { wrapLegacyHash } from '../../credentials/chosen-password'
import { type AuditRow, type Outcome, recordAuditEvents } from '../../db/audit'
import { accounts } from '../../db/schema'
import type { Database, ServiceContext } from '../../platform/context'

const selectAccount = (db: Database, loginId: string) =>
  db.select(storedAccountColumns).from(accounts).where(eq(accounts.loginId, loginId))

/**
 * The audit row of one provisioning change. It goes to the audit database once the change's own
 * batch has committed: a second database can not share the batch's transaction, so a failed
 * audit write is logged (`audit_write_failed`), not undone (docs/decisions/029-audit-database.md).
 */
const auditRow = (
  ctx: ServiceContext,
  clientHash: string,
  change: { loginId: string; outcome: Outcome; fields: readonly string[] },
): AuditRow => ({
  occurredAt: ctx.now(),
  procedure: 'account_provisioning',
  outcome: change.outcome,
  loginId: change.loginId,
  requestId: ctx.requestId,
  apiKeyId: ctx.apiKeyId,
  clientHash,
  country: ctx.client.country,
  changedFields: change.fields.join(','),
})

export interface PutResult {
  created: boolean
  account: StoredAccount
  /** What became of the record's password hash (`kept_newer_here`: a newer one is stored). */
  password: PasswordDecision
  /** The stored hash is the one this request wrapped and wrote: the holder is to be told. */
  passwordApplied: boolean
}

/**
 * Creates or replaces an account in one D1 batch (a transaction): the revocations and the
 * upsert of `upsertAccount` (which writes nothing when nothing differs, and keeps a stored hash
 * newer than the record's), and the row as stored; then the audit row naming the changed fields. A
 * legacy hash that applies is wrapped first (docs/accounts-import.md, "Wrapped hashes"). Of two
 * concurrent PUTs of a new account, one creates it and the other replaces it.
 */
export async function putAccount(ctx: ServiceContext, given: AccountRecord): Promise<PutResult> {
  const { db } = ctx
  const now = ctx.now()
  const [stored] = await selectAccount(db, given.loginId)
  const password = passwordDecision(stored, given)
  const fields = changedFields(stored, given)
  let record: AccountRecord = { ...given, passwordHash: undefined, passwordChangedAt: undefined }
  if (password === 'apply' && given.passwordHash !== undefined) {
    const wrapped = await wrapLegacyHash(given.passwordHash, ctx.config.passwordPeppers)
    if (wrapped === null) throw new Error('A validated password hash did not wrap')
    record = { ...given, passwordHash: wrapped }
  }
  const audit =
    fields.length > 0
      ? [
          auditRow(ctx, await ctx.client.hash(), {
            loginId: given.loginId,
            outcome: stored ? 'changed' : 'created',
            fields,
          }),
        ]
      : []
  const [first, ...writes] = upsertAccount(db, record, now)
  if (first === undefined) throw new Error('upsertAccount wrote nothing')
  const results = await db.batch([
    selectAccount(db, given.loginId),
    first,
    ...writes,
    selectAccount(db, given.loginId),
  ])
  await recordAuditEvents(ctx, audit)
  const before = results[0] as StoredAccount[]
  const [account] = results.at(-1) as StoredAccount[]
  if (account === undefined) throw new Error('The account was not stored')
  return {
    created: before.length === 0,
    account,
    password,
    passwordApplied:
      record.passwordHash !== undefined && account.passwordHash === record.passwordHash,
  }
}

export async function getAccount(
  db: Database,
  loginId: string,
): Promise<StoredAccount | undefined> {
  const [account] = await selectAccount(db, loginId)
  return account
}

/**
 * Closes the account and revokes its pending initialized passwords, auditing the change; false
 * when there is no such account. Closing a closed account changes nothing (and audits nothing).
 */
export async function closeAccount(ctx: ServiceContext, loginId: string) {
  const [stored] = await selectAccount(ctx.db, loginId)
  if (stored === undefined) return false
  const audit =
    stored.status === 'closed'
      ? []
      : [auditRow(ctx, await ctx.client.hash(), { loginId, outcome: 'closed', fields: ['status'] })]
  const [revoke, close] = closeAccounts(ctx.db, [loginId], ctx.now())
  await ctx.db.batch([revoke, close])
  await recordAuditEvents(ctx, audit)
  return true
}
