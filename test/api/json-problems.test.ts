import { beforeEach, describe, expect, it } from 'vitest'
import { resetToDemoAccountsWithoutKeys } from '../support/api-keys'
import { testClient } from '../support/client'
import {
  expectNothingSent,
  expectProblem,
  fieldErrors,
  KIB,
  LIMIT,
  PASSWORD_INITIALIZATIONS,
  PROCEDURES,
  paddedJson,
  postJson,
  TARO_JSON,
} from '../support/json-api'
import { countingStream } from '../support/request-bodies'

beforeEach(resetToDemoAccountsWithoutKeys)

describe('problem documents', () => {
  it.each(PROCEDURES)(
    'answers malformed JSON to the $procedure route with 400',
    async ({ path }) => {
      const client = testClient()
      const problem = await expectProblem(await postJson(client, path, '{x'), 400)
      expect(problem.type).toBe('/api/v1/problems/malformed-json')
      expect(problem.errors).toEqual([])
      await expectNothingSent(client)
    },
  )

  it.each([
    ['an empty body', ''],
    ['a truncated object', '{"loginId":"123456789",'],
    ['single quotes', "{'loginId':'123456789'}"],
    ['a trailing comma', `${JSON.stringify(TARO_JSON).slice(0, -1)},}`],
    ['two documents', `${JSON.stringify(TARO_JSON)}${JSON.stringify(TARO_JSON)}`],
  ])('answers %s with 400', async (_case, body) => {
    const client = testClient()
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, body), 400)
    await expectNothingSent(client)
  })

  it.each(PROCEDURES)(
    'answers 17 KiB with Content-Length to the $procedure route with 413',
    async ({ path, taro }) => {
      const client = testClient()
      const body = paddedJson(taro, 17 * KIB)
      const response = await postJson(client, path, body, { 'Content-Length': String(17 * KIB) })
      const problem = await expectProblem(response, 413)
      expect(problem.type).toBe('/api/v1/problems/payload-too-large')
      await expectNothingSent(client)
    },
  )

  it('answers 16 KiB + 1 byte with 413', async () => {
    const client = testClient()
    const body = paddedJson(TARO_JSON, LIMIT + 1)
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, body, {
      'Content-Length': String(LIMIT + 1),
    })
    await expectProblem(response, 413)
    await expectNothingSent(client)
  })

  it('answers 17 KiB streamed without Content-Length with 413, reading no further than the limit', async () => {
    const client = testClient()
    const { stream, read } = countingStream(paddedJson(TARO_JSON, 17 * KIB))
    await expectProblem(await postJson(client, PASSWORD_INITIALIZATIONS, stream), 413)
    expect(read.bytes).toBeLessThanOrEqual(LIMIT + KIB)
    await expectNothingSent(client)
  })

  it.each([
    ['text/plain', 'text/plain'],
    ['form-urlencoded', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['a charset other than UTF-8', 'application/json; charset=latin1'],
    ['another parameter', 'application/json; version=1'],
    ['a JSON-like type', 'text/json'],
    ['a +json suffix', 'application/problem+json'],
    ['a longer subtype', 'application/jsonx'],
  ])('answers a valid body declared as %s with 415', async (_case, contentType) => {
    const client = testClient()
    const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, {
      'Content-Type': contentType,
    })
    const problem = await expectProblem(response, 415)
    expect(problem.type).toBe('/api/v1/problems/unsupported-media-type')
    await expectNothingSent(client)
  })

  it.each(PROCEDURES)(
    'answers a body without Content-Type to the $procedure route with 415',
    async ({ path, taro }) => {
      const client = testClient()
      const response = await postJson(client, path, taro, { 'Content-Type': null })
      await expectProblem(response, 415)
      await expectNothingSent(client)
    },
  )

  it.each(PROCEDURES)(
    'answers invalid fields to the $procedure route with 422',
    async ({ path, taro }) => {
      const client = testClient()
      const response = await postJson(client, path, { ...taro, email: 'not an address' })
      const problem = await expectProblem(response, 422)
      expect(problem.type).toBe('/api/v1/problems/invalid-fields')
      expect(fieldErrors(problem)).toEqual([{ field: 'email', code: 'format' }])
      await expectNothingSent(client)
    },
  )
})
