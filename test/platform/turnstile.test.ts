import { describe, expect, it } from 'vitest'
import {
  SITEVERIFY_TIMEOUT_MS,
  type TokenCheck,
  verifyTurnstileToken,
} from '../../src/platform/turnstile'
import {
  DUMMY_TOKEN,
  neverAnswers,
  SECRET_FAILS,
  SECRET_PASSES,
  SECRET_SPENT,
  Siteverify,
} from '../support/siteverify'

const CHECK: TokenCheck = {
  token: DUMMY_TOKEN,
  secretKey: SECRET_PASSES,
  remoteIp: '203.0.113.7',
  hostnames: ['localhost', 'accounts.example.com'],
  action: 'password_initialization',
}

describe('verifyTurnstileToken', () => {
  it('passes a token siteverify confirms for one of the hostnames and the action', async () => {
    const siteverify = new Siteverify()
    expect(await verifyTurnstileToken(siteverify.fetch, CHECK)).toEqual({ passed: true })
    siteverify.hostname = 'accounts.example.com'
    expect(await verifyTurnstileToken(siteverify.fetch, CHECK)).toEqual({ passed: true })
    expect(siteverify.calls).toHaveLength(2)
    expect(siteverify.calls[0]).toEqual({
      url: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
      body: { secret: SECRET_PASSES, response: DUMMY_TOKEN, remoteip: '203.0.113.7' },
    })
  })

  it('leaves remoteip out when the address is unknown', async () => {
    const siteverify = new Siteverify()
    await verifyTurnstileToken(siteverify.fetch, { ...CHECK, remoteIp: null })
    expect(siteverify.calls[0]?.body).toEqual({ secret: SECRET_PASSES, response: DUMMY_TOKEN })
  })

  it.each([
    { name: 'no token', token: undefined, reason: 'missing' },
    { name: 'an empty token', token: '', reason: 'missing' },
    { name: 'a repeated field', token: [DUMMY_TOKEN, DUMMY_TOKEN], reason: 'malformed' },
    { name: 'a token over 2,048 characters', token: 'x'.repeat(2049), reason: 'malformed' },
  ])('refuses $name without asking siteverify', async ({ token, reason }) => {
    const siteverify = new Siteverify()
    const verdict = await verifyTurnstileToken(siteverify.fetch, { ...CHECK, token })
    expect(verdict).toEqual({ passed: false, reason })
    expect(siteverify.calls).toHaveLength(0)
  })

  it.each([
    { secret: SECRET_FAILS, code: 'invalid-input-response' },
    { secret: SECRET_SPENT, code: 'timeout-or-duplicate' },
  ])('refuses what siteverify does not confirm ($code)', async ({ secret, code }) => {
    const siteverify = new Siteverify()
    const verdict = await verifyTurnstileToken(siteverify.fetch, { ...CHECK, secretKey: secret })
    expect(verdict).toEqual({ passed: false, reason: 'rejected', errorCodes: [code] })
  })

  it('refuses a confirmed token for another hostname or another action', async () => {
    const siteverify = new Siteverify()
    siteverify.hostname = 'evil.example'
    expect(await verifyTurnstileToken(siteverify.fetch, CHECK)).toEqual({
      passed: false,
      reason: 'hostname',
    })
    siteverify.hostname = 'localhost'
    siteverify.action = 'login_id_notification'
    expect(await verifyTurnstileToken(siteverify.fetch, CHECK)).toEqual({
      passed: false,
      reason: 'action',
    })
  })

  const answers: Array<{ name: string; response: () => Response; reason: string }> = [
    {
      name: 'a 500',
      response: () => new Response('{"success":true}', { status: 500 }),
      reason: 'unavailable',
    },
    { name: 'HTML', response: () => new Response('<html>busy</html>'), reason: 'not_json' },
    { name: 'JSON that is no object', response: () => Response.json(true), reason: 'not_json' },
    {
      name: 'success as a string',
      response: () =>
        Response.json({
          success: 'true',
          hostname: 'localhost',
          action: 'password_initialization',
        }),
      reason: 'rejected',
    },
    {
      name: 'no hostname',
      response: () => Response.json({ success: true, action: 'password_initialization' }),
      reason: 'hostname',
    },
    {
      name: 'no action',
      response: () => Response.json({ success: true, hostname: 'localhost' }),
      reason: 'action',
    },
  ]
  it.each(answers)('refuses, never passes, on $name', async ({ response, reason }) => {
    const siteverify = new Siteverify()
    siteverify.answer = async () => response()
    const verdict = await verifyTurnstileToken(siteverify.fetch, CHECK)
    expect(verdict.passed).toBe(false)
    expect(verdict).toMatchObject({ reason })
  })

  it('refuses when the request fails', async () => {
    const siteverify = new Siteverify()
    siteverify.answer = () => Promise.reject(new TypeError('network connection lost'))
    expect(await verifyTurnstileToken(siteverify.fetch, CHECK)).toEqual({
      passed: false,
      reason: 'unavailable',
    })
  })

  it('refuses after the timeout when siteverify does not answer, even a fetch that ignores its signal', async () => {
    for (const answer of [neverAnswers, () => new Promise<Response>(() => {})]) {
      const siteverify = new Siteverify()
      siteverify.answer = answer
      const started = Date.now()
      const verdict = await verifyTurnstileToken(siteverify.fetch, CHECK)
      expect(verdict).toEqual({ passed: false, reason: 'unavailable' })
      expect(Date.now() - started).toBeGreaterThanOrEqual(SITEVERIFY_TIMEOUT_MS - 100)
      expect(Date.now() - started).toBeLessThan(SITEVERIFY_TIMEOUT_MS + 2_000)
    }
  })
})
