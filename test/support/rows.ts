// The rows a test reads back from the real local D1, through Drizzle and typed by the schema
// itself (`$inferSelect`), so a renamed or retyped column fails `tsc` here and in every test that
// names it, instead of passing with a hand-written row type.
import { env } from 'cloudflare:workers'
import { asc, eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import { expect } from 'vitest'
import { verifyInitializedPassword } from '../../src/credentials/keyed-hash'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import * as schema from '../../src/db/schema'
import {
  accounts,
  apiKeys,
  initializedPasswords,
  loginIdNotifications,
  type NewAccount,
  passwordChangeFailures,
} from '../../src/db/schema'
import * as auditSchema from '../../src/db/schema/audit-tables'
import { auditEvents, refusedSubmissions } from '../../src/db/schema/audit-tables'

/** The test's accounts D1 (`DB`), as the service's Drizzle sees it. */
export const db = drizzle(env.DB, { schema })
/** The test's audit D1 (`AUDIT_DB`): the audit trail and the refusal counts. */
export const auditDb = drizzle(env.AUDIT_DB, { schema: auditSchema })

export type AccountRow = typeof accounts.$inferSelect
export type InitializedPasswordRow = typeof initializedPasswords.$inferSelect
export type LoginIdNotificationRow = typeof loginIdNotifications.$inferSelect
export type AuditEventRow = typeof auditEvents.$inferSelect
export type RefusedSubmissionRow = typeof refusedSubmissions.$inferSelect
export type PasswordChangeFailureRow = typeof passwordChangeFailures.$inferSelect
export type ApiKeyRow = typeof apiKeys.$inferSelect

/** Insertion order: SQLite's implicit rowid, which Drizzle's schema does not name. */
const rowid = sql`rowid`

/** Every initialized password ever issued, oldest first. */
export const initializedPasswordRows = (): Promise<InitializedPasswordRow[]> =>
  db.select().from(initializedPasswords).orderBy(asc(initializedPasswords.issuedAt), rowid)

/** Every login ID notification e-mail, in the order they were written. */
export const loginIdNotificationRows = (): Promise<LoginIdNotificationRow[]> =>
  db.select().from(loginIdNotifications).orderBy(rowid)

/** Every audit event, in the order they were written. */
export const auditRows = (): Promise<AuditEventRow[]> =>
  auditDb.select().from(auditEvents).orderBy(asc(auditEvents.id))

/** Every count of refused submissions, in the order they were first written. */
export const refusedRows = (): Promise<RefusedSubmissionRow[]> =>
  auditDb.select().from(refusedSubmissions).orderBy(rowid)

/** The wrong tries the password change's lockout counts, oldest first. */
export const failureRows = (): Promise<PasswordChangeFailureRow[]> =>
  db.select().from(passwordChangeFailures).orderBy(asc(passwordChangeFailures.failedAt), rowid)

/** Every stored API key, oldest first. */
export const apiKeyRows = (): Promise<ApiKeyRow[]> =>
  db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), rowid)

/** One account's row, or undefined when there is none. */
export async function accountRow(loginId: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.loginId, loginId))
  return row
}

/** The account's current password hash, to show it is untouched by an initialization. */
export async function currentPasswordHashOf(loginId: string): Promise<string | null | undefined> {
  return (await accountRow(loginId))?.passwordHash
}

/** Whether a stored initialized-password hash is the e-mailed password's, under the test key. */
export const verifiesAsInitialized = (password: string | undefined, hash: string | undefined) =>
  verifyInitializedPassword(password ?? '', hash ?? '', env.INITIALIZED_PASSWORD_KEY)

/** The account's wrong current-password tries in a row, and when they suspended it (docs/contract.md#password-change). */
export async function wrongTriesOf(loginId: string) {
  const account = await accountRow(loginId)
  return { tries: account?.failedPasswordTries, suspendedAt: account?.currentPasswordSuspendedAt }
}

/** Changes columns of one account, as the system of record (or a test's setup) may. */
export async function updateAccount(loginId: string, changes: Partial<NewAccount>): Promise<void> {
  await db.update(accounts).set(changes).where(eq(accounts.loginId, loginId))
}

/** Adds one account next to the demo ones; unspecified columns copy Taro's registered contact. */
export async function insertAccount(
  account: Pick<NewAccount, 'loginId' | 'status'> & Partial<NewAccount>,
): Promise<void> {
  await db.insert(accounts).values({
    kind: 'individual',
    locale: 'ja',
    organizationName: null,
    passwordHash: DEMO_PASSWORD_HASH,
    contactGivenName: 'Taro',
    contactFamilyName: 'Koku',
    contactPhone: '+819012345678',
    contactEmail: 'taro.koku@example.com',
    createdAt: 0,
    updatedAt: 0,
    ...account,
  })
}

/**
 * Fails when any column of the row holds one of the fragments (compared in lower case): the
 * check that a table keeps no submitted name, phone number or e-mail address.
 */
export function expectNoneOf(row: object, fragments: readonly string[]): void {
  for (const [column, value] of Object.entries(row)) {
    const cell = String(value).toLowerCase()
    for (const fragment of fragments) {
      expect(cell, `column ${column} holds "${fragment}"`).not.toContain(fragment.toLowerCase())
    }
  }
}
