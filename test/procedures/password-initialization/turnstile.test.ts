// The bot check on the password initialization form (docs/operations.md#bot-check-turnstile):
// siteverify is played by test/support/siteverify.ts through the injected fetch, with
// Cloudflare's published test keys; never a network call.
import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../../src/i18n'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { type FormPost, from, TARO } from '../../support/fixtures'
import { readPage } from '../../support/html'
import { initializedPasswordRows, refusedRows } from '../../support/rows'
import {
  DUMMY_TOKEN,
  neverAnswers,
  SECRET_FAILS,
  SECRET_PASSES,
  SECRET_SPENT,
  Siteverify,
  TEST_SITE_KEY,
} from '../../support/siteverify'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
/** 09:03 UTC: seven minutes before the end of its 10-minute window. */
const T0 = Date.UTC(2026, 11, 1, 9, 3, 0)
const IP = '203.0.113.7'
const SUPPORT = 'https://help.example.com/accounts'

/** The contract's per-client limit, the per-login-ID one out of the way, and both test keys. */
const ON = {
  RATE_LIMIT_PER_IP: '10/600',
  RATE_LIMIT_PER_LOGIN_ID: '1000/3600',
  TURNSTILE_SITE_KEY: TEST_SITE_KEY,
  TURNSTILE_SECRET_KEY: SECRET_PASSES,
  TURNSTILE_THRESHOLD: '',
  SUPPORT_CONTACT: SUPPORT,
}

const TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js'

function challengeClient(env: Partial<typeof ON> = {}) {
  const siteverify = new Siteverify()
  const client = testClient({ env: { ...ON, ...env }, deps: { turnstileFetch: siteverify.fetch } })
  client.clock.now = T0
  return { client, siteverify }
}

type Client = ReturnType<typeof testClient>

/** A valid submission for an unknown login ID: answered 303, sends nothing. */
const unknownLoginId = (n: number): FormPost => ({ ...TARO, loginId: String(100_000_000 + n) })

/** `count` accepted submissions from IP, none of them sending anything. */
async function submissions(client: Client, count: number) {
  for (let n = 0; n < count; n++) {
    expect((await client.postForm(INITIALIZE, unknownLoginId(n), from(IP))).status).toBe(303)
  }
}

const withToken = (post: FormPost, token = DUMMY_TOKEN) => ({
  ...post,
  'cf-turnstile-response': token,
})

/** What a response shows of the bot check: its CSP, the widget and the scripts. */
async function botCheckOf(response: Response) {
  const csp = response.headers.get('Content-Security-Policy') ?? ''
  const page = await readPage(response.clone())
  return {
    csp,
    page,
    widget: page.all('div').find((element) => element.attr('class') === 'cf-turnstile'),
    scripts: page.all('script'),
  }
}

const NO_SCRIPT = "script-src 'none'"
const TURNSTILE_CSP = [
  'script-src https://challenges.cloudflare.com',
  'frame-src https://challenges.cloudflare.com',
]

async function expectNotChallenged(response: Response) {
  const { csp, widget, scripts } = await botCheckOf(response)
  expect(csp).toContain(NO_SCRIPT)
  expect(csp).not.toContain('frame-src')
  expect(csp).not.toContain('challenges.cloudflare.com')
  expect(widget).toBeUndefined()
  expect(scripts).toEqual([])
}

/** A challenged answer: 429 until the window's end, the form with the widget, its own CSP. */
async function expectChallenged(response: Response, action = 'password_initialization') {
  expect(response.status).toBe(429)
  expect(response.headers.get('Retry-After')).toBe('420')
  expect(response.headers.get('Location')).toBeNull()
  const { csp, widget, scripts, page } = await botCheckOf(response)
  for (const directive of TURNSTILE_CSP) expect(csp).toContain(directive)
  expect(csp).toContain("default-src 'none'")
  expect(widget?.attr('data-sitekey')).toBe(TEST_SITE_KEY)
  expect(widget?.attr('data-action')).toBe(action)
  expect(widget?.parent?.tag).toBe('form')
  // One script, Turnstile's, loaded from its origin: nothing inline.
  expect(scripts.map((script) => script.attr('src'))).toEqual([TURNSTILE_SCRIPT])
  expect(scripts[0]?.text).toBe('')
  return page
}

