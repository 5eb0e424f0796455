import type { Context, Env, Input, MiddlewareHandler } from 'hono'
import type { Limit } from '../platform/limit'
import { errorKind, type LogFields, type Logger } from '../platform/log'

export { type Limit, parseLimit } from '../platform/limit'

/**
 * Counters kept together under one store key, by counter name (`rule:subject`): the count and
 * the end (ms) of the window it counts in. A count whose window has ended counts as 0.
 */
export type Counters = Record<string, readonly [count: number, windowEnd: number]>

/**
 * Where counters live. Workers KV behind it in production: eventually consistent across
 * locations (another location may see an old count for up to about a minute) and about one write
 * per second per key, so it is a cheap edge filter, not an exact counter. Exact caps live in D1.
 * All counters a request is charged to are one entry, so a request reads one key and writes one.
 */
export interface RateLimitStore {
  /** The counters under the key ({} for none). */
  get(key: string): Promise<Counters>
  put(key: string, counters: Counters, expiresAt: number): Promise<void>
}

/** One counter a submission is charged to: a name, whose it is (already hashed), and its limit. */
export interface RateLimitRule {
  name: string
  subject: string
  limit: Limit
}

/** KV wants expirations at least 60 seconds ahead. */
const KV_MIN_TTL_SECONDS = 60

/** The store key of a request's counters: its first rule's (typically the client's). */
export const counterKey = (rule: RateLimitRule) => `rate:${rule.name}:${rule.subject}`

const counterName = (rule: RateLimitRule) => `${rule.name}:${rule.subject}`

/** When the fixed window of `rule` that holds `now` ends. */
function windowEndOf(rule: RateLimitRule, now: number): number {
  const windowMs = rule.limit.seconds * 1000
  return (Math.floor(now / windowMs) + 1) * windowMs
}

/** What the store holds, as counts in the windows that hold `now` (0 for an ended window). */
function currentCounts(stored: Counters, rules: readonly RateLimitRule[], now: number) {
  return rules.map((rule) => {
    const windowEnd = windowEndOf(rule, now)
    const [count, end] = stored[counterName(rule)] ?? [0, 0]
    return { rule, windowEnd, count: end === windowEnd ? count : 0 }
  })
}

/**
 * The counters to write back after charging `rules` one hit each: the stored ones whose windows
 * have not ended (other login IDs' counts of the same client), and the charged ones; with the
 * time the entry may expire (its last window's end).
 */
function charged(stored: Counters, rules: readonly RateLimitRule[], now: number) {
  const counters: Record<string, readonly [number, number]> = {}
  for (const [name, [count, end]] of Object.entries(stored)) {
    if (end > now) counters[name] = [count, end]
  }
  for (const { rule, windowEnd, count } of currentCounts(stored, rules, now)) {
    counters[counterName(rule)] = [count + 1, windowEnd]
  }
  const expiresAt = Math.max(...Object.values(counters).map(([, end]) => end))
  return { counters, expiresAt }
}

const isCounter = (value: unknown): value is [number, number] =>
  Array.isArray(value) &&
  value.length === 2 &&
  value.every((n) => typeof n === 'number' && Number.isFinite(n))

export const kvRateLimitStore = (kv: KVNamespace): RateLimitStore => ({
  async get(key) {
    const text = await kv.get(key, 'text')
    // Anything but counters under the key (an older layout, broken JSON) counts as nothing.
    let stored: unknown
    try {
      stored = text === null ? null : JSON.parse(text)
    } catch {
      return {}
    }
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {}
    return Object.fromEntries(Object.entries(stored).filter(([, value]) => isCounter(value)))
  },
  async put(key, counters, expiresAt) {
    const ttl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil((expiresAt - Date.now()) / 1000))
    await kv.put(key, JSON.stringify(counters), { expirationTtl: ttl })
  },
})

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
  /** A way past the first rule's limit for a request that passes a check (a bot check). */
  challenge?: RateLimitChallenge<E, P, I>
}

/**
 * From `from` hits of the first rule's window on, a request is let through only if `pass` says
 * so, and then up to `ceiling` hits instead of the rule's limit; the other rules stay as they are.
 * A request that does not pass is answered by `onRefused` (the middleware adds `Retry-After`) and
 * is not counted.
 */
export interface RateLimitChallenge<E extends Env, P extends string, I extends Input> {
  /** The counts for this request; null keeps the first rule's own limit (no challenge). */
  thresholds: (c: Context<E, P, I>) => { from: number; ceiling: number } | null
  /** Called only at or above `from`: whether the request passed the check. */
  pass: (c: Context<E, P, I>) => Promise<boolean>
  onRefused: (
    c: Context<E, P, I>,
    refused: { rule: RateLimitRule; retryAfterSeconds: number },
  ) => Response | Promise<Response>
}

/** Whole seconds (at least 1) from `now` to the latest of the windows' ends. */
const secondsUntil = (ends: readonly number[], now: number) =>
  Math.max(1, Math.ceil((Math.max(...ends) - now) / 1000))

/**
 * Fixed-window counters: each rule allows `limit.count` hits per window of `limit.seconds`.
 * Past a limit the request is answered by `onLimited` with status 429 and `Retry-After` (seconds
 * until that window ends) and is not counted. A request's counters are kept together under its
 * first rule's key, so it costs one read and one write. If the store fails, the request goes on
 * (fail open) and the failure is logged.
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
    const rules = await options.rules(c)
    const [first] = rules
    if (!first) return next()
    const key = counterKey(first)

    let stored: Counters
    try {
      stored = await store.get(key)
    } catch (error) {
      options.logger(c).error('rate_limit_store_failed', {
        ...options.logFields?.(c),
        operation: 'get',
        error: errorKind(error),
      })
      return next()
    }

    const counts = currentCounts(stored, rules, now)
    const gate = options.challenge?.thresholds(c) ?? null
    const limitOf = (rule: RateLimitRule) =>
      gate !== null && rule === first ? gate.ceiling : rule.limit.count
    const exceeded = counts.filter(({ rule, count }) => count >= limitOf(rule))
    const [limitedBy] = exceeded
    if (limitedBy) {
      const retryAfterSeconds = secondsUntil(
        exceeded.map(({ windowEnd }) => windowEnd),
        now,
      )
      const response = await options.onLimited(c, { rule: limitedBy.rule, retryAfterSeconds })
      response.headers.set('Retry-After', String(retryAfterSeconds))
      return response
    }
    const [firstCount] = counts
    if (gate !== null && options.challenge && firstCount && firstCount.count >= gate.from) {
      if (!(await options.challenge.pass(c))) {
        const retryAfterSeconds = secondsUntil([firstCount.windowEnd], now)
        const response = await options.challenge.onRefused(c, { rule: first, retryAfterSeconds })
        response.headers.set('Retry-After', String(retryAfterSeconds))
        return response
      }
    }

    const { counters, expiresAt } = charged(stored, rules, now)
    const writes = store.put(key, counters, expiresAt).then(
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
