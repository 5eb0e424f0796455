import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/credentials/hash'
import { type Locale, messages } from '../../src/i18n'
import wranglerToml from '../../wrangler.toml?raw'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { failingKv, kvFailingOn } from '../support/failing-bindings'
import {
  type FormPost,
  from,
  JANE,
  MINUTE,
  observable,
  TARO,
  TARO_CONTACT,
} from '../support/fixtures'
import { readPage } from '../support/html'
import {
  auditRows,
  initializedPasswordRows,
  loginIdNotificationRows,
  refusedRows,
} from '../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZE = '/password/initialize'
const NOTIFY = '/login-id/notify'
/** 09:03 UTC: three minutes into a 10-minute window and into an hour window (windows are fixed). */
const T0 = Date.UTC(2026, 11, 1, 9, 3, 0)
const IP_WINDOW_END = Date.UTC(2026, 11, 1, 9, 10, 0)
const LOGIN_ID_WINDOW_END = Date.UTC(2026, 11, 1, 10, 0, 0)

const IP = '203.0.113.7'
const OTHER_IP = '203.0.113.8'

/** The contract's (docs/contract.md#abuse-limits) per-IP limit, with the per-login-ID one out of the way. */
const PER_IP_ONLY = { RATE_LIMIT_PER_IP: '10/600', RATE_LIMIT_PER_LOGIN_ID: '1000/3600' }
/** The contract's (docs/contract.md#abuse-limits) per-login-ID limit, with the per-IP one out of the way. */
const PER_LOGIN_ID_ONLY = { RATE_LIMIT_PER_IP: '1000/600', RATE_LIMIT_PER_LOGIN_ID: '5/3600' }

/** A valid password initialization for an unknown login ID: answered 303, sends nothing. */
const unknownLoginId = (n: number): FormPost => ({ ...TARO, loginId: String(100_000_000 + n) })

/** A valid login ID notification that matches nobody: answered 303, sends nothing. */
const unknownContact = (n: number): FormPost => ({
  name: 'Nobody Known',
  phoneCountry: 'JP',
  phoneNumber: '09000000000',
  email: `nobody${n}@example.com`,
})

type Client = ReturnType<typeof testClient>

/** Ten valid submissions from `ip`, five of each procedure, interleaved; each must be a 303. */
async function tenSubmissionsFrom(client: Client, ip: string) {
  for (let n = 0; n < 5; n++) {
    expect((await client.postForm(INITIALIZE, unknownLoginId(n), from(ip))).status).toBe(303)
    expect((await client.postForm(NOTIFY, unknownContact(n), from(ip))).status).toBe(303)
  }
}

/** The `<title>` and `<h1>` of a page and its `<html lang>`. */
async function pageHeading(response: Response) {
  const page = await readPage(response)
  return {
    lang: page.all('html')[0]?.attr('lang'),
    title: page.all('title')[0]?.text,
    h1: page.all('h1')[0]?.text,
    text: page.all('main')[0]?.text ?? '',
  }
}

