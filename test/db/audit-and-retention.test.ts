import { beforeEach, describe, expect, it } from 'vitest'
import type { Procedure } from '../../src/db/audit'
import { auditEvents, refusedSubmissions } from '../../src/db/audit-schema'
import { accounts, initializedPasswords, loginIdNotifications } from '../../src/db/schema'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import {
  DAY,
  type FormPost,
  from,
  HOUR,
  KEN_CONTACT,
  MINUTE,
  T0,
  TARO,
  TARO_CONTACT,
} from '../support/fixtures'
import {
  type AuditEventRow,
  auditDb,
  auditRows,
  db,
  expectNoneOf,
  refusedRows,
} from '../support/rows'
import { cronTriggers, runScheduled } from '../support/scheduled'

beforeEach(resetToDemoAccounts)

const CLIENT_IP = '203.0.113.7'
const OTHER_IP = '198.51.100.23'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The locked demo account's registered contact, typed correctly, the phone with hyphens. */
const KEN_HYPHENATED = { ...KEN_CONTACT, phoneNumber: '090-1111-2222' }

/** What the posts below submit, in every form: none of it may reach the audit trail. */
const SUBMITTED_PERSONAL_DATA = [
  '@',
  'example.',
  'taro',
  'koku',
  'ken',
  'yama',
  '+819012345678',
  '819012345678',
  '09012345678',
  '9012345678',
  '090-1234-5678',
  '+819011112222',
  '9011112222',
  '1111-2222',
  CLIENT_IP,
  OTHER_IP,
]

/** The procedures people reach through a form (the credential verification has its own tests). */
type FormProcedure = Exclude<
  Procedure,
  | 'credential_verification'
  | 'account_provisioning'
  | 'account_import'
  | 'api_key'
  | 'help_desk_recovery'
>

interface OutcomeCase {
  procedure: FormProcedure
  outcome: string
  /** What leads to the outcome, for the test's name. */
  what: string
  /** The submission whose event is looked at. */
  post: FormPost
  status: number
  loginId: string | null
  env?: Partial<Env>
  /** Submissions made first (each leaves its own event). */
  before?: FormPost[]
  mailerFails?: boolean
}

const PATHS: Record<FormProcedure, string> = {
  password_initialization: '/password/initialize',
  login_id_notification: '/login-id/notify',
  password_change: '/password/change',
}

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

