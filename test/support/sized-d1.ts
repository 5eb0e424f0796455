/**
 * The real local D1, its results reporting the given database size (`meta.size_after`): how the
 * health check's tests make a database look nearly full (src/probes/health.ts) without 8 GB of rows.
 */
export function withSizeAfter(real: D1Database, sizeBytes: number): D1Database {
  return new Proxy(real, {
    get(target, property) {
      if (property !== 'prepare') return Reflect.get(target, property)
      return (query: string) => {
        const statement = target.prepare(query)
        return new Proxy(statement, {
          get(inner, name) {
            if (name !== 'run') return Reflect.get(inner, name)
            return async () => {
              const result = await inner.run()
              return { ...result, meta: { ...result.meta, size_after: sizeBytes } }
            }
          },
        })
      }
    },
  })
}
