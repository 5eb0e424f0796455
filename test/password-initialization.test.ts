import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { verifyPassword } from '../src/credentials/hash'
import { testClient } from './support/client'
import { resetToDemoAccounts, TARO } from './support/demo'

beforeEach(resetToDemoAccounts)

describe('POST /password/initialize', () => {
  it('e-mails an initialized password whose hash alone is stored when all four fields match', async () => {
    const client = testClient()
    const response = await client.postForm('/password/initialize', TARO)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')

    expect(client.mailer.sent).toHaveLength(1)
    const [mail] = client.mailer.sent
    expect(mail?.to).toBe('taro.koku@example.com')
    const password = mail?.text.match(/^\s*([A-Za-z0-9]{20})\s*$/m)?.[1]
    expect(password).toBeDefined()

    const rows = await env.DB.prepare('SELECT * FROM initialized_passwords').all()
    expect(rows.results).toHaveLength(1)
    const row = rows.results[0] as { password_hash: string; delivery_state: string }
    expect(row.delivery_state).toBe('sent')
    expect(row.password_hash).not.toContain(password)
    expect(await verifyPassword(password ?? '', row.password_hash)).toBe(true)
  })
})