/** Refused submissions: counted per client, procedure and window, not written one row each. */
const REFUSALS: OutcomeCase[] = [
  {
    procedure: 'password_initialization',
    outcome: 'rate_limited',
    what: 'a post past the login ID limit',
    env: { RATE_LIMIT_PER_LOGIN_ID: '1/3600' },
    before: [TARO],
    post: TARO,
    status: 429,
    loginId: '123456789',
  },
  {
    procedure: 'password_initialization',
    outcome: 'invalid',
    what: 'a bad e-mail address',
    post: { ...TARO, email: 'taro.koku@' },
    status: 422,
    loginId: '123456789',
  },
  {
    procedure: 'password_initialization',
    outcome: 'invalid',
    what: 'a full-width login ID, short phone',
    post: { ...TARO, loginId: '１２３４５６７８９', phoneNumber: '090' },
    status: 422,
    loginId: '123456789',
  },
  {
    procedure: 'password_initialization',
    outcome: 'invalid',
    what: 'an eight-digit login ID',
    post: { ...TARO, loginId: '12345678' },
    status: 422,
    loginId: null,
  },
  {
    procedure: 'password_initialization',
    outcome: 'invalid',
    what: 'an e-mail typed as the login ID',
    post: { ...TARO, loginId: 'taro.koku@example.com' },
    status: 422,
    loginId: null,
  },
  {
    procedure: 'login_id_notification',
    outcome: 'rate_limited',
    what: 'a post past the client limit',
    env: { RATE_LIMIT_PER_IP: '1/600' },
    before: [TARO_CONTACT],
    post: TARO_CONTACT,
    status: 429,
    loginId: null,
  },
  {
    procedure: 'login_id_notification',
    outcome: 'invalid',
    what: 'a bad e-mail address',
    post: { ...TARO_CONTACT, email: 'taro.koku@' },
    status: 422,
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

describe('refused submissions (SPEC 9: counted, not one row each)', () => {
  it.each(REFUSALS)(
    'counts $procedure $outcome for $what, with a hashed client and no personal data',
    async ({ procedure, outcome, post, status, env: vars, before = [] }) => {
      const client = testClient({ env: vars })
      const path = PATHS[procedure]
      const headers = { 'CF-Connecting-IP': CLIENT_IP }
      client.clock.now = T0
      for (const earlier of before) await client.postForm(path, earlier, headers)
      client.clock.now = T0 + MINUTE

      const response = await client.postForm(path, post, headers)
      expect(response.status).toBe(status)
      expect(await auditRows()).toHaveLength(before.length)
      const refused = await refusedRows()
      expect(refused).toEqual([
        {
          clientHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          procedure,
          outcome,
          windowStart: expect.any(Number),
          count: 1,
          country: null,
          firstAt: T0 + MINUTE,
          lastAt: T0 + MINUTE,
          firstRequestId: response.headers.get('X-Request-Id'),
        },
      ])
      for (const row of refused) expectNoneOf({ ...row }, SUBMITTED_PERSONAL_DATA)
    },
  )

  it('stays one row per client, procedure and window however many invalid posts arrive', async () => {
    const client = testClient()
    client.clock.now = T0
    const flood = Array.from({ length: 60 }, (_, n) =>
      client.postForm(
        n % 2 === 0 ? '/password/initialize' : '/login-id/notify',
        { ...TARO, email: `not an address ${n}` },
        { 'CF-Connecting-IP': n < 40 ? CLIENT_IP : OTHER_IP },
      ),
    )
    for (const response of await Promise.all(flood)) expect(response.status).toBe(422)
    client.clock.now = T0 + 10 * MINUTE
    expect(
      (await client.postForm('/login-id/notify', { name: 'x' }, { 'CF-Connecting-IP': CLIENT_IP }))
        .status,
    ).toBe(422)

    expect(await auditRows()).toEqual([])
    const counts = (await refusedRows()).map((row) => [row.procedure, row.count])
    expect(counts).toEqual([
      ['password_initialization', 20],
      ['login_id_notification', 20],
      ['password_initialization', 10],
      ['login_id_notification', 10],
      ['login_id_notification', 1],
    ])
  })

  it('keeps nothing of a phone number typed into the login ID field', async () => {
    const client = testClient()
    const response = await client.postForm('/password/initialize', {
      ...TARO,
      loginId: '09012345678',
    })
    expect(response.status).toBe(422)
    const [row] = await refusedRows()
    expect(row?.count).toBe(1)
    expectNoneOf({ ...row }, SUBMITTED_PERSONAL_DATA)
  })
})

async function seedAuditEvent(occurredAt: number, requestId: string): Promise<void> {
  await auditDb.insert(auditEvents).values({
    occurredAt,
    procedure: 'password_initialization',
    outcome: 'no_match',
    loginId: '123456789',
    clientHash: 'a'.repeat(64),
    country: 'JP',
    requestId,
  })
}

async function seedInitializedPassword(
  id: string,
  times: { issuedAt: number; expiresAt: number; usedAt?: number },
): Promise<void> {
  await db.insert(initializedPasswords).values({
    id,
    loginId: '123456789',
    passwordHash: '$pbkdf2-sha256$i=1$c2FsdA$aGFzaA',
    issuedAt: times.issuedAt,
    expiresAt: times.expiresAt,
    usedAt: times.usedAt ?? null,
    deliveryState: 'sent',
  })
}

async function seedNotification(id: string, sentAt: number): Promise<void> {
  await db
    .insert(loginIdNotifications)
    .values({ id, recipientHash: 'b'.repeat(64), sentAt, deliveryState: 'sent' })
}

async function ids(table: typeof initializedPasswords | typeof loginIdNotifications) {
  const rows = await db.select({ id: table.id }).from(table).orderBy(table.id)
  return rows.map((row) => row.id)
}

describe('the daily retention (cron trigger)', () => {
  it('is scheduled by a cron trigger in wrangler.toml', () => {
    const crons = cronTriggers()
    expect(crons).toHaveLength(1)
    // Daily: fixed minute and hour, every day of every month.
    expect(crons[0]).toMatch(/^\d{1,2} \d{1,2} \* \* \*$/)
  })

  it('deletes audit events older than 90 days and keeps younger ones', async () => {
    await seedAuditEvent(T0 - 91 * DAY, 'older-than-90-days')
    await seedAuditEvent(T0 - 90 * DAY - MINUTE, 'just-past-90-days')
    await seedAuditEvent(T0 - 89 * DAY, 'eighty-nine-days')
    await seedAuditEvent(T0 - HOUR, 'an-hour')

    await runScheduled(T0)

    expect((await auditRows()).map((row) => row.requestId)).toEqual(['eighty-nine-days', 'an-hour'])
  })

  it('deletes refused-submission counts last touched over 90 days ago', async () => {
    for (const [clientHash, lastAt] of [
      ['a'.repeat(64), T0 - 91 * DAY],
      ['b'.repeat(64), T0 - 89 * DAY],
    ] as const) {
      await auditDb.insert(refusedSubmissions).values({
        clientHash,
        procedure: 'password_initialization',
        outcome: 'invalid',
        windowStart: lastAt,
        count: 3,
        country: null,
        firstAt: lastAt,
        lastAt,
        firstRequestId: 'r',
      })
    }
    await runScheduled(T0)
    expect((await refusedRows()).map((row) => row.clientHash)).toEqual(['b'.repeat(64)])
  })

  it('deletes initialized passwords past their expiry once issued over 24 hours ago', async () => {
    await seedInitializedPassword('expired-issued-25h-ago', {
      issuedAt: T0 - 25 * HOUR,
      expiresAt: T0 - 24 * HOUR,
    })
    await seedInitializedPassword('used-issued-3-days-ago', {
      issuedAt: T0 - 3 * DAY,
      expiresAt: T0 - 3 * DAY + HOUR,
      usedAt: T0 - 3 * DAY + MINUTE,
    })
    await seedInitializedPassword('expired-issued-2h-ago', {
      issuedAt: T0 - 2 * HOUR,
      expiresAt: T0 - HOUR,
    })
    await seedInitializedPassword('unexpired', {
      issuedAt: T0 - 10 * MINUTE,
      expiresAt: T0 + 50 * MINUTE,
    })

    await runScheduled(T0)

    expect(await ids(initializedPasswords)).toEqual(['expired-issued-2h-ago', 'unexpired'])
  })

  it('keeps expired passwords of the last 24 hours, so the five-a-day cap still holds', async () => {
    for (const hoursAgo of [23, 20, 15, 10, 2]) {
      await seedInitializedPassword(`issued-${hoursAgo}h-ago`, {
        issuedAt: T0 - hoursAgo * HOUR,
        expiresAt: T0 - hoursAgo * HOUR + HOUR,
      })
    }
    await runScheduled(T0)
    expect(await ids(initializedPasswords)).toHaveLength(5)

    const client = testClient()
    client.clock.now = T0
    const response = await client.postForm('/password/initialize', TARO)
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toEqual([])
    expect((await auditRows()).map((row) => row.outcome)).toEqual(['cooldown'])
  })

  it('deletes login ID notification records older than 24 hours', async () => {
    await seedNotification('sent-25h-ago', T0 - 25 * HOUR)
    await seedNotification('sent-1h-ago', T0 - HOUR)

    await runScheduled(T0)

    expect(await ids(loginIdNotifications)).toEqual(['sent-1h-ago'])
  })

  it('leaves the accounts and everything recent alone when nothing is old', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm('/password/initialize', TARO)).status).toBe(303)
    expect((await client.postForm('/login-id/notify', TARO_CONTACT)).status).toBe(303)
    const before = {
      audit: await auditRows(),
      passwords: await ids(initializedPasswords),
      notifications: await ids(loginIdNotifications),
    }
    expect(before.passwords).toHaveLength(1)
    expect(before.notifications).toHaveLength(1)

    await runScheduled(T0 + 2 * HOUR)

    expect({
      audit: await auditRows(),
      passwords: await ids(initializedPasswords),
      notifications: await ids(loginIdNotifications),
    }).toEqual(before)
    expect(await db.$count(accounts)).toBe(6)
  })
})
