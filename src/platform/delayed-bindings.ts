/**
 * For the latency benchmark only (`npm run bench -- latency`): the central bindings (D1, KV, the
 * queue) with every call delayed, as a far-away location would see them, so the benchmark can
 * count the sequential round trips on the response path. Off unless the `BENCH_BINDING_DELAY_MS`
 * var is set (it is in no wrangler.toml: only the benchmark passes it with `--var`).
 */
const delayOf = (env: Env): number => {
  const value = (env as Env & { BENCH_BINDING_DELAY_MS?: string }).BENCH_BINDING_DELAY_MS
  const ms = Number(value ?? 0)
  return Number.isFinite(ms) && ms > 0 ? ms : 0
}

/** The real object behind each delayed one (a D1 batch takes the real statements). */
const originals = new WeakMap<object, object>()
const original = <T extends object>(value: T): T => (originals.get(value) as T | undefined) ?? value

/**
 * `target` with every method call answered `ms` later; `special` replaces some methods (their
 * results wrapped or their arguments unwrapped).
 */
function delayed<T extends object>(
  target: T,
  ms: number,
  special: Record<string, (...args: unknown[]) => unknown> = {},
): T {
  const proxy = new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver)
      if (typeof value !== 'function') return value
      if (typeof property === 'string' && property in special) return special[property]
      return async (...args: unknown[]) => {
        await scheduler.wait(ms)
        return Reflect.apply(value, object, args)
      }
    },
  })
  originals.set(proxy, target)
  return proxy
}

const delayedStatement = (statement: D1PreparedStatement, ms: number): D1PreparedStatement =>
  delayed(statement, ms, {
    bind: (...values) => delayedStatement(statement.bind(...values), ms),
  })

const wrapped = new WeakMap<Env, Env>()

/** The bindings as they are, or with D1, KV and the queue delayed when the benchmark asks. */
export function withBenchmarkDelays(env: Env): Env {
  const ms = delayOf(env)
  if (ms === 0) return env
  let delayedEnv = wrapped.get(env)
  if (!delayedEnv) {
    delayedEnv = delayedBindings(env, ms)
    wrapped.set(env, delayedEnv)
  }
  return delayedEnv
}

function delayedBindings(env: Env, ms: number): Env {
  const db = env.DB
  return {
    ...env,
    DB: delayed(db, ms, {
      prepare: (query) => delayedStatement(db.prepare(String(query)), ms),
      batch: async (statements) => {
        await scheduler.wait(ms)
        return db.batch((statements as D1PreparedStatement[]).map(original))
      },
    }),
    RATE_LIMITS: delayed(env.RATE_LIMITS, ms),
    WORK_QUEUE: delayed(env.WORK_QUEUE, ms),
  }
}
