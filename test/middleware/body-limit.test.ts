// bodyLimit on a bare Hono app: declared and streamed bodies, the drained overflow, a body that
// breaks off, and the accepted body handed on intact.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { bodyLimit } from '../../src/middleware/body-limit'

const MAX = 16

const app = new Hono()
  .use(
    bodyLimit({
      maxSize: MAX,
      onError: (c) => c.text('too large', 413),
      onIncomplete: (c) => c.text('incomplete', 400),
      drainLimit: 64,
    }),
  )
  .post('/echo', async (c) => c.text(await c.req.text()))
  .get('/echo', (c) => c.text('no body'))

/** A body streamed in chunks (no Content-Length), counting the bytes the server pulled. */
function streamed(chunks: string[], options: { breakOff?: boolean } = {}) {
  const encoder = new TextEncoder()
  const pulled = { bytes: 0 }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift()
      if (next === undefined) {
        if (options.breakOff) controller.error(new Error('the client went away'))
        else controller.close()
        return
      }
      const bytes = encoder.encode(next)
      pulled.bytes += bytes.byteLength
      controller.enqueue(bytes)
    },
  })
  return { body, pulled }
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  app.request('/echo', { method: 'POST', body, headers })

describe('bodyLimit', () => {
  it('hands a body of exactly the limit on to the handler, unchanged', async () => {
    const response = await post('x'.repeat(MAX))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('x'.repeat(MAX))
  })

  it('answers 413 at once to a body declared larger than the limit', async () => {
    const response = await post('x'.repeat(MAX + 1))
    expect(response.status).toBe(413)
    expect(await response.text()).toBe('too large')
  })

  it('counts a streamed body and hands it on when it stays within the limit', async () => {
    const { body } = streamed(['abcd', 'efgh', '12345678'])
    const response = await post(body)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('abcdefgh12345678')
  })

  it('reads the rest of an oversized streamed body before answering 413', async () => {
    const { body, pulled } = streamed(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(10)])
    const response = await post(body)
    expect(response.status).toBe(413)
    expect(pulled.bytes).toBe(30)
  })

  it('stops reading past the drain limit and still answers 413', async () => {
    const { body, pulled } = streamed(Array.from({ length: 20 }, () => 'x'.repeat(10)))
    const response = await post(body)
    expect(response.status).toBe(413)
    // 20 bytes past the limit, then 64 more drained, and the stream given up on the next chunk.
    expect(pulled.bytes).toBe(90)
  })

  it('answers 400 to a body that breaks off', async () => {
    const { body } = streamed(['abc'], { breakOff: true })
    const response = await post(body)
    expect(response.status).toBe(400)
    expect(await response.text()).toBe('incomplete')
  })

  it('counts the bytes when Content-Length is no number', async () => {
    const { body } = streamed(['x'.repeat(MAX + 1)])
    const response = await post(body, { 'Content-Length': 'many' })
    expect(response.status).toBe(413)
  })

  it('leaves a request without a body alone', async () => {
    const response = await app.request('/echo')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('no body')
  })
})
