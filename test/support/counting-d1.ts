/**
 * The real local D1 (or any D1 binding, a partly failing one say), recording each call into it:
 * a statement run on its own, or a batch of them, is one round trip. For tests of how many round
 * trips some work makes; nothing underneath is simulated.
 */
export class CountingD1Database implements D1Database {
  /** Each call's statements, by their SQL, in the order they were made. */
  readonly calls: string[][] = []
  private readonly statements = new WeakMap<
    D1PreparedStatement,
    { real: D1PreparedStatement; query: string }
  >()

  constructor(private readonly real: D1Database) {}

  /** The calls whose every statement is a SELECT. */
  reads(from = 0): string[][] {
    return this.calls.slice(from).filter((call) => call.every((q) => q.startsWith('select')))
  }

  prepare(query: string): D1PreparedStatement {
    return this.counted(this.real.prepare(query), query)
  }
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const known = statements.map((statement) => this.statements.get(statement))
    this.calls.push(known.map((one) => one?.query ?? ''))
    return this.real.batch<T>(statements.map((statement, i) => known[i]?.real ?? statement))
  }
  exec(query: string): Promise<D1ExecResult> {
    this.calls.push([query])
    return this.real.exec(query)
  }
  withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
    return this.real.withSession(constraintOrBookmark)
  }
  dump(): Promise<ArrayBuffer> {
    return this.real.dump()
  }

  /** The statement, each of its runs recorded as a call (`bind` gives a counted one too). */
  private counted(real: D1PreparedStatement, query: string): D1PreparedStatement {
    const counted = new Proxy(real, {
      get: (target, property) => {
        if (property === 'bind') {
          return (...values: unknown[]) => this.counted(target.bind(...values), query)
        }
        const value: unknown = Reflect.get(target, property)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          this.calls.push([query])
          return Reflect.apply(value, target, args)
        }
      },
    })
    this.statements.set(counted, { real, query })
    return counted
  }
}
