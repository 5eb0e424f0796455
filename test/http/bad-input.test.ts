import { ne } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts'
import { accounts, initializedPasswords, loginIdNotifications } from '../../src/db/schema'
import { firstDuplicateKey } from '../../src/http/json-duplicate-key'
import { messages } from '../../src/i18n'
import { DRAIN_LIMIT_BYTES } from '../../src/middleware/body-limit'
import { isUtf8FormBody } from '../../src/middleware/utf8-form-body'
import wranglerToml from '../../wrangler.toml?raw'
import { ORIGIN, testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { TARO } from '../support/fixtures'
import { readPage } from '../support/html'
import {
  expectProblem,
  fieldErrors,
  LOGIN_ID_NOTIFICATIONS,
  PASSWORD_INITIALIZATIONS,
  postJson,
  TARO_JSON,
} from '../support/json-api'
import { countingStream, FORM_CONTENT_TYPE, formBody } from '../support/request-bodies'
import { db } from '../support/rows'

beforeEach(resetToDemoAccounts)

type Client = ReturnType<typeof testClient>

const KIB = 1024
const LIMIT = 16 * KIB
const encoder = new TextEncoder()

/** Each form route with a post that would change something (mail or a row) if it were accepted. */
const FORMS: Array<{ path: string; post: Record<string, string> }> = [
  { path: '/password/initialize', post: { ...TARO } },
  {
    path: '/login-id/notify',
    post: {
      name: TARO.name,
      phoneCountry: TARO.phoneCountry,
      phoneNumber: TARO.phoneNumber,
      email: TARO.email,
    },
  },
  {
    path: '/password/change',
    post: {
      loginId: TARO.loginId,
      password: 'Current-Pa55word!',
      newPassword: 'a fresh and long passphrase 42',
      newPasswordConfirmation: 'a fresh and long passphrase 42',
    },
  },
]

const APIS = [
  { path: PASSWORD_INITIALIZATIONS, body: TARO_JSON },
  {
    path: LOGIN_ID_NOTIFICATIONS,
    body: { name: TARO_JSON.name, phone: TARO_JSON.phone, email: TARO_JSON.email },
  },
]

const postBytes = (
  client: Client,
  path: string,
  body: BodyInit,
  headers: Record<string, string> = {},
) =>
  client.request(path, {
    method: 'POST',
    body,
    headers: { Origin: ORIGIN, 'Content-Type': FORM_CONTENT_TYPE, ...headers },
    redirect: 'manual',
  })

/** Nothing sent, no password issued or changed, no notification recorded. */
async function expectNothingChanged(client: Client) {
  expect(client.mailer.sent).toEqual([])
  const counts = {
    issued: await db.$count(initializedPasswords),
    notified: await db.$count(loginIdNotifications),
    changed: await db.$count(accounts, ne(accounts.passwordHash, DEMO_PASSWORD_HASH)),
  }
  expect(counts).toEqual({ issued: 0, notified: 0, changed: 0 })
}

const pageTitle = async (response: Response) => {
  const page = await readPage(response)
  return { lang: page.all('html')[0]?.attr('lang'), h1: page.all('h1')[0]?.text }
}

describe.each(FORMS)('a form post to $path', ({ path, post }) => {
  it.each(['shift_jis', 'Shift_JIS', 'iso-8859-1', 'euc-jp', 'utf-16', 'bogus'])(
    'answers 415 with a page saying so for charset=%s, and changes nothing',
    async (charset) => {
      const client = testClient()
      const response = await postBytes(client, path, formBody(post), {
        'Content-Type': `${FORM_CONTENT_TYPE}; charset=${charset}`,
      })
      expect(response.status).toBe(415)
      expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
      expect(await pageTitle(response)).toEqual({
        lang: 'ja',
        h1: messages('ja').unsupportedMediaType.title,
      })
      await expectNothingChanged(client)
    },
  )

  it('answers 415 in English when English is asked for', async () => {
    const client = testClient()
    const response = await postBytes(client, path, formBody(post), {
      'Content-Type': `${FORM_CONTENT_TYPE}; charset=shift_jis`,
      'Accept-Language': 'en',
    })
    expect(response.status).toBe(415)
    expect(await pageTitle(response)).toEqual({
      lang: 'en',
      h1: messages('en').unsupportedMediaType.title,
    })
  })

  it.each(['multipart/form-data; boundary=x', 'text/plain', 'application/json'])(
    'answers 415 to a body sent as %s',
    async (contentType) => {
      const client = testClient()
      const response = await postBytes(client, path, formBody(post), {
        'Content-Type': contentType,
      })
      expect(response.status).toBe(415)
      await expectNothingChanged(client)
    },
  )

  it('answers 415 to a body without a Content-Type', async () => {
    const client = testClient()
    const response = await client.request(path, {
      method: 'POST',
      body: encoder.encode(formBody(post)),
      headers: { Origin: ORIGIN },
      redirect: 'manual',
    })
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(response.status).toBe(415)
  })

  it.each([
    `${FORM_CONTENT_TYPE}; charset=utf-8`,
    `${FORM_CONTENT_TYPE}; charset=UTF-8`,
    `${FORM_CONTENT_TYPE};charset="utf-8"`,
    'Application/X-WWW-Form-URLEncoded',
  ])('accepts the form as %s', async (contentType) => {
    const client = testClient()
    const response = await postBytes(client, path, formBody(post), { 'Content-Type': contentType })
    expect(response.status).toBe(303)
  })

  it.each([
    ['a percent-encoded byte that is no UTF-8 (%FF)', 'name=Taro%FF+KOKU'],
    ['a lone continuation byte (%80)', 'name=Taro%80KOKU'],
    ['a truncated sequence (%E5%A4)', 'name=%E5%A4+KOKU'],
    ['an overlong encoding of "/" (%C0%AF)', 'name=Taro%C0%AFKOKU'],
    ['an encoded surrogate (%ED%A0%80)', 'name=Taro%ED%A0%80+KOKU'],
    ['a field name that is no UTF-8', 'na%FFme=Taro+KOKU'],
  ])('answers 400 with a page to %s, never a U+FFFD', async (_, badField) => {
    const client = testClient()
    const body = `${formBody(post)}&${badField}`.replace(/(^|&)name=[^&]*&/, '$1')
    const response = await postBytes(client, path, body)
    expect(response.status).toBe(400)
    expect(await pageTitle(response)).toEqual({
      lang: 'ja',
      h1: messages('ja').unreadableForm.title,
    })
    await expectNothingChanged(client)
  })

  it('answers 400 to raw bytes that are not UTF-8', async () => {
    const client = testClient()
    const bytes = new Uint8Array([...encoder.encode(`${formBody(post)}&x=`), 0x93, 0xfa])
    const response = await postBytes(client, path, bytes)
    expect(response.status).toBe(400)
    await expectNothingChanged(client)
  })

  it('answers 400 to a streamed body that breaks off', async () => {
    const client = testClient()
    let sent = false
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('the client went away'))
        sent = true
        controller.enqueue(encoder.encode(formBody(post)))
      },
    })
    const response = await postBytes(client, path, stream)
    expect(response.status).toBe(400)
    await expectNothingChanged(client)
  })

  it('reads a streamed body over 16 KiB to its end before the 413 (up to 1 MiB past it)', async () => {
    const client = testClient()
    const { stream, read } = countingStream(new Uint8Array(512 * KIB).fill(0x61), 4 * KIB)
    const response = await postBytes(client, path, stream)
    expect(response.status).toBe(413)
    expect(read.bytes).toBe(512 * KIB)
  })

  it('stops reading a streamed body 1 MiB past the limit', async () => {
    const client = testClient()
    const chunk = 4 * KIB
    const { stream, read } = countingStream(new Uint8Array(4 * 1024 * KIB).fill(0x61), chunk)
    const response = await postBytes(client, path, stream)
    expect(response.status).toBe(413)
    expect(read.bytes).toBeGreaterThan(LIMIT + DRAIN_LIMIT_BYTES)
    expect(read.bytes).toBeLessThanOrEqual(LIMIT + DRAIN_LIMIT_BYTES + 2 * chunk)
  })
})

