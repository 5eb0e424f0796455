import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import { accounts, type NewAccount } from '../../src/db/schema'
import { db } from './demo'

export type Row = Record<string, unknown>

/** Every row of a table, oldest first by rowid, as D1 returns them. */
export async function allRows(table: 'audit_events' | 'login_id_notifications'): Promise<Row[]> {
  const { results } = await env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all<Row>()
  return results
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
export function expectNoneOf(row: Row, fragments: readonly string[]): void {
  for (const [column, value] of Object.entries(row)) {
    const cell = String(value).toLowerCase()
    for (const fragment of fragments) {
      expect(cell, `column ${column} holds "${fragment}"`).not.toContain(fragment.toLowerCase())
    }
  }
}
