/**
 * A value built on first use, then kept: what a module would otherwise build when the Worker
 * starts, though some requests never read it (docs/performance.md: the form page needs none of the Zod
 * schemas). The getter is called wherever the value is read.
 *
 * @example
 * export const loginIdField = lazy(() => z.string().check(z.regex(/^[0-9]{9}$/)))
 * loginIdField().safeParse(input)
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined
  return () => {
    built ??= { value: build() }
    return built.value
  }
}

/**
 * A function (a Hono middleware, say) made on its first call: a validator whose schema is built
 * by the first request it validates rather than when the routes are registered.
 *
 * @example
 * .post('/', madeOnFirstCall(() => zValidator('json', schema(), hook)), handler)
 */
export function madeOnFirstCall<Args extends unknown[], Result>(
  make: () => (...args: Args) => Result,
): (...args: Args) => Result {
  const made = lazy(make)
  return (...args) => made()(...args)
}