describe.each(APIS)('a JSON post to $path', ({ path, body }) => {
  const json = JSON.stringify(body)

  it.each([
    ['a byte that is never UTF-8 (FF)', [0xff]],
    ['Shift_JIS for 太郎 (91 BE 98 59)', [0x91, 0xbe, 0x98, 0x59]],
    ['a truncated sequence (E5 A4)', [0xe5, 0xa4]],
    ['an overlong "/" (C0 AF)', [0xc0, 0xaf]],
  ])('answers 400 invalid-encoding to %s inside a string', async (_, bad) => {
    const client = testClient()
    const [before, after] = json.split('Taro')
    const bytes = new Uint8Array([
      ...encoder.encode(`${before}Taro`),
      ...bad,
      ...encoder.encode(after ?? ''),
    ])
    const response = await client.request(path, {
      method: 'POST',
      body: bytes,
      headers: { 'Content-Type': 'application/json' },
    })
    const problem = await expectProblem(response, 400)
    expect(problem.type).toBe('/api/v1/problems/invalid-encoding')
    await expectNothingChanged(client)
  })

  it.each([
    ['a top-level key', `{"email":"x@example.com",${json.slice(1)}`, 'email'],
    [
      'a key inside phone',
      JSON.stringify({ ...body, phone: { country: 'JP', number: '09012345678' } }).replace(
        '"country":"JP"',
        '"country":"US","country":"JP"',
      ),
      'phone.country',
    ],
    ['a key spelled with an escape', `{"n\\u0061me":"x",${json.slice(1)}`, 'name'],
    ['a key in an object inside an array', `{"x":[1,{"a":1,"a":2}],${json.slice(1)}`, 'x.1.a'],
    ['__proto__ twice', `{"__proto__":{},"__proto__":[],${json.slice(1)}`, '__proto__'],
  ])('answers 400 duplicate-key naming %s', async (_, text, field) => {
    const client = testClient()
    const response = await postJson(client, path, text)
    const problem = await expectProblem(response, 400)
    expect(problem.type).toBe('/api/v1/problems/duplicate-key')
    expect(fieldErrors(problem)).toEqual([{ field, code: 'duplicate_key' }])
    await expectNothingChanged(client)
  })

  it('names the repeated key in Japanese when Japanese is asked for', async () => {
    const client = testClient()
    const response = await postJson(client, path, `{"email":"x",${json.slice(1)}`, {
      'Accept-Language': 'ja',
    })
    const problem = await expectProblem(response, 400)
    expect(problem.title).toBe('キーが重複しています')
  })

  it('answers 400 malformed-json to a streamed body that breaks off', async () => {
    const client = testClient()
    let sent = false
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('the client went away'))
        sent = true
        controller.enqueue(encoder.encode(json.slice(0, 10)))
      },
    })
    const problem = await expectProblem(await postJson(client, path, stream), 400)
    expect(problem.type).toBe('/api/v1/problems/malformed-json')
  })

  it('reads a streamed body over 16 KiB to its end before the 413', async () => {
    const client = testClient()
    const { stream, read } = countingStream(new Uint8Array(256 * KIB).fill(0x20), 4 * KIB)
    await expectProblem(await postJson(client, path, stream), 413)
    expect(read.bytes).toBe(256 * KIB)
  })

  it('still accepts the same keys in different objects', async () => {
    const client = testClient()
    const withPhone = { ...body, phone: { country: 'JP', number: '090-1234-5678' } }
    const response = await postJson(client, path, withPhone)
    expect(response.status).toBe(202)
  })
})

