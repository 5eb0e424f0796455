import type { Context, Env, MiddlewareHandler } from 'hono'

/**
 * How much of an oversized body is read and thrown away before the 413 is sent. A client that
 * streams its body (chunked, no Content-Length) reads no answer until it has sent everything,
 * and a server that answers and closes first leaves it with a reset connection (EPIPE) instead
 * of the 413. Past this bound the connection is dropped after all: an answer is not worth
 * reading megabytes for.
 */
export const DRAIN_LIMIT_BYTES = 1024 * 1024

export interface BodyLimitOptions<E extends Env> {
  /** The largest body accepted, in bytes. */
  maxSize: number
  /** The answer to a body over `maxSize` (status 413). */
  onError: (c: Context<E>) => Response | Promise<Response>
  /** The answer when the body can not be read to its end (the client broke off): status 400. */
  onIncomplete: (c: Context<E>) => Response | Promise<Response>
  /** Bytes read past `maxSize` before answering anyway; DRAIN_LIMIT_BYTES unless set. */
  drainLimit?: number
}

/**
 * Hono's `bodyLimit`, with an answer a streaming client can read: a body declared larger than
 * `maxSize` is refused at once (its sender knows the size and reads the early answer), a body
 * without a length is read up to `maxSize`, and when it goes past, the rest is read and thrown
 * away (up to `drainLimit`) before `onError` answers. A body that breaks off is `onIncomplete`
 * (a 400, not the unhandled error it would be). An accepted body is handed on as bytes.
 *
 * @example
 * app.post(
 *   '/form',
 *   bodyLimit({
 *     maxSize: 16 * 1024,
 *     onError: (c) => c.text('Too large', 413),
 *     onIncomplete: (c) => c.text('Incomplete', 400),
 *   }),
 *   handler,
 * )
 */
export const bodyLimit = <E extends Env>(options: BodyLimitOptions<E>): MiddlewareHandler<E> =>
  async function bodyLimit(c, next) {
    const body = c.req.raw.body
    if (body === null) return next()
    const declared = c.req.raw.headers.get('Content-Length')
    if (declared !== null && !c.req.raw.headers.has('Transfer-Encoding')) {
      // A Content-Length that is no number is as good as none: the body is counted below.
      const length = Number(declared)
      if (Number.isSafeInteger(length) && length > options.maxSize) return options.onError(c)
    }
    const reader = body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch {
        return options.onIncomplete(c)
      }
      if (chunk.done) break
      size += chunk.value.byteLength
      if (size > options.maxSize) {
        await drain(reader, options.drainLimit ?? DRAIN_LIMIT_BYTES)
        return options.onError(c)
      }
      chunks.push(chunk.value)
    }
    const bytes = new Uint8Array(size)
    let offset = 0
    for (const chunk of chunks) {
      bytes.set(chunk, offset)
      offset += chunk.byteLength
    }
    c.req.raw = new Request(c.req.raw, { body: bytes })
    return next()
  }

/** Reads and discards up to `limit` more bytes; past that, gives the stream up. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number) {
  let drained = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      drained += value.byteLength
      if (drained > limit) {
        await reader.cancel()
        return
      }
    }
  } catch {
    // The client went away: there is no one left to answer.
  }
}
