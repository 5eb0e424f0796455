// Bindings that count what production bills: D1 rows read and written (from each result's
// `meta`, as D1 reports them), KV operations by kind, Queue messages, e-mails. They wrap the real
// local bindings (nothing underneath is simulated) and run inside workerd, in this service's cost
// benchmark and around the peer's Worker alike. Benchmark code only: the Worker never imports it.

export interface BindingCounts {
  d1Queries: number
  d1RowsRead: number
  d1RowsWritten: number
  kvReads: number
  kvWrites: number
  kvDeletes: number
  kvLists: number
  queueMessages: number
  emails: number
  rateLimiterCalls: number
}

export const noCounts = (): BindingCounts => ({
  d1Queries: 0,
  d1RowsRead: 0,
  d1RowsWritten: 0,
  kvReads: 0,
  kvWrites: 0,
  kvDeletes: 0,
  kvLists: 0,
  queueMessages: 0,
  emails: 0,
  rateLimiterCalls: 0,
})

type Meta = { rows_read?: number; rows_written?: number } | undefined

const addMeta = (counts: BindingCounts, meta: Meta) => {
  counts.d1Queries++
  counts.d1RowsRead += meta?.rows_read ?? 0
  counts.d1RowsWritten += meta?.rows_written ?? 0
}

/**
 * A D1 binding whose every statement adds its rows to `counts`. `raw()` drops D1's `meta`, so a
 * SELECT run with `raw()` is run once more with `all()` for its meta (reading is side-effect free;
 * only the count is taken from the second run), and any other statement run with `raw()` (an
 * UPDATE … RETURNING) goes through `run()`, whose rows come back as arrays in column order.
 */
export function countingD1(real: D1Database, counts: BindingCounts): D1Database {
  const wrapped = new WeakMap<object, D1PreparedStatement>()
  const statement = (inner: D1PreparedStatement, query: string): D1PreparedStatement => {
    const counted: D1PreparedStatement = {
      bind: (...values: unknown[]) => statement(inner.bind(...values), query),
      first: async (column?: string) => {
        const result = await inner.all()
        addMeta(counts, result.meta)
        const row = result.results[0] as Record<string, unknown> | undefined
        return (column === undefined ? (row ?? null) : (row?.[column] ?? null)) as never
      },
      run: async () => {
        const result = await inner.run()
        addMeta(counts, result.meta)
        return result as never
      },
      all: async () => {
        const result = await inner.all()
        addMeta(counts, result.meta)
        return result as never
      },
      raw: (async (options?: { columnNames?: boolean }) => {
        if (/^\s*select/i.test(query)) {
          const rows = await inner.raw(options as { columnNames: true })
          addMeta(counts, (await inner.all()).meta)
          return rows
        }
        const result = await inner.run()
        addMeta(counts, result.meta)
        const rows = (result.results as Record<string, unknown>[]).map((row) => Object.values(row))
        if (!options?.columnNames) return rows
        const first = result.results[0] as Record<string, unknown> | undefined
        return [Object.keys(first ?? {}), ...rows]
      }) as D1PreparedStatement['raw'],
    }
    wrapped.set(counted, inner)
    return counted
  }
  return {
    prepare: (query: string) => statement(real.prepare(query), query),
    batch: async <T>(statements: D1PreparedStatement[]) => {
      const results = await real.batch<T>(statements.map((one) => wrapped.get(one) ?? one))
      for (const result of results) addMeta(counts, result.meta)
      return results
    },
    exec: (query: string) => real.exec(query),
    withSession: (constraint?: string) => real.withSession(constraint),
    dump: () => real.dump(),
  } as D1Database
}

/** A KV namespace that counts reads (a `get` of several keys counts each), writes, deletes, lists. */
export function countingKv(real: KVNamespace, counts: BindingCounts): KVNamespace {
  const reads = (keys: unknown) => (Array.isArray(keys) ? keys.length : 1)
  return new Proxy(real, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (property === 'get' || property === 'getWithMetadata') counts.kvReads += reads(args[0])
        else if (property === 'put') counts.kvWrites++
        else if (property === 'delete') counts.kvDeletes++
        else if (property === 'list') counts.kvLists++
        return Reflect.apply(value, target, args)
      }
    },
  })
}

/** A Rate Limiting binding that counts its calls (no charge is published for them). */
export function countingRateLimit(real: RateLimit, counts: BindingCounts): RateLimit {
  return {
    limit: (options) => {
      counts.rateLimiterCalls++
      return real.limit(options)
    },
  }
}

/** Cloudflare's published prices (Workers Paid, USD, beyond the included amounts). */
export const PRICES = {
  /** per million requests (a queue consumer invocation is billed as one) */
  requests: 0.3,
  /** per million CPU milliseconds */
  cpuMs: 0.02,
  kvReads: 0.5,
  kvWrites: 5,
  kvDeletes: 5,
  kvLists: 5,
  d1RowsRead: 0.001,
  d1RowsWritten: 1,
  /** per million operations; a message of up to 64 KB is a write, a read and a delete */
  queueOperations: 0.4,
  /** per million e-mails ($0.35 per 1,000) */
  emails: 350,
} as const