describe('firstDuplicateKey', () => {
  it.each([
    ['{}', undefined],
    ['[]', undefined],
    ['"a"', undefined],
    ['{"a":1,"b":{"a":2}}', undefined],
    ['{"a":"{\\"a\\":1}","b":"a"}', undefined],
    ['{"a":[{"b":1},{"b":2}]}', undefined],
    ['{"a":1,"a":1}', 'a'],
    ['{"a":{"b":[0,0,{"c":1,"c":2}]}}', 'a.b.2.c'],
    ['{"\\"":1,"\\u0022":2}', '"'],
    ['{"a\\\\":1,"a":2}', undefined],
    ['{"":1,"":2}', ''],
  ])('finds in %s: %s', (json, expected) => {
    JSON.parse(json)
    expect(firstDuplicateKey(json)).toBe(expected)
  })
})

describe('isUtf8FormBody', () => {
  it.each([
    ['name=%E5%A4%AA%E9%83%8E', true],
    ['a=%zz&b=%', true],
    ['a=%4', true],
    ['a=%F0%9F%98%80', true],
    ['a=%F0%9F%98', false],
    ['a=%ff', false],
    ['a=%C3', false],
  ])('%s is %s', (body, expected) => {
    expect(isUtf8FormBody(encoder.encode(body))).toBe(expected)
  })
})

describe('the 404 page', () => {
  it.each([
    '/%09/evil.example',
    '/%0A/evil.example',
    '/%0D%0A/evil.example',
    '//evil.example',
    '/%5C/evil.example',
    '/\\evil.example',
    '/%2F%2Fevil.example',
    '/%20/evil.example',
    '/x/..//evil.example',
  ])('links its language switch to a page of this site, never one from %s', async (path) => {
    const response = await testClient().request(`${ORIGIN}${path}`)
    expect(response.status).toBe(404)
    const page = await readPage(response)
    const hrefs = page.all('a').flatMap((a) => a.attr('href') ?? [])
    expect(hrefs.length).toBeGreaterThan(1)
    for (const href of hrefs) {
      // The browser's own resolution: tabs and newlines dropped, backslashes as slashes.
      expect(new URL(href, `${ORIGIN}/`).origin).toBe(ORIGIN)
      expect(href).not.toMatch(/evil/)
    }
    expect(hrefs).toContain('/password/initialize?lang=en')
  })
})

describe('wrangler.toml', () => {
  it('keeps Workers Logs on but turns invocation logs (request headers, the client IP) off', () => {
    const section = (name: string) =>
      wranglerToml
        .split(new RegExp(`^\\[${name.replace('.', '\\.')}\\]\\s*$`, 'm'))[1]
        ?.split(/^\[/m)[0]
    expect(section('observability')).toMatch(/^enabled\s*=\s*true\s*$/m)
    expect(section('observability.logs')).toMatch(/^invocation_logs\s*=\s*false\s*$/m)
  })
})