describe('the bot check on the password initialization form', () => {
  it('changes nothing below the threshold: no widget, no script, no call to siteverify', async () => {
    const { client, siteverify } = challengeClient()
    for (let n = 0; n < 10; n++) {
      const response = await client.postForm(INITIALIZE, unknownLoginId(n), from(IP))
      expect(response.status).toBe(303)
      expect(response.headers.get('Content-Security-Policy')).toContain(NO_SCRIPT)
    }
    await expectNotChallenged(await client.request(INITIALIZE, { headers: from(IP) }))
    expect(siteverify.calls).toEqual([])
  })

  it('answers the post at the threshold with the form and the widget instead of the 429 page, and does nothing', async () => {
    const { client, siteverify } = challengeClient()
    await submissions(client, 10)
    const queued = client.queue.sent.length

    const response = await client.postForm(INITIALIZE, TARO, from(IP))
    const page = await expectChallenged(response)
    const t = messages('ja')
    expect(page.all('h1')[0]?.text).toBe(t.passwordInitialization.title)
    // What the person typed is kept, so a person sends it again with one click.
    expect(page.getById('loginId').attr('value')).toBe(TARO.loginId)
    const main = page.all('main')[0]?.text ?? ''
    expect(main).toContain(t.botCheck.prompt)
    // Without JavaScript: the 429 page's words, and whom to contact.
    const noscript = page.all('noscript')[0]?.text ?? ''
    expect(noscript).toContain(t.tooManyRequests.title)
    expect(noscript).toContain(t.tooManyRequests.body(7))
    expect(main).toContain(t.botCheck.contact(SUPPORT))

    expect(client.queue.sent).toHaveLength(queued)
    expect(client.mailer.sent).toEqual([])
    expect(await initializedPasswordRows()).toEqual([])
    expect(siteverify.calls).toEqual([])
    expect((await refusedRows()).map((row) => row.outcome)).toContain('rate_limited')
    expect(client.logs.events('turnstile_refused')).toMatchObject([{ reason: 'missing' }])

    // The CSP that allows Turnstile is that answer's alone.
    await expectNotChallenged(await client.request(INITIALIZE, { headers: from(IP) }))
    const invalid = await client.postForm(INITIALIZE, { ...TARO, email: 'no' }, from(IP))
    expect(invalid.status).toBe(422)
    await expectNotChallenged(invalid)
  })

  it('accepts a submission whose token siteverify confirms, and its work is done', async () => {
    const { client, siteverify } = challengeClient()
    await submissions(client, 10)

    const response = await client.postForm(INITIALIZE, withToken(TARO), from(IP))
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe(`${INITIALIZE}/sent?lang=ja`)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
    expect(await initializedPasswordRows()).toHaveLength(1)
    expect(siteverify.calls).toEqual([
      {
        url: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
        body: { secret: SECRET_PASSES, response: DUMMY_TOKEN, remoteip: IP },
      },
    ])
    expect(client.logs.events('turnstile_passed')).toHaveLength(1)
    expect(client.logs.lines.join('\n')).not.toContain(DUMMY_TOKEN)
  })

  const refusals: Array<{
    name: string
    post?: FormPost
    env?: Partial<typeof ON>
    play?: (siteverify: Siteverify) => void
    reason: string
  }> = [
    { name: 'no token (no JavaScript)', post: TARO, reason: 'missing' },
    { name: 'an empty token', post: withToken(TARO, ''), reason: 'missing' },
    {
      name: 'a repeated token field',
      post: { ...TARO, 'cf-turnstile-response': [DUMMY_TOKEN, DUMMY_TOKEN] },
      reason: 'malformed',
    },
    {
      name: 'a token siteverify fails',
      env: { TURNSTILE_SECRET_KEY: SECRET_FAILS },
      reason: 'rejected',
    },
    {
      name: 'a token already spent',
      env: { TURNSTILE_SECRET_KEY: SECRET_SPENT },
      reason: 'rejected',
    },
    {
      name: 'a token for another hostname',
      play: (s) => {
        s.hostname = 'evil.example'
      },
      reason: 'hostname',
    },
    {
      name: 'a token for another action',
      play: (s) => {
        s.action = 'login_id_notification'
      },
      reason: 'action',
    },
    {
      name: 'siteverify answering 503',
      play: (s) => {
        s.answer = async () => new Response('busy', { status: 503 })
      },
      reason: 'unavailable',
    },
    {
      name: 'siteverify answering HTML',
      play: (s) => {
        s.answer = async () => new Response('<p>busy</p>')
      },
      reason: 'not_json',
    },
    {
      name: 'siteverify answering without success',
      play: (s) => {
        s.answer = async () => Response.json({ hostname: 'localhost' })
      },
      reason: 'rejected',
    },
    {
      name: 'siteverify not answering (timeout)',
      play: (s) => {
        s.answer = neverAnswers
      },
      reason: 'unavailable',
    },
  ]
  it.each(refusals)(
    'refuses $name: the widget again, nothing queued, no e-mail',
    async (refusal) => {
      const { client, siteverify } = challengeClient(refusal.env)
      refusal.play?.(siteverify)
      await submissions(client, 10)
      const queued = client.queue.sent.length

      const response = await client.postForm(INITIALIZE, refusal.post ?? withToken(TARO), from(IP))
      await expectChallenged(response)
      expect(client.queue.sent).toHaveLength(queued)
      expect(client.mailer.sent).toEqual([])
      expect(await initializedPasswordRows()).toEqual([])
      expect(client.logs.events('turnstile_refused')).toMatchObject([{ reason: refusal.reason }])
    },
  )

  it('lets one submission through per token, up to twice the per-client limit', async () => {
    const { client, siteverify } = challengeClient()
    await submissions(client, 10)
    for (let n = 10; n < 20; n++) {
      const response = await client.postForm(INITIALIZE, withToken(unknownLoginId(n)), from(IP))
      expect(response.status).toBe(303)
    }
    expect(siteverify.calls).toHaveLength(10)

    // At the ceiling a token changes nothing: today's 429 page, and siteverify is not asked.
    const response = await client.postForm(INITIALIZE, withToken(TARO), from(IP))
    expect(response.status).toBe(429)
    expect(response.headers.get('Retry-After')).toBe('420')
    await expectNotChallenged(response)
    expect(siteverify.calls).toHaveLength(10)
    expect(client.mailer.sent).toEqual([])
  })

  it('keeps the per-login-ID limit for a client that passed the check', async () => {
    const { client } = challengeClient({ RATE_LIMIT_PER_LOGIN_ID: '2/3600' })
    await submissions(client, 10)
    for (let n = 0; n < 2; n++) {
      expect((await client.postForm(INITIALIZE, withToken(TARO), from(IP))).status).toBe(303)
    }
    const third = await client.postForm(INITIALIZE, withToken(TARO), from(IP))
    expect(third.status).toBe(429)
    await expectNotChallenged(third)
  })

  it('challenges from TURNSTILE_THRESHOLD submissions on', async () => {
    const { client } = challengeClient({ TURNSTILE_THRESHOLD: '3' })
    await submissions(client, 3)
    await expectChallenged(await client.postForm(INITIALIZE, TARO, from(IP)))
    expect((await client.postForm(INITIALIZE, withToken(TARO), from(IP))).status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
  })

  it('shows the widget by client behaviour, never by account: the same page for a known and an unknown login ID', async () => {
    const { client } = challengeClient()
    await submissions(client, 10)
    const unknown = unknownLoginId(99)

    const known = await client.postForm(INITIALIZE, TARO, from(IP))
    const stranger = await client.postForm(INITIALIZE, unknown, from(IP))
    expect(known.status).toBe(stranger.status)
    expect(known.headers.get('Content-Security-Policy')).toBe(
      stranger.headers.get('Content-Security-Policy'),
    )
    const knownPage = (await known.text()).replaceAll(TARO.loginId, 'LOGIN_ID')
    const strangerPage = (await stranger.text()).replaceAll(String(unknown.loginId), 'LOGIN_ID')
    expect(knownPage).toBe(strangerPage)

    // With a token, a match and a mismatch get the same answer; only the match is mailed.
    const match = await client.postForm(INITIALIZE, withToken(TARO), from(IP))
    const mismatch = await client.postForm(
      INITIALIZE,
      withToken({ ...TARO, name: 'Someone Else' }),
      from(IP),
    )
    expect(match.status).toBe(303)
    expect(mismatch.status).toBe(303)
    expect(match.headers.get('Location')).toBe(mismatch.headers.get('Location'))
    expect(await match.text()).toBe(await mismatch.text())
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
  })
})
