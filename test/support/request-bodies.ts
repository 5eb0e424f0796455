/** Request bodies for the 16 KiB limit: exact byte sizes, and streams that count what was read. */

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded'

const encoder = new TextEncoder()

/** The fields as a URL-encoded form body. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}

/**
 * The fields as a form body of exactly `bytes` bytes, padded by an extra `padding` field that the
 * forms ignore.
 */
export function paddedFormBody(fields: Record<string, string>, bytes: number): string {
  const bare = encoder.encode(formBody({ ...fields, padding: '' })).byteLength
  if (bare > bytes) throw new Error(`The fields alone take ${bare} bytes`)
  const body = formBody({ ...fields, padding: 'x'.repeat(bytes - bare) })
  if (encoder.encode(body).byteLength !== bytes) throw new Error('Padding missed the size')
  return body
}

/** `bytes` bytes that are no form at all (not even URL-encoded text). */
export function garbage(bytes: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes).map((_, i) => (i * 37 + 0x80) % 256)
}

/**
 * A body streamed in chunks, with no Content-Length, that counts how many bytes the reader
 * pulled: a body over the limit must not be read to its end.
 */
export function countingStream(body: string | Uint8Array<ArrayBuffer>, chunkSize = 1024) {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body
  const read = { bytes: 0 }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (read.bytes >= bytes.byteLength) {
          controller.close()
          return
        }
        const chunk = bytes.slice(read.bytes, read.bytes + chunkSize)
        read.bytes += chunk.byteLength
        controller.enqueue(chunk)
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, read }
}
