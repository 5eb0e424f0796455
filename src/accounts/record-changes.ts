import type { AccountRecord } from './schema'
import { COMPARED, type StoredAccount } from './store'

// What writing a record would change, decided in JavaScript from the stored account: the import's
// plan counts and audits with it; the upsert in store.ts decides the same in SQL.

/**
 * What becomes of a record's password hash against the stored account: `none` (the record has
 * none: the stored one stays), `apply` (no stored hash, or the record's is newer), `same` (set
 * at the same time: nothing to do) or `kept_newer_here` (the stored one is newer, whoever set
 * it: docs/accounts-import.md, "The newest password wins").
 */
export type PasswordDecision = 'none' | 'apply' | 'same' | 'kept_newer_here'

export function passwordDecision(
  stored: StoredAccount | undefined,
  record: AccountRecord,
): PasswordDecision {
  if (record.passwordHash === undefined || record.passwordChangedAt === undefined) return 'none'
  if (stored === undefined || stored.passwordHash === null) return 'apply'
  const storedAt = stored.passwordChangedAt ?? 0
  if (record.passwordChangedAt > storedAt) return 'apply'
  return record.passwordChangedAt === storedAt ? 'same' : 'kept_newer_here'
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
    stored.contactGivenName !== record.contactGivenName ||
    stored.contactFamilyName !== record.contactFamilyName ||
    stored.contactPhone !== record.contactPhone ||
    stored.contactEmail !== record.contactEmail
  return contactChanged ? 'contact_changed' : undefined
}

/** The fields writing the record would change (the upsert's WHERE, in JavaScript); never values. */
export function changedFields(stored: StoredAccount | undefined, record: AccountRecord): string[] {
  const fields: string[] = COMPARED.filter(
    (key) => stored === undefined || stored[key] !== record[key],
  ).filter((key) => stored !== undefined || record[key] !== null)
  if (passwordDecision(stored, record) === 'apply') fields.push('passwordHash')
  return fields
}

/** Whether writing the record would change the stored row. */
export const differs = (stored: StoredAccount, record: AccountRecord): boolean =>
  changedFields(stored, record).length > 0
