// utf8FormBody on a bare Hono app: only an UTF-8 `application/x-www-form-urlencoded` body
// reaches the handler; anything else gets the answer the route chose.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { utf8FormBody } from '../../src/middleware/utf8-form-body'

const app = new Hono()
  .use(
    utf8FormBody({
      onUnsupportedMediaType: (c) => c.text('unsupported', 415),
      onUnreadable: (c) => c.text('unreadable', 400),
    }),
  )
  .post('/form', async (c) => c.json(await c.req.parseBody()))

const post = (body: BodyInit, contentType?: string) =>
  app.request('/form', {
    method: 'POST',
    body,
    headers: contentType === undefined ? {} : { 'Content-Type': contentType },
  })

describe('utf8FormBody', () => {
  it.each([
    'application/x-www-form-urlencoded',
    'APPLICATION/X-WWW-FORM-URLENCODED',
    'application/x-www-form-urlencoded; charset=UTF-8',
    'application/x-www-form-urlencoded;charset="utf-8"',
  ])('hands a UTF-8 form on to the handler as %s', async (contentType) => {
    const response = await post('name=%E5%9B%BD+%E5%A4%AA%E9%83%8E&email=a%40b.jp', contentType)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ name: '国 太郎', email: 'a@b.jp' })
  })

  it.each([
    ['no Content-Type', undefined],
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['another charset', 'application/x-www-form-urlencoded; charset=shift_jis'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['JSON', 'application/json'],
  ])("answers the route's 415 to %s", async (_, contentType) => {
    // Bytes, since a string body would be given text/plain by the runtime.
    const response = await post(new TextEncoder().encode('name=Taro'), contentType)
    expect(response.status).toBe(415)
    expect(await response.text()).toBe('unsupported')
  })

  it.each([
    ['an escape that is no UTF-8', 'name=%93%FA'],
    ['raw bytes that are no UTF-8', new Uint8Array([0x6e, 0x3d, 0x93, 0xfa])],
  ])("answers the route's 400 to %s", async (_, body) => {
    const response = await post(body, 'application/x-www-form-urlencoded')
    expect(response.status).toBe(400)
    expect(await response.text()).toBe('unreadable')
  })
})
