// How a generated submission travels: its encoding, Content-Type, transport (bytes with a
// Content-Length, or a stream without), and what was done to it on the way, with the status
// each alteration must get.
import fc from 'fast-check'
import type { Fields } from './reference-match'

const LIMIT = 16 * 1024
const encoder = new TextEncoder()
/** UTF-8 bytes, on a plain ArrayBuffer (what a Request body takes). */
const encode = (text: string) => new Uint8Array(encoder.encode(text))

export type Alteration =
  | { kind: 'none' }
  | { kind: 'content-type'; value: string | null }
  | { kind: 'invalid-utf8'; at: number; bytes: readonly number[] }
  | { kind: 'oversized'; bytes: number }
  | { kind: 'truncated'; at: number }
  | { kind: 'duplicate-key'; index: number }
  | { kind: 'cross-site' }
  | { kind: 'bad-key' }

export interface Envelope {
  alteration: Alteration
  /** undefined: sent as bytes with a Content-Length; else streamed in chunks of this size. */
  streamChunk: number | undefined
}

/** Content types, each with whether the form routes or the JSON routes take it. */
export const CONTENT_TYPES: ReadonlyArray<{ value: string | null; form: boolean; json: boolean }> =
  [
    { value: 'application/x-www-form-urlencoded', form: true, json: false },
    { value: 'application/x-www-form-urlencoded; charset=UTF-8', form: true, json: false },
    { value: 'APPLICATION/X-WWW-FORM-URLENCODED', form: true, json: false },
    { value: 'application/x-www-form-urlencoded; charset=shift_jis', form: false, json: false },
    { value: 'application/x-www-form-urlencoded; charset=iso-2022-jp', form: false, json: false },
    { value: 'application/x-www-form-urlencoded; charset=bogus', form: false, json: false },
    { value: 'application/json', form: false, json: true },
    { value: 'application/json; charset=utf-8', form: false, json: true },
    { value: 'Application/JSON;charset="UTF-8"', form: false, json: true },
    { value: 'application/json; charset=utf-16', form: false, json: false },
    { value: 'application/json; charset=latin1', form: false, json: false },
    { value: 'application/merge-patch+json', form: false, json: false },
    { value: 'application/problem+json', form: false, json: false },
    { value: 'multipart/form-data; boundary=----fuzz', form: false, json: false },
    { value: 'multipart/form-data', form: false, json: false },
    { value: 'text/plain', form: false, json: false },
    { value: 'text/plain; charset=utf-8', form: false, json: false },
    { value: 'text/html', form: false, json: false },
    { value: 'application/xml', form: false, json: false },
    { value: 'application/octet-stream', form: false, json: false },
    { value: 'application/x-www-form-urlencoded, application/json', form: false, json: false },
    { value: '', form: false, json: false },
    { value: null, form: false, json: false },
  ]

/** Bytes that are never UTF-8 wherever they go: FF, a lone continuation, an overlong "/", a cut sequence, a surrogate. */
const NOT_UTF8 = [[0xff], [0x80], [0xc0, 0xaf], [0xe5, 0xa4], [0xed, 0xa0, 0x80], [0xfe, 0xff]]