describe('the defaults in wrangler.toml (docs/contract.md#abuse-limits)', () => {
  /** One `NAME = "value"` line of the `[vars]` table. */
  const tomlVar = (name: string) => {
    const vars = /^\[vars\]\s*$([\s\S]*?)(?=^\[)/m.exec(wranglerToml)?.[1] ?? ''
    return new RegExp(`^${name}\\s*=\\s*"([^"]*)"\\s*$`, 'm').exec(vars)?.[1]
  }

  it('allow 10 submissions per IP per 10 minutes and 5 per login ID per hour', () => {
    expect(tomlVar('RATE_LIMIT_PER_IP')).toBe('10/600')
    expect(tomlVar('RATE_LIMIT_PER_LOGIN_ID')).toBe('5/3600')
  })
})

describe('the per-IP limit', () => {
  it('answers the eleventh submission in 10 minutes with 429 and lets other clients and the next window through', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    const mailsBefore = client.mailer.sent.length

    const limited = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('420')
    expect(limited.headers.get('Location')).toBeNull()
    expect(limited.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(limited.headers.get('Cache-Control')).toBe('no-store')
    const page = await pageHeading(limited)
    expect(page.lang).toBe('ja')
    expect(page.h1).toBe(messages('ja').tooManyRequests.title)
    expect(page.text).toContain(messages('ja').tooManyRequests.body(7))
    expect(client.mailer.sent).toHaveLength(mailsBefore)
    expect(await initializedPasswordRows()).toHaveLength(0)

    // Another client is not held back by this one.
    const other = await client.postForm(INITIALIZE, TARO, from(OTHER_IP))
    expect(other.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])

    // Up to the end of the window the limit holds, with Retry-After counting down to it.
    client.clock.now = IP_WINDOW_END - 1
    const last = await client.postForm(NOTIFY, unknownContact(99), from(IP))
    expect(last.status).toBe(429)
    expect(last.headers.get('Retry-After')).toBe('1')

    // Once the 10-minute window is over, the client is served again.
    client.clock.now = T0 + 10 * MINUTE
    const next = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(next.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
    expect(await initializedPasswordRows()).toHaveLength(2)
  })

  const languages: Array<{ locale: Locale; query: string }> = [
    { locale: 'ja', query: '' },
    { locale: 'en', query: '?lang=en' },
  ]
  it.each(languages)(
    'writes the 429 page in the language of the request ($locale)',
    async ({ locale, query }) => {
      const client = testClient({ env: PER_IP_ONLY })
      client.clock.now = T0
      await tenSubmissionsFrom(client, IP)

      const limited = await client.postForm(`${INITIALIZE}${query}`, TARO, from(IP))
      expect(limited.status).toBe(429)
      // Seven minutes to the end of the 10-minute window T0 is in.
      expect(limited.headers.get('Retry-After')).toBe('420')
      const retryAfter = 420
      expect(limited.headers.get('Content-Type')).toMatch(/^text\/html/)
      const page = await pageHeading(limited)
      const t = messages(locale).tooManyRequests
      expect(page.lang).toBe(locale)
      expect(page.title).toContain(t.title)
      expect(page.h1).toBe(t.title)
      expect(page.text).toContain(t.body(Math.ceil(retryAfter / 60)))
    },
  )

  const orders = [
    { first: 'password initializations', path: INITIALIZE, other: NOTIFY, post: TARO_CONTACT },
    { first: 'login ID notifications', path: NOTIFY, other: INITIALIZE, post: TARO },
  ]
  it.each(orders)(
    'counts both procedures together: after ten $first, the other procedure is refused',
    async ({ path, other, post }) => {
      const client = testClient({ env: PER_IP_ONLY })
      client.clock.now = T0
      for (let n = 0; n < 10; n++) {
        const fields = path === INITIALIZE ? unknownLoginId(n) : unknownContact(n)
        expect((await client.postForm(path, fields, from(IP))).status).toBe(303)
      }
      const limited = await client.postForm(other, post, from(IP))
      expect(limited.status).toBe(429)
      expect(limited.headers.get('Retry-After')).toBe('420')
      expect(client.mailer.sent).toHaveLength(0)
      expect(await initializedPasswordRows()).toHaveLength(0)
      expect(await loginIdNotificationRows()).toHaveLength(0)
    },
  )

  it('counts IPv6 clients by their /64 prefix', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    for (let n = 0; n < 5; n++) {
      const first = await client.postForm(INITIALIZE, unknownLoginId(n), from('2001:db8:1:2::1'))
      expect(first.status).toBe(303)
      const second = await client.postForm(
        INITIALIZE,
        unknownLoginId(n + 5),
        from('2001:db8:1:2:ffff::9'),
      )
      expect(second.status).toBe(303)
    }
    const sameSubnet = await client.postForm(
      INITIALIZE,
      TARO,
      from('2001:0db8:0001:0002:abcd:0:0:42'),
    )
    expect(sameSubnet.status).toBe(429)
    expect((await client.postForm(INITIALIZE, TARO, from('2001:db8:1:2::1'))).status).toBe(429)

    const otherSubnet = await client.postForm(INITIALIZE, TARO, from('2001:db8:1:3::1'))
    expect(otherSubnet.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('does not charge invalid submissions (422) to the client: 30 of them leave its limit whole', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    for (let n = 0; n < 15; n++) {
      const invalid = await client.postForm(INITIALIZE, { ...TARO, loginId: '12345678' }, from(IP))
      expect(invalid.status).toBe(422)
      const alsoInvalid = await client.postForm(NOTIFY, { ...TARO_CONTACT, email: 'x' }, from(IP))
      expect(alsoInvalid.status).toBe(422)
    }
    // A neighbour behind the same address still gets their correct submission through.
    const valid = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(valid.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
    // ...and the whole per-IP limit: nine more valid ones pass, the eleventh is 429.
    for (let n = 0; n < 9; n++) {
      expect((await client.postForm(INITIALIZE, unknownLoginId(n), from(IP))).status).toBe(303)
    }
    expect((await client.postForm(INITIALIZE, unknownLoginId(9), from(IP))).status).toBe(429)
  })

  it('answers an invalid submission past the limit with 422, not 429: validation comes first', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    const invalid = await client.postForm(INITIALIZE, { ...TARO, loginId: '12345678' }, from(IP))
    expect(invalid.status).toBe(422)
    expect(invalid.headers.get('Retry-After')).toBeNull()
  })
})

describe('the per-login-ID limit, counted per client', () => {
  /** Posts `fields` to the initialization form, always from one client. */
  const fromOneClient = (client: Client) => (fields: FormPost) =>
    client.postForm(INITIALIZE, fields, from(IP))

  it('answers the sixth submission from one client for one login ID in an hour with 429', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 5; n++) expect((await post(TARO)).status).toBe(303)

    const limited = await post(TARO)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('3420')
    expect(limited.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(limited.headers.get('Cache-Control')).toBe('no-store')
    expect((await pageHeading(limited)).h1).toBe(messages('ja').tooManyRequests.title)

    // The first one issued; the cooldown in D1 kept the next four from sending anything.
    expect(client.mailer.sent).toHaveLength(1)
    expect(await initializedPasswordRows()).toHaveLength(1)
  })

  it('counts an unknown login ID exactly like an existing one and answers both alike', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    const unknown = { ...TARO, loginId: '111111111' }
    for (let n = 0; n < 5; n++) {
      expect((await post(TARO)).status).toBe(303)
      expect((await post(unknown)).status).toBe(303)
    }
    const existingAnswer = await observable(await post(TARO))
    const unknownAnswer = await observable(await post(unknown))
    expect(existingAnswer.status).toBe(429)
    expect(unknownAnswer).toEqual(existingAnswer)
  })

  it('holds other login IDs, and notifications that name none, unaffected', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 5; n++) expect((await post(TARO)).status).toBe(303)
    expect((await post(TARO)).status).toBe(429)

    expect((await post(JANE)).status).toBe(303)
    const notification = await client.postForm(NOTIFY, TARO_CONTACT, from(IP))
    expect(notification.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email, JANE.email, TARO.email])
  })

  it('counts the login ID after normalization, however it was typed', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (const loginId of [
      '123456789',
      ' 123456789',
      '１２３４５６７８９',
      '123456789 ',
      '１２３456789',
    ]) {
      expect((await post({ ...TARO, loginId })).status).toBe(303)
    }
    expect((await post(TARO)).status).toBe(429)
  })

  it('lets the login ID through again once the hour window is over', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 5; n++) expect((await post(TARO)).status).toBe(303)
    client.clock.now = LOGIN_ID_WINDOW_END - 1
    const last = await post(TARO)
    expect(last.status).toBe(429)
    expect(last.headers.get('Retry-After')).toBe('1')

    client.clock.now = LOGIN_ID_WINDOW_END
    expect((await post(TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
  })

  it('does not count invalid submissions against the login ID they name', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    const post = fromOneClient(client)
    for (let n = 0; n < 8; n++) {
      expect((await post({ ...TARO, email: 'not-an-address' })).status).toBe(422)
    }
    expect((await post(TARO)).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('never answers the holder 429 for what strangers sent naming the login ID', async () => {
    const client = testClient({ env: PER_LOGIN_ID_ONLY })
    client.clock.now = T0
    // Junk naming Jane's login ID from five clients, each past the limit.
    for (let stranger = 1; stranger <= 5; stranger++) {
      for (let n = 0; n < 6; n++) {
        const junk = { ...JANE, name: `Someone Else${'x'.repeat(n)}` }
        await client.postForm(INITIALIZE, junk, from(`198.51.100.${stranger}`))
      }
      expect((await client.postForm(INITIALIZE, JANE, from(`198.51.100.${stranger}`))).status).toBe(
        429,
      )
    }
    // Jane, from her own connection, gets her initialized password.
    const own = await client.postForm(INITIALIZE, JANE, from('192.0.2.50'))
    expect(own.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([JANE.email])
  })

  it('applies the per-IP and per-login-ID limits together: whichever is reached first answers', async () => {
    const client = testClient({
      env: { RATE_LIMIT_PER_IP: '10/600', RATE_LIMIT_PER_LOGIN_ID: '5/3600' },
    })
    client.clock.now = T0
    for (let n = 0; n < 5; n++) {
      expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    }
    // The login ID is spent; the IP has five left, for other login IDs.
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(429)
    for (let n = 0; n < 5; n++) {
      expect((await client.postForm(INITIALIZE, unknownLoginId(n), from(IP))).status).toBe(303)
    }
    const limited = await client.postForm(INITIALIZE, unknownLoginId(9), from(IP))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('Retry-After')).toBe('420')
  })
})

describe('what the limits keep: hashed keys, nothing personal', () => {
  it('keys the KV counters by keyed hashes, never by the raw IP or login ID', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    expect((await client.postForm(NOTIFY, TARO_CONTACT, from('2001:db8:1:2::1'))).status).toBe(303)

    // One entry per client, holding all of its counters (its own, and per login ID it named).
    const { keys } = await env.RATE_LIMITS.list()
    const names = keys.map((key) => key.name)
    expect(names).toHaveLength(2)
    const values = await Promise.all(names.map((name) => env.RATE_LIMITS.get(name)))
    const counterNames = values.flatMap((value) => Object.keys(JSON.parse(value ?? '{}')))
    expect(counterNames).toHaveLength(3)
    const plainHashes = await Promise.all(
      [IP, '2001:db8:1:2::/64', TARO.loginId].map((value) => sha256Hex(value)),
    )
    for (const text of [...names, ...values.map(String)]) {
      for (const raw of [IP, '203.0.113', TARO.loginId, '2001:db8', '2001:0db8']) {
        expect(text).not.toContain(raw)
      }
      for (const plain of plainHashes) expect(text).not.toContain(plain)
    }
    for (const name of [...names, ...counterNames]) expect(name).toMatch(/[0-9a-f]{64}/)
  })

  it('counts what is not a counter entry under a client key as nothing, and writes over it', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    const [key] = (await env.RATE_LIMITS.list()).keys.map(({ name }) => name)
    if (key === undefined) throw new Error('no counter entry')
    // An entry of an earlier layout (a bare count), broken JSON, and counters of the wrong shape.
    for (const leftover of ['10', '{"ip:x":', '{"a":"10","b":[10],"c":[1,2,3]}']) {
      await env.RATE_LIMITS.put(key, leftover)
      expect((await client.postForm(INITIALIZE, TARO, from(IP))).status, leftover).toBe(303)
      const written: Record<string, [number, number]> = JSON.parse(
        (await env.RATE_LIMITS.get(key)) ?? '{}',
      )
      expect(Object.values(written).map(([count]) => count)).toEqual([1, 1])
    }
  })

  it('counts refused submissions per client and window, with a hashed client and no personal data', async () => {
    const client = testClient({ env: PER_IP_ONLY })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    for (let n = 0; n < 20; n++) {
      expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(429)
    }
    expect((await client.postForm(NOTIFY, TARO_CONTACT, from(IP))).status).toBe(429)

    // The accepted submissions each have their event; the refused ones are two counters.
    const rows = await auditRows()
    expect(rows).toHaveLength(10)
    expect(rows.every((row) => row.outcome !== 'rate_limited')).toBe(true)
    const refused = await refusedRows()
    const windowStart = IP_WINDOW_END - 10 * MINUTE
    expect(refused).toMatchObject([
      {
        procedure: 'password_initialization',
        outcome: 'rate_limited',
        count: 20,
        windowStart: windowStart,
        firstAt: T0,
        lastAt: T0,
      },
      {
        procedure: 'login_id_notification',
        outcome: 'rate_limited',
        count: 1,
        windowStart: windowStart,
      },
    ])
    for (const row of refused) {
      expect(row.clientHash).toMatch(/^[0-9a-f]{64}$/)
      expect(row.clientHash).not.toBe(await sha256Hex(IP))
      // The same client is the same hash, so the trail can tell one client's attempts apart.
      expect(row.clientHash).toBe(rows[0]?.clientHash)
      const cells = JSON.stringify(row).toLowerCase()
      for (const personal of [IP, 'taro', 'koku', '9012345678', '@']) {
        expect(cells).not.toContain(personal)
      }
    }
  })
})

