import { env } from 'cloudflare:workers'
import { expect } from 'vitest'
import { LOCALES } from '../../src/i18n'
import { apiMessages } from '../../src/i18n/api'
import type { testClient } from './client'
import { JANE, KEN, TARO } from './fixtures'
import { initializedPasswordRows, loginIdNotificationRows } from './rows'

type Client = ReturnType<typeof testClient>

export const PASSWORD_INITIALIZATIONS = '/api/v1/password-initializations'
export const LOGIN_ID_NOTIFICATIONS = '/api/v1/login-id-notifications'
export const OPENAPI = '/api/v1/openapi.json'

export const JSON_CONTENT_TYPE = 'application/json'
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** The one body of every accepted request (docs/contract.md#routes). */
export const ACCEPTED_BODY = '{"status":"accepted"}'

/** Demo Taro's details as a JSON client sends them, phone in E.164. */
export const TARO_JSON = {
  loginId: TARO.loginId,
  name: TARO.name,
  phone: '+819012345678',
  email: TARO.email,
} as const

/** Taro's registered contact for the login ID notification (no login ID). */
export const TARO_CONTACT_JSON = {
  name: TARO_JSON.name,
  phone: TARO_JSON.phone,
  email: TARO_JSON.email,
} as const

/**
 * POSTs a body to the JSON API: a string or stream is sent as it is, anything else serialized.
 * `Content-Type: application/json` unless the headers say otherwise (`null` sends none).
 */
export function postJson(
  client: Client,
  path: string,
  body: unknown,
  headers: Record<string, string | null> = {},
): Promise<Response> {
  const merged: Record<string, string | null> = { 'Content-Type': JSON_CONTENT_TYPE, ...headers }
  const sent = new Headers()
  for (const [name, value] of Object.entries(merged)) if (value !== null) sent.set(name, value)
  const text =
    typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body)
  return client.request(path, {
    method: 'POST',
    // A string body would get `text/plain` from the runtime; bytes get no Content-Type at all.
    body:
      typeof text === 'string' && !sent.has('Content-Type') ? new TextEncoder().encode(text) : text,
    headers: sent,
  })
}

/** An RFC 9457 problem document as this API writes it. */
export interface ProblemDocument {
  type: string
  title: string
  status: number
  detail: string
  errors: Array<{ field: string; code: string; message: string }>
  requestId: string
}

/** Fails when the text looks like an HTML page or a stack trace. */
export function expectNoHtmlOrStackTrace(text: string): void {
  expect(text).not.toMatch(/<html|<!doctype/i)
  expect(text).not.toMatch(/^\s*at\s/m)
  expect(text).not.toMatch(/\bat [^\s]+ \(.*:\d+:\d+\)/)
  expect(text).not.toContain('Error:')
}

/**
 * Checks that the response is a complete problem document with this status (Content-Type,
 * type, title, status, detail, errors, requestId equal to X-Request-Id; no HTML, no stack trace)
 * and returns it.
 */
export async function expectProblem(response: Response, status: number): Promise<ProblemDocument> {
  const text = await response.text()
  expect(response.status, text).toBe(status)
  expect(response.headers.get('Content-Type')).toBe(PROBLEM_CONTENT_TYPE)
  expectNoHtmlOrStackTrace(text)
  const document: ProblemDocument = JSON.parse(text)
  expect(Object.keys(document).sort()).toEqual(
    ['detail', 'errors', 'requestId', 'status', 'title', 'type'].sort(),
  )
  expect(document.status).toBe(status)
  expect(document.type).toMatch(/^\/api\/v1\/problems\/[a-z-]+$/)
  // Title and detail are the catalog's for the problem type, in the answer's language.
  const language = response.headers.get('Content-Language')
  const locale = LOCALES.find((one) => one === language)
  expect(locale, 'Content-Language').toBe(language)
  const slug = document.type.slice('/api/v1/problems/'.length)
  const texts: Partial<Record<string, { title: string; detail: string }>> = apiMessages(
    locale ?? 'ja',
  ).problems
  expect({ title: document.title, detail: document.detail }).toEqual(texts[slug])
  expect(Array.isArray(document.errors)).toBe(true)
  for (const error of document.errors) {
    expect(Object.keys(error).sort()).toEqual(['code', 'field', 'message'])
    expect(error.message.length).toBeGreaterThan(0)
  }
  const requestId = response.headers.get('X-Request-Id')
  expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  expect(document.requestId).toBe(requestId)
  return document
}

/** The `{field, code}` pairs of a problem document's errors, in order. */
export const fieldErrors = (document: ProblemDocument) =>
  document.errors.map(({ field, code }) => ({ field, code }))

/** What a client can observe of an answer, apart from the per-request ID. */
export { observable } from './fixtures'

/** The names of the rate-limit counters in KV. */
export async function rateLimitCounters(): Promise<string[]> {
  const { keys } = await env.RATE_LIMITS.list()
  return keys.map((key) => key.name)
}

/** The JSON body padded with trailing white space (valid JSON) to exactly `bytes` bytes. */
export function paddedJson(body: unknown, bytes: number): string {
  const json = JSON.stringify(body)
  const size = new TextEncoder().encode(json).byteLength
  if (size > bytes) throw new Error(`The body alone takes ${size} bytes`)
  return json + ' '.repeat(bytes - size)
}

/** A JSON request body as the tests build it. */
export type JsonBody = Record<string, unknown>

export const KIB = 1024
/** The contract's (docs/contract.md#matching-the-four-fields) body limit. */
export const LIMIT = 16 * KIB
/** 09:03 UTC: three minutes into a 10-minute and into an hour window (windows are fixed). */
export const WINDOW_T0 = Date.UTC(2026, 11, 1, 9, 3, 0)
export const IP = '203.0.113.7'

/** Taro's phone as `{country, number}`, typed the way people type it. */
export const TARO_PHONE_OBJECT = { country: 'JP', number: '090-1234-5678' }

/** The locked demo account's details as a JSON client sends them, phone in E.164. */
export const KEN_JSON = {
  loginId: KEN.loginId,
  name: KEN.name,
  phone: '+819011112222',
  email: KEN.email,
}

/** Jane's details as a JSON client sends them, the phone as `{country, number}`. */
export const JANE_JSON = {
  loginId: JANE.loginId,
  name: JANE.name,
  phone: { country: JANE.phoneCountry, number: JANE.phoneNumber },
  email: JANE.email,
}

export const withoutKey = (body: JsonBody, key: string): JsonBody =>
  Object.fromEntries(Object.entries(body).filter(([name]) => name !== key))

/** The two procedures, each with a body that matches demo Taro. */
export const PROCEDURES = [
  { procedure: 'password initialization', path: PASSWORD_INITIALIZATIONS, taro: TARO_JSON },
  { procedure: 'login ID notification', path: LOGIN_ID_NOTIFICATIONS, taro: TARO_CONTACT_JSON },
] as const

/** Fails unless nothing was e-mailed or issued. */
export async function expectNothingSent(client: Client) {
  expect(client.mailer.sent).toEqual([])
  expect(await initializedPasswordRows()).toEqual([])
  expect(await loginIdNotificationRows()).toEqual([])
}

/** Fails unless the answer is the one 202 every valid request gets. */
export async function expectAccepted(response: Response) {
  const text = await response.text()
  expect(response.status, text).toBe(202)
  expect(response.headers.get('Content-Type')).toBe('application/json')
  expect(text).toBe(ACCEPTED_BODY)
}
