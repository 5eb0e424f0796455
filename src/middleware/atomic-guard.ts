import type { Context, Env, Input, MiddlewareHandler } from 'hono'
import { errorKind, type LogFields, type Logger } from '../platform/log'

export interface AtomicGuardOptions<E extends Env, P extends string, I extends Input> {
  /** The Workers Rate Limiting binding (`[[ratelimits]]`, simple `{limit, period}`). */
  limiter: (c: Context<E, P, I>) => RateLimit
  /** Whose budget the request spends; null lets the request through (e.g. an API key's quota). */
  key: (c: Context<E, P, I>) => string | null | Promise<string | null>
  /** The binding's period in seconds, sent as `Retry-After` (the binding does not say). */
  periodSeconds: number
  /** The answer past the limit; the middleware adds `Retry-After`. */
  onLimited: (
    c: Context<E, P, I>,
    limited: { retryAfterSeconds: number },
  ) => Response | Promise<Response>
  /** Where a failing binding is logged, with `logFields` (e.g. the request ID). */
  logger: (c: Context<E, P, I>) => Logger
  logFields?: (c: Context<E, P, I>) => LogFields
}

/**
 * An exact per-location counter in front of the KV windows: KV reads a count, then writes it, so
 * simultaneous requests all read the same count and all pass; the Rate Limiting binding counts
 * atomically in the location that serves them. If the binding fails, the request goes on (the KV
 * windows still apply) and the failure is logged.
 *
 * @example
 * app.post('/submit', atomicGuard({
 *   limiter: (c) => c.env.SUBMISSION_GUARD,
 *   key: (c) => c.get('client').hash(),
 *   periodSeconds: 60,
 *   onLimited: (c) => c.text('Too many requests', 429),
 *   logger: () => consoleLogger,
 * }), handler)
 */
export const atomicGuard = <E extends Env, P extends string, I extends Input>(
  options: AtomicGuardOptions<E, P, I>,
): MiddlewareHandler<E, P, I> =>
  async function atomicGuard(c, next) {
    const key = await options.key(c)
    if (key === null) return next()
    let success: boolean
    try {
      ;({ success } = await options.limiter(c).limit({ key }))
    } catch (error) {
      options
        .logger(c)
        .error('atomic_guard_failed', { ...options.logFields?.(c), error: errorKind(error) })
      return next()
    }
    if (success) return next()
    const response = await options.onLimited(c, { retryAfterSeconds: options.periodSeconds })
    response.headers.set('Retry-After', String(options.periodSeconds))
    return response
  }