export const envelope = (kind: 'form' | 'json'): fc.Arbitrary<Envelope> =>
  fc.record({
    alteration: fc.oneof(
      { weight: 12, arbitrary: fc.constant<Alteration>({ kind: 'none' }) },
      {
        weight: 3,
        arbitrary: fc
          .constantFrom(...CONTENT_TYPES)
          .map((type): Alteration => ({ kind: 'content-type', value: type.value })),
      },
      {
        weight: 2,
        arbitrary: fc
          .record({ at: fc.nat(), bytes: fc.constantFrom(...NOT_UTF8) })
          .map((a): Alteration => ({ kind: 'invalid-utf8', ...a })),
      },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc.integer({ min: LIMIT + 1, max: LIMIT + 64 }),
            fc.integer({ min: LIMIT, max: 256 * 1024 }),
          )
          .map((bytes): Alteration => ({ kind: 'oversized', bytes: Math.max(bytes, LIMIT + 1) })),
      },
      kind === 'json'
        ? {
            weight: 2,
            arbitrary: fc.oneof(
              fc.nat().map((at): Alteration => ({ kind: 'truncated', at })),
              fc.nat().map((index): Alteration => ({ kind: 'duplicate-key', index })),
              fc.constant<Alteration>({ kind: 'bad-key' }),
            ),
          }
        : { weight: 1, arbitrary: fc.constant<Alteration>({ kind: 'cross-site' }) },
    ),
    streamChunk: fc.option(fc.constantFrom(1, 7, 512, 4096), { freq: 4, nil: undefined }),
  })

/** The fields as the route's encoding writes them: URL-encoded (repeated fields repeated) or JSON. */
export function encodeFields(fields: Fields, kind: 'form' | 'json'): string {
  if (kind === 'json') return JSON.stringify(fields)
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, String(one))
  }
  return body.toString()
}

export interface PreparedRequest {
  body: Uint8Array<ArrayBuffer>
  contentType: string | null
  headers: Record<string, string>
  /** The status this alteration must get, when it decides one; undefined: a well-formed body. */
  expectedStatus: number | undefined
  /** For a repeated JSON key: the key the problem document must name. */
  duplicateKey?: string
}

const concat = (...parts: ArrayLike<number>[]) => {
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.length
  }
  return bytes
}

/** Applies the envelope's alteration to the encoded fields. */
export function prepare(
  fields: Fields,
  kind: 'form' | 'json',
  { alteration }: Envelope,
  origin: string,
): PreparedRequest {
  const text = encodeFields(fields, kind)
  const bytes = encode(text)
  const contentType = kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json'
  const headers: Record<string, string> = kind === 'form' ? { Origin: origin } : {}
  const plain = { body: bytes, contentType, headers, expectedStatus: undefined }
  switch (alteration.kind) {
    case 'none':
      return plain
    case 'content-type': {
      const type = CONTENT_TYPES.find((t) => t.value === alteration.value)
      const accepted = kind === 'form' ? type?.form : type?.json
      return { ...plain, contentType: alteration.value, expectedStatus: accepted ? undefined : 415 }
    }
    case 'invalid-utf8': {
      const at = alteration.at % (bytes.length + 1)
      const body = concat(bytes.subarray(0, at), alteration.bytes, bytes.subarray(at))
      return { ...plain, body, expectedStatus: 400 }
    }
    case 'oversized': {
      const padding = kind === 'form' ? '&padding=' : ' '
      const fill = Math.max(0, alteration.bytes - bytes.length - padding.length)
      const tail = kind === 'form' ? `${padding}${'a'.repeat(fill)}` : ' '.repeat(fill + 1)
      return { ...plain, body: encode(text + tail), expectedStatus: 413 }
    }
    case 'truncated':
      return { ...plain, body: bytes.slice(0, alteration.at % bytes.length), expectedStatus: 400 }
    case 'duplicate-key': {
      const keys = Object.keys(fields)
      const key = keys[alteration.index % Math.max(1, keys.length)]
      if (key === undefined) return plain
      const body = encode(`{${JSON.stringify(key)}:0,${text.slice(1)}`)
      return { ...plain, body, expectedStatus: 400, duplicateKey: key }
    }
    case 'cross-site':
      return { ...plain, headers: { Origin: 'https://evil.example' }, expectedStatus: 403 }
    case 'bad-key':
      return { ...plain, headers: { Authorization: 'Bearer not-a-key' }, expectedStatus: 401 }
  }
}

/** The body as a stream of `chunk`-byte pieces, without a Content-Length. */
export function streamOf(
  bytes: Uint8Array<ArrayBuffer>,
  chunk: number,
): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + chunk))
      offset += chunk
    },
  })
}
