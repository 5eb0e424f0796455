import { beforeEach, describe, expect, it } from 'vitest'
import {
  CLIENT_IP,
  OTHER_IP,
  type OutcomeCase,
  PATHS,
  SUBMITTED_PERSONAL_DATA,
} from '../support/audit'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { from, KEN_CONTACT, MINUTE, T0, TARO, TARO_CONTACT } from '../support/fixtures'
import { type AuditEventRow, auditRows, expectNoneOf } from '../support/rows'

beforeEach(resetToDemoAccounts)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The locked demo account's registered contact, typed correctly, the phone with hyphens. */
const KEN_HYPHENATED = { ...KEN_CONTACT, phoneNumber: '090-1111-2222' }

const OUTCOMES: OutcomeCase[] = [
  {
    procedure: 'password_initialization',
    outcome: 'issued',
    what: 'a match',
    post: TARO,
    status: 303,
    loginId: '123456789',
  },
  {
    procedure: 'password_initialization',
    outcome: 'no_match',
    what: 'a wrong name',
    post: { ...TARO, name: 'Jiro KOKU' },
    status: 303,
    loginId: '123456789',
  },
  {
    procedure: 'password_initialization',
    outcome: 'no_match',
    what: 'an unknown login ID',
    post: { ...TARO, loginId: '111111111' },
    status: 303,
    loginId: '111111111',
  },
  {
    procedure: 'password_initialization',
    outcome: 'inactive',
    what: 'a locked account',
    post: { ...KEN_HYPHENATED, loginId: '444000222' },
    status: 303,
    loginId: '444000222',
  },
  {
    procedure: 'password_initialization',
    outcome: 'cooldown',
    what: 'a second match within 5 minutes',
    before: [TARO],
    post: TARO,
    status: 303,
    loginId: '123456789',
  },
  {
    procedure: 'password_initialization',
    outcome: 'mail_failed',
    what: 'a failing mailer',
    mailerFails: true,
    post: TARO,
    status: 303,
    loginId: '123456789',
  },
  {
    procedure: 'login_id_notification',
    outcome: 'sent',
    what: 'a match',
    post: TARO_CONTACT,
    status: 303,
    loginId: null,
  },
  {
    procedure: 'login_id_notification',
    outcome: 'no_match',
    what: 'a wrong phone number',
    post: { ...TARO_CONTACT, phoneNumber: '09012345679' },
    status: 303,
    loginId: null,
  },
  {
    procedure: 'login_id_notification',
    outcome: 'inactive',
    what: "a locked account's contact",
    post: KEN_HYPHENATED,
    status: 303,
    loginId: null,
  },
  {
    procedure: 'login_id_notification',
    outcome: 'cooldown',
    what: 'a second match within 5 minutes',
    before: [TARO_CONTACT],
    post: TARO_CONTACT,
    status: 303,
    loginId: null,
  },
  {
    procedure: 'login_id_notification',
    outcome: 'mail_failed',
    what: 'a failing mailer',
    mailerFails: true,
    post: TARO_CONTACT,
    status: 303,
    loginId: null,
  },
]

describe('the audit trail', () => {
  it.each(OUTCOMES)(
    'records one $procedure event $outcome, and no personal data, for $what',
    async ({ procedure, outcome, post, status, loginId, env: vars, before = [], mailerFails }) => {
      const client = testClient({ env: vars })
      const path = PATHS[procedure]
      const headers = { 'CF-Connecting-IP': CLIENT_IP }
      client.clock.now = T0
      for (const earlier of before) await client.postForm(path, earlier, headers)
      if (mailerFails) client.mailer.failWith = new Error('Email Service unavailable')
      client.clock.now = T0 + MINUTE

      const response = await client.postForm(path, post, headers)
      expect(response.status).toBe(status)
      const requestId = response.headers.get('X-Request-Id')
      expect(requestId).toMatch(UUID)

      const rows = await auditRows()
      expect(rows).toHaveLength(before.length + 1)
      expect(rows.at(-1)).toEqual({
        id: expect.any(Number),
        occurredAt: T0 + MINUTE,
        procedure,
        outcome,
        loginId: loginId,
        clientHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        country: null,
        requestId: requestId,
        apiKeyId: null,
        changedFields: null,
      } satisfies Record<keyof AuditEventRow, unknown>)
      for (const row of rows) expectNoneOf({ ...row }, SUBMITTED_PERSONAL_DATA)
    },
  )

  it('gives each submission its own request ID, the one its response carries', async () => {
    const client = testClient()
    const responses = [
      await client.postForm('/password/initialize', TARO),
      await client.postForm('/password/initialize', { ...TARO, name: 'Jiro KOKU' }),
      await client.postForm('/login-id/notify', TARO_CONTACT),
    ]
    const ids = responses.map((response) => response.headers.get('X-Request-Id'))
    expect(new Set(ids).size).toBe(3)
    expect((await auditRows()).map((row) => row.requestId)).toEqual(ids)
  })

  it('hashes the client the same way for one address and differently for another', async () => {
    const client = testClient()
    const post = (ip: string) =>
      client.postForm('/password/initialize', { ...TARO, name: 'Jiro KOKU' }, from(ip))
    for (const ip of [CLIENT_IP, CLIENT_IP, OTHER_IP]) expect((await post(ip)).status).toBe(303)

    const hashes = (await auditRows()).map((row) => row.clientHash)
    expect(hashes).toHaveLength(3)
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/)
    expect(hashes[1]).toBe(hashes[0])
    expect(hashes[2]).toMatch(/^[0-9a-f]{64}$/)
    expect(hashes[2]).not.toBe(hashes[0])
    for (const hash of hashes) {
      expect(hash).not.toContain(CLIENT_IP)
      expect(hash).not.toContain(OTHER_IP)
    }
  })

  it('hashes two IPv6 addresses of one /64 as one client and another /64 as another', async () => {
    const client = testClient()
    for (const ip of ['2001:db8:1:2::10', '2001:DB8:1:2:ffff::1', '2001:db8:1:3::10']) {
      const response = await client.postForm(
        '/login-id/notify',
        { ...TARO_CONTACT, name: 'Jiro KOKU' },
        from(ip),
      )
      expect(response.status).toBe(303)
    }
    const [first, second, third] = (await auditRows()).map((row) => row.clientHash)
    expect(second).toBe(first)
    expect(third).not.toBe(first)
  })

  it('records no login ID for a valid notification post that carries a loginId field', async () => {
    const client = testClient()
    const response = await client.postForm('/login-id/notify', {
      ...TARO_CONTACT,
      loginId: '123456789',
    })
    expect(response.status).toBe(303)
    expect((await auditRows()).map((row) => [row.outcome, row.loginId])).toEqual([['sent', null]])
  })
})
