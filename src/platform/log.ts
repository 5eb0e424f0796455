import type { MiddlewareHandler } from 'hono'

/**
 * Structured JSON logs. Callers pass only identifiers and outcomes: never a password, e-mail
 * address, phone number or name (SPEC 9).
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>

const write = (level: 'info' | 'warn' | 'error', event: string, fields: LogFields) => {
  const line = JSON.stringify({ level, event, time: new Date().toISOString(), ...fields })
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}

export const log = {
  info: (event: string, fields: LogFields = {}) => write('info', event, fields),
  warn: (event: string, fields: LogFields = {}) => write('warn', event, fields),
  error: (event: string, fields: LogFields = {}) => write('error', event, fields),
}

/** An error's class name only: binding errors may quote the recipient, so their text is not kept. */
export const errorKind = (error: unknown): string =>
  error instanceof Error ? error.name : typeof error

/**
 * Gives every request an ID of the service's own (a client-sent `X-Request-Id` is ignored, so
 * nobody can put text of theirs into the logs and the audit trail) and returns it in
 * `X-Request-Id`.
 *
 * @example
 * app.use(assignRequestId())
 */
export const assignRequestId = (): MiddlewareHandler<{ Variables: { requestId: string } }> =>
  async function assignRequestId(c, next) {
    const id = crypto.randomUUID()
    c.set('requestId', id)
    c.header('X-Request-Id', id)
    await next()
  }

/**
 * One line per request: method, path (no query string; an unknown path is not echoed, since a
 * person may have typed anything into it), status, duration and request ID.
 *
 * @example
 * app.use(requestLog())
 */
export const requestLog = (): MiddlewareHandler =>
  async function requestLog(c, next) {
    const started = Date.now()
    await next()
    log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.res.status === 404 ? '(unknown)' : c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
    })
  }
