import type { Context, Env, Input, MiddlewareHandler } from 'hono'
import { errorKind, type LogFields, type Logger } from './log'

/** `COUNT/SECONDS`, as the `RATE_LIMIT_*` vars are written: at most COUNT hits per SECONDS. */
export interface Limit {
  count: number
  seconds: number
}

export function parseLimit(value: string, name: string): Limit {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value)
  const count = Number(match?.[1])
  const seconds = Number(match?.[2])
  if (!match || count < 1 || seconds < 1) {
    throw new Error(`${name} must look like COUNT/SECONDS, e.g. 10/600`)
  }
  return { count, seconds }
}

/**
 * Where counters live. Workers KV behind it in production: eventually consistent across
 * locations (another location may see an old count for up to about a minute) and about one write
 * per second per key, so it is a cheap edge filter, not an exact counter. Exact caps live in D1.
 */
export interface RateLimitStore {
  /** The counts under the keys, in their order (0 for none): one read for all of them. */
  get(keys: readonly string[]): Promise<number[]>
  put(key: string, count: number, expiresAt: number): Promise<void>
}

/** KV wants expirations at least 60 seconds ahead. */
const KV_MIN_TTL_SECONDS = 60

/** The key of one rule's counter in the window that holds `now`, and when that window ends. */
export function windowOf(rule: RateLimitRule, now: number): { key: string; windowEnd: number } {
  const windowMs = rule.limit.seconds * 1000
  const windowStart = Math.floor(now / windowMs) * windowMs
  return {
    key: `rate:${rule.name}:${rule.subject}:${windowStart}`,
    windowEnd: windowStart + windowMs,
  }
}

export const kvRateLimitStore = (kv: KVNamespace): RateLimitStore => ({
  async get(keys) {
    if (keys.length === 0) return []
    // KV's bulk read: a submission's two counters cost one call, not two (issue 11).
    const values = await kv.get([...keys], 'text')
    return keys.map((key) => Number(values.get(key) ?? 0) || 0)
  },
  async put(key, count, expiresAt) {
    const ttl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil((expiresAt - Date.now()) / 1000))
    await kv.put(key, String(count), { expirationTtl: ttl })
  },
})

/** One counter a submission is charged to: a name, whose it is (already hashed), and its limit. */
export interface RateLimitRule {
  name: string
  subject: string
  limit: Limit
}

export interface RateLimitOptions<E extends Env, P extends string, I extends Input> {
  store: (c: Context<E, P, I>) => RateLimitStore
  /** The counters this request is charged to, e.g. its client and the login ID it names. */
  rules: (c: Context<E, P, I>) => RateLimitRule[] | Promise<RateLimitRule[]>
  /** The answer past a limit; the middleware adds `Retry-After`. */
  onLimited: (
    c: Context<E, P, I>,
    limited: { rule: RateLimitRule; retryAfterSeconds: number },
  ) => Response | Promise<Response>
  /** Where a store failure is logged. */
  logger: (c: Context<E, P, I>) => Logger
  /** Fields for the log line of a store failure, e.g. the request ID. */
  logFields?: (c: Context<E, P, I>) => LogFields
  /** The clock, for windows; `Date.now` unless a test moves time. */
  now?: (c: Context<E, P, I>) => number
  /**
   * Where the counters' writes go: awaited before the handler unless given, e.g.
   * `(c, writes) => c.executionCtx.waitUntil(writes)` to write them after the answer.
   */
  deferWrites?: (c: Context<E, P, I>, writes: Promise<void>) => void
}

/**
 * Fixed-window counters: each rule allows `limit.count` hits per window of `limit.seconds`.
 * Past a limit the request is answered by `onLimited` with status 429 and `Retry-After` (seconds
 * until that window ends) and is not counted. If the store fails, the request goes on (fail open)
 * and the failure is logged.
 *
 * @example
 * app.post('/submit', rateLimit({
 *   store: (c) => kvRateLimitStore(c.env.RATE_LIMITS),
 *   rules: (c) => [{ name: 'ip', subject: clientHash, limit: { count: 10, seconds: 600 } }],
 *   onLimited: (c) => c.text('Too many requests', 429),
 *   logger: () => consoleLogger,
 * }), handler)
 */
export const rateLimit = <E extends Env, P extends string, I extends Input>(
  options: RateLimitOptions<E, P, I>,
): MiddlewareHandler<E, P, I> =>
  async function rateLimit(c, next) {
    const now = options.now ? options.now(c) : Date.now()
    const store = options.store(c)
    const counters = (await options.rules(c)).map((rule) => ({ rule, ...windowOf(rule, now) }))

    let counts: number[]
    try {
      counts = await store.get(counters.map(({ key }) => key))
    } catch (error) {
      options.logger(c).error('rate_limit_store_failed', {
        ...options.logFields?.(c),
        operation: 'get',
        error: errorKind(error),
      })
      return next()
    }

    const exceeded = counters.filter((counter, i) => (counts[i] ?? 0) >= counter.rule.limit.count)
    const [first] = exceeded
    if (first) {
      const retryAfterMs = Math.max(...exceeded.map((counter) => counter.windowEnd - now))
      const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
      const response = await options.onLimited(c, { rule: first.rule, retryAfterSeconds })
      response.headers.set('Retry-After', String(retryAfterSeconds))
      return response
    }

    const writes = Promise.all(
      counters.map((counter, i) => store.put(counter.key, (counts[i] ?? 0) + 1, counter.windowEnd)),
    ).then(
      () => undefined,
      (error: unknown) => {
        options.logger(c).error('rate_limit_store_failed', {
          ...options.logFields?.(c),
          operation: 'put',
          error: errorKind(error),
        })
      },
    )
    if (options.deferWrites) options.deferWrites(c, writes)
    else await writes
    return next()
  }
