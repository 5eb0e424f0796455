// This service's binding operations per submission, counted inside workerd against the real
// local D1 and KV (run by `npm run bench -- cost`, which prints the priced table). Each scenario
// sends SUBMISSIONS posts, every one from a client address of its own and with the limits of
// wrangler.toml, as a stuffing wave spread over many addresses would; the queue is then delivered
// in batches of the consumer's size, as Queues deliver under load. The counts come out as one
// `COST_COUNTS` JSON line per scenario.
import { env } from 'cloudflare:workers'
import { beforeEach, expect, it } from 'vitest'
import { MAX_BATCH_SIZE } from '../../../src/queue/consume'
import { testClient } from '../../../test/support/client'
import { resetToDemoAccounts } from '../../../test/support/demo'
import { TARO } from '../../../test/support/fixtures'
import {
  type BindingCounts,
  countingD1,
  countingKv,
  countingRateLimit,
  noCounts,
} from './counting-bindings'

const SUBMISSIONS = 50

beforeEach(resetToDemoAccounts)

type Scenario = {
  name: string
  path: string
  body: (i: number) => URLSearchParams | string
  json?: boolean
}

const form = (fields: Record<string, string>) => () => new URLSearchParams(fields)
const SCENARIOS: Scenario[] = [
  {
    name: 'form, mismatch',
    path: '/password/initialize',
    body: form({ ...TARO, name: 'Jiro KOKU' }),
  },
  {
    name: 'form, unknown login ID',
    path: '/password/initialize',
    body: (i) => new URLSearchParams({ ...TARO, loginId: String(200_000_000 + i) }),
  },
  {
    name: 'form, match (first issues, the rest in cooldown)',
    path: '/password/initialize',
    body: form(TARO),
  },
  {
    name: 'JSON, mismatch',
    path: '/api/v1/password-initializations',
    json: true,
    body: () =>
      JSON.stringify({
        loginId: TARO.loginId,
        name: 'Jiro KOKU',
        phone: '+819012345678',
        email: TARO.email,
      }),
  },
  {
    name: 'login ID notification, mismatch',
    path: '/login-id/notify',
    body: form({ ...TARO, name: 'Jiro KOKU' }),
  },
  {
    // A stuffing wave tries each login ID once or twice: one login ID a post here.
    name: 'password change, wrong password',
    path: '/password/change',
    body: (i) =>
      new URLSearchParams({
        loginId: String(200_000_000 + i),
        password: 'not-the-password-1',
        newPassword: 'violet harbour kettle lamp',
        newPasswordConfirmation: 'violet harbour kettle lamp',
      }),
  },
  {
    name: 'form, invalid (422)',
    path: '/password/initialize',
    body: form({ ...TARO, loginId: '12345' }),
  },
]

for (const scenario of SCENARIOS) {
  it(`counts the binding operations of: ${scenario.name}`, async () => {
    const counts: BindingCounts = noCounts()
    const client = testClient({
      env: {
        DB: countingD1(env.DB, counts),
        // The audit trail's database: D1 bills rows and calls alike in either, so one count.
        AUDIT_DB: countingD1(env.AUDIT_DB, counts),
        RATE_LIMITS: countingKv(env.RATE_LIMITS, counts),
        SUBMISSION_GUARD: countingRateLimit(env.SUBMISSION_GUARD, counts),
        RATE_LIMIT_PER_IP: '10/600',
        RATE_LIMIT_PER_LOGIN_ID: '5/3600',
      },
    })
    const statuses = new Map<number, number>()
    for (let i = 0; i < SUBMISSIONS; i++) {
      const response = await client.requestOnly(scenario.path, {
        method: 'POST',
        body: scenario.body(i),
        headers: {
          'Content-Type': scenario.json ? 'application/json' : 'application/x-www-form-urlencoded',
          'CF-Connecting-IP': `2001:db8:${(i + 1).toString(16)}::1`,
          Origin: 'http://localhost:8787',
        },
        redirect: 'manual',
      })
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
    }
    await client.deliverQueue()
    counts.queueMessages = client.queue.sent.length + client.queue.events.length
    counts.emails = client.mailer.sent.length
    // Nothing refused them for being many: each is what one client's submission costs.
    expect(statuses.get(429) ?? 0).toBe(0)
    console.log(
      `COST_COUNTS ${JSON.stringify({
        scenario: scenario.name,
        submissions: SUBMISSIONS,
        statuses: Object.fromEntries(statuses),
        consumerInvocations: Math.ceil(counts.queueMessages / MAX_BATCH_SIZE),
        counts,
      })}`,
    )
  })
}
