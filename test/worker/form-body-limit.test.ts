import { beforeEach, describe, expect, it } from 'vitest'
import { messages } from '../../src/i18n'
import { DRAIN_LIMIT_BYTES } from '../../src/middleware/body-limit'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { expectNothingDone, FORMS, langAndTitle, postRaw } from '../support/form-posts'
import { readPage } from '../support/html'
import { KIB, LIMIT } from '../support/json-api'
import { countingStream, formBody, garbage, paddedFormBody } from '../support/request-bodies'

beforeEach(resetToDemoAccounts)

const byteLength = (body: string) => new TextEncoder().encode(body).byteLength

describe.each(FORMS)('a post to the $form form over 16 KiB', ({ path, post }) => {
  it('answers 413 with an HTML page when its Content-Length is 16 KiB + 1 byte', async () => {
    const client = testClient()
    const body = paddedFormBody(post, LIMIT + 1)
    const response = await postRaw(client, path, body, { 'Content-Length': String(LIMIT + 1) })
    expect(response.status).toBe(413)
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/)
    expect(langAndTitle(await readPage(response))).toEqual({
      lang: 'ja',
      h1: messages('ja').tooLarge.title,
    })
    await expectNothingDone(client)
  })

  it('answers 413 in the language asked for', async () => {
    const client = testClient()
    const response = await postRaw(client, path, paddedFormBody(post, LIMIT + 1), {
      'Content-Length': String(LIMIT + 1),
      'Accept-Language': 'en-US,en;q=0.9',
    })
    expect(response.status).toBe(413)
    expect(langAndTitle(await readPage(response))).toEqual({
      lang: 'en',
      h1: messages('en').tooLarge.title,
    })
  })

  it('answers 413 to a body of 16 KiB + 1 byte streamed without Content-Length', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedFormBody(post, LIMIT + 1))
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(413)
    expect(read.bytes).toBe(LIMIT + 1)
    expect(langAndTitle(await readPage(response)).h1).toBe(messages('ja').tooLarge.title)
    await expectNothingDone(client)
  })

  // A streaming client reads no answer before it has sent everything: an over-long body is read
  // on (and thrown away) so the 413 arrives, but no further than DRAIN_LIMIT_BYTES past the limit.
  it('reads a long streamed body no further than 1 MiB past 16 KiB', async () => {
    const client = testClient()
    const chunk = KIB
    const { stream, read } = countingStream(paddedFormBody(post, 2048 * KIB), chunk)
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(413)
    expect(read.bytes).toBeGreaterThan(LIMIT + DRAIN_LIMIT_BYTES)
    expect(read.bytes).toBeLessThanOrEqual(LIMIT + DRAIN_LIMIT_BYTES + 2 * chunk)
    await expectNothingDone(client)
  })

  it('does not read the body at all when its Content-Length is over 16 KiB', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedFormBody(post, 64 * KIB))
    const response = await postRaw(client, path, stream, { 'Content-Length': String(64 * KIB) })
    expect(response.status).toBe(413)
    expect(read.bytes).toBeLessThanOrEqual(KIB)
    await expectNothingDone(client)
  })

  it('accepts a valid form of exactly 16 KiB with Content-Length', async () => {
    const client = testClient()
    const body = paddedFormBody(post, LIMIT)
    expect(byteLength(body)).toBe(LIMIT)
    const response = await postRaw(client, path, body, { 'Content-Length': String(LIMIT) })
    expect(response.status).toBe(303)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('accepts a valid form of exactly 16 KiB streamed without Content-Length', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedFormBody(post, LIMIT))
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(303)
    expect(read.bytes).toBe(LIMIT)
    expect(client.mailer.sent).toHaveLength(1)
  })

  it('answers 413, not 422, to 17 KiB of garbage with Content-Length', async () => {
    const client = testClient()
    const response = await postRaw(client, path, garbage(17 * KIB), {
      'Content-Length': String(17 * KIB),
    })
    expect(response.status).toBe(413)
    await expectNothingDone(client)
  })

  it('answers 413, not 422, to 17 KiB of garbage streamed without Content-Length', async () => {
    const client = testClient()
    const { stream } = countingStream(garbage(17 * KIB))
    const response = await postRaw(client, path, stream)
    expect(response.status).toBe(413)
    await expectNothingDone(client)
  })

  it('answers 422, not 413, to a small invalid form', async () => {
    const client = testClient()
    const body = formBody({ ...post, email: 'not an address' })
    const response = await postRaw(client, path, body, {
      'Content-Length': String(byteLength(body)),
    })
    expect(response.status).toBe(422)
    await expectNothingDone(client)
  })
})
