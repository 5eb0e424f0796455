import { env } from 'cloudflare:workers'
import type { OutgoingMail } from '../../src/platform/mailer'

/** One `initialized_passwords` row as D1 returns it (snake_case columns). */
export interface InitializedPasswordRecord {
  id: string
  login_id: string
  password_hash: string
  issued_at: number
  expires_at: number
  used_at: number | null
  revoked_at: number | null
  revoked_reason: string | null
  delivery_state: string
  delivery_error: string | null
}

/** One `audit_events` row as D1 returns it. */
export interface AuditRecord {
  id: number
  occurred_at: number
  procedure: string
  outcome: string
  login_id: string | null
  client_hash: string | null
  country: string | null
  request_id: string
  api_key_id: string | null
}

/** Every initialized password ever issued, oldest first. */
export async function initializedPasswordRows(): Promise<InitializedPasswordRecord[]> {
  const { results } = await env.DB.prepare(
    'SELECT * FROM initialized_passwords ORDER BY issued_at, rowid',
  ).all<InitializedPasswordRecord>()
  return results
}

/** Every audit event, in the order they were written. */
export async function auditRows(): Promise<AuditRecord[]> {
  const { results } = await env.DB.prepare(
    'SELECT * FROM audit_events ORDER BY id',
  ).all<AuditRecord>()
  return results
}

/** One `refused_submissions` row: refused posts counted per client, procedure and window. */
export interface RefusedRecord {
  client_hash: string
  procedure: string
  outcome: 'invalid' | 'rate_limited'
  window_start: number
  count: number
  country: string | null
  first_at: number
  last_at: number
  first_request_id: string
}

/** Every count of refused submissions, in the order they were first written. */
export async function refusedRows(): Promise<RefusedRecord[]> {
  const { results } = await env.DB.prepare(
    'SELECT * FROM refused_submissions ORDER BY rowid',
  ).all<RefusedRecord>()
  return results
}

/** The account's current password hash, to show it is untouched by an initialization. */
export async function currentPasswordHashOf(loginId: string): Promise<string | undefined> {
  const row = await env.DB.prepare('SELECT password_hash FROM accounts WHERE login_id = ?')
    .bind(loginId)
    .first<{ password_hash: string }>()
  return row?.password_hash
}

/** The initialized password written on its own line of the mail's text part. */
export function initializedPasswordIn(mail: OutgoingMail | undefined): string | undefined {
  return mail?.text.match(/^([A-Za-z0-9]{20})$/m)?.[1]
}