describe('when KV fails: served anyway (fail open) and logged', () => {
  it('still serves a submission and logs the failure when KV is down', async () => {
    const client = testClient({ env: { ...PER_IP_ONLY, RATE_LIMITS: failingKv() } })
    const response = await client.postForm(INITIALIZE, TARO, from(IP))
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toBe('/password/initialize/sent?lang=ja')
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])

    expect(client.logs.parsed).toContainEqual(
      expect.objectContaining({ level: 'error', event: 'rate_limit_store_failed' }),
    )
    const logged = client.logs.lines.join('\n')
    for (const personal of [IP, TARO.email, TARO.phoneNumber]) {
      expect(logged).not.toContain(personal)
    }
  })

  it('enforces no limit while KV is down', async () => {
    const client = testClient({ env: { ...PER_IP_ONLY, RATE_LIMITS: failingKv() } })
    client.clock.now = T0
    await tenSubmissionsFrom(client, IP)
    expect((await client.postForm(INITIALIZE, TARO, from(IP))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('still serves a submission and logs the failure when only KV writes fail', async () => {
    const client = testClient({
      env: { ...PER_IP_ONLY, RATE_LIMITS: kvFailingOn(env.RATE_LIMITS, ['put']) },
    })
    const response = await client.postForm(NOTIFY, TARO_CONTACT, from(IP))
    expect(response.status).toBe(303)
    expect(client.mailer.sent.map((mail) => mail.to)).toEqual([TARO.email])
    expect(client.logs.parsed).toContainEqual(
      expect.objectContaining({
        level: 'error',
        event: 'rate_limit_store_failed',
        operation: 'put',
      }),
    )
  })
})
