import type { MiddlewareHandler } from 'hono'

/**
 * Structured JSON logs. Callers pass only identifiers and outcomes: never a password, e-mail
 * address, phone number or name (docs/contract.md#security-baseline).
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>

export type LogLevel = 'info' | 'warn' | 'error'

/** Where the service says what happened: one event name and its fields a call. */
export interface Logger {
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

const writeToConsole = (level: LogLevel, line: string) => {
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}

/**
 * Each event as one JSON line (`level`, `event`, ISO `time`, then the fields) handed to `write`:
 * the console by default, which is what Workers Logs reads. Tests pass a recording `write`.
 */
export function jsonLinesLogger(write: (level: LogLevel, line: string) => void = writeToConsole) {
  const at =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}) =>
      write(level, JSON.stringify({ level, event, time: new Date().toISOString(), ...fields }))
  return { info: at('info'), warn: at('warn'), error: at('error') } satisfies Logger
}

/** The production logger: JSON lines on the console. */
export const consoleLogger: Logger = jsonLinesLogger()

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
 * app.use(requestLog(consoleLogger))
 */
export const requestLog = (logger: Logger): MiddlewareHandler =>
  async function requestLog(c, next) {
    const started = Date.now()
    await next()
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.res.status === 404 ? '(unknown)' : c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
    })
  }
