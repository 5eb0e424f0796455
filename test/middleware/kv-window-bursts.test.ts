// What the KV windows let past under sustained bursts (docs/operations.md): KV reads a count and
// writes it back after the answer, so requests that arrive together all read the same count and
// a burst raises it by one, not by its size. The atomic guard is raised here (the test config's
// SUBMISSION_GUARD), so only the KV windows are measured.
import { beforeEach, describe, expect, it } from 'vitest'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { from, TARO } from '../support/fixtures'

beforeEach(resetToDemoAccounts)

/** 09:00:05 UTC: three bursts 61 s apart stay inside one 10-minute window. */
const T0 = Date.UTC(2026, 11, 1, 9, 0, 5)
const BURST = 10
const BURSTS = 3

describe('the per-IP KV window of 10 per 600 s under bursts of 10, 61 s apart', () => {
  it('accepts more than 10 but at most one burst per earlier write, and is exact one at a time', async () => {
    const client = testClient({
      env: { RATE_LIMIT_PER_IP: '10/600', RATE_LIMIT_PER_LOGIN_ID: '1000/3600' },
    })
    const address = from('203.0.113.77')
    let sequence = 0
    const accepted: number[] = []
    for (let burst = 0; burst < BURSTS; burst++) {
      client.clock.now = T0 + burst * 61_000
      const answers = await Promise.all(
        Array.from({ length: BURST }, () =>
          client.postForm(
            '/password/initialize',
            { ...TARO, loginId: String(100_000_000 + ++sequence) },
            address,
          ),
        ),
      )
      accepted.push(answers.filter((answer) => answer.status === 303).length)
    }
    const total = accepted.reduce((sum, n) => sum + n, 0)
    console.info(`KV window under bursts: accepted ${accepted.join(' + ')} = ${total}`)
    // Each burst read the count its predecessors wrote, each a single hit: all of it passes.
    expect(total).toBeGreaterThan(10)
    expect(total).toBeLessThanOrEqual(BURST * BURSTS)

    // One at a time the window is exact: another address gets 10, then 429.
    const patient = from('203.0.113.78')
    const statuses: number[] = []
    for (let n = 0; n < 11; n++) {
      client.clock.now = T0 + 200_000 + n * 1000
      const answer = await client.postForm(
        '/password/initialize',
        { ...TARO, loginId: String(100_000_000 + ++sequence) },
        patient,
      )
      statuses.push(answer.status)
    }
    expect(statuses).toEqual([...Array(10).fill(303), 429])
  }, 120_000)
})
