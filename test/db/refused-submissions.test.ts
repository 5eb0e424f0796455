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
import { MINUTE, T0, TARO, TARO_CONTACT } from '../support/fixtures'
import { auditRows, expectNoneOf, refusedRows } from '../support/rows'

beforeEach(resetToDemoAccounts)

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

describe('refused submissions: counted per client and window, not one row each', () => {
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
