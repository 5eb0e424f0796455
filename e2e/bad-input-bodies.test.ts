// Bad bodies against the real `wrangler dev` (its HTTP server and dev proxy in front of workerd),
// where a streamed body over the limit used to reset the connection instead of answering 413.
// Node's fetch sends a ReadableStream body chunked (no Content-Length) and reads no answer before
// it has sent the whole body, as many HTTP clients do.
import { expect, it } from 'vitest'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'

const KIB = 1024
const FORM = '/password/initialize'
const API = '/api/v1/password-initializations'

/** `total` bytes of `a` in `chunk`-byte pieces, produced as the server reads them. */
function streamed(total: number, chunk = KIB): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close()
      const size = Math.min(chunk, total - sent)
      sent += size
      controller.enqueue(new Uint8Array(size).fill(0x61))
    },
  })
}

async function post(path: string, body: BodyInit, headers: Record<string, string>) {
  const { baseUrl } = e2eEnv()
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    body,
    headers: { ...newClient(), ...(path === FORM ? { Origin: baseUrl } : {}), ...headers },
    redirect: 'manual',
    // Required by Node for a stream body: the request is sent while the answer may come.
    duplex: 'half',
    signal: AbortSignal.timeout(30_000),
  } as RequestInit)
  return {
    status: response.status,
    type: response.headers.get('Content-Type'),
    text: await response.text(),
  }
}

describeInBrowser('bad bodies against wrangler dev', () => {
  for (const size of [17 * KIB, 256 * KIB, 1024 * KIB]) {
    it(`answers a ${size / KIB} KiB form streamed without Content-Length with a 413 page, not a reset`, async () => {
      const answer = await post(FORM, streamed(size), {
        'Content-Type': 'application/x-www-form-urlencoded',
      })
      expect(answer.status).toBe(413)
      expect(answer.type).toMatch(/^text\/html/)
      expect(answer.text).toContain('<h1>')
    })

    it(`answers ${size / KIB} KiB of JSON streamed without Content-Length with a 413 problem`, async () => {
      const answer = await post(API, streamed(size), { 'Content-Type': 'application/json' })
      expect(answer.status).toBe(413)
      expect(answer.type).toBe('application/problem+json')
      expect(JSON.parse(answer.text)).toMatchObject({ status: 413 })
    })
  }

  it('answers a form declared as Shift_JIS with a 415 page', async () => {
    const answer = await post(FORM, 'loginId=123456789&name=%91%BE%98Y+%8D%91', {
      'Content-Type': 'application/x-www-form-urlencoded; charset=shift_jis',
    })
    expect(answer.status).toBe(415)
    expect(answer.type).toMatch(/^text\/html/)
  })

  it('answers JSON with a byte that is not UTF-8 with a 400 problem', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"name":"Taro'), 0xff, 0x22, 0x7d])
    const answer = await post(API, bytes, { 'Content-Type': 'application/json' })
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.text)).toMatchObject({ type: '/api/v1/problems/invalid-encoding' })
  })

  it('answers JSON with a repeated key with a 400 problem naming it', async () => {
    const answer = await post(API, '{"email":"a@example.com","email":"b@example.com"}', {
      'Content-Type': 'application/json',
    })
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.text)).toMatchObject({
      type: '/api/v1/problems/duplicate-key',
      errors: [{ field: 'email', code: 'duplicate_key' }],
    })
  })
})
