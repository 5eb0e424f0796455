/**
 * Bindings that fail the way a dependency that is down fails: every call rejects (or, where the
 * real API is synchronous and lazy, returns something whose calls reject). Tests hand them to the
 * app with `testClient({ env: { DB: failingD1() } })` instead of hoping for an outage.
 */

/** What a binding that is down throws. */
export class BindingUnavailableError extends Error {
  override name = 'BindingUnavailableError'
  constructor(binding: string, operation: string) {
    super(`${binding}.${operation}: binding unavailable (simulated by the test)`)
  }
}

const unavailable = (binding: string, operation: string): Promise<never> =>
  Promise.reject(new BindingUnavailableError(binding, operation))

/**
 * A prepared statement whose every query rejects. `prepare()` is synchronous and lazy in D1 too:
 * an outage shows when the statement runs.
 */
export class FailingD1PreparedStatement implements D1PreparedStatement {
  constructor(readonly query: string) {}
  bind(): D1PreparedStatement {
    return this
  }
  first(): Promise<never> {
    return unavailable('D1', 'first')
  }
  run(): Promise<never> {
    return unavailable('D1', 'run')
  }
  all(): Promise<never> {
    return unavailable('D1', 'all')
  }
  raw(): Promise<never> {
    return unavailable('D1', 'raw')
  }
}

/** A D1 session on a database that is down. */
export class FailingD1DatabaseSession implements D1DatabaseSession {
  prepare(query: string): D1PreparedStatement {
    return new FailingD1PreparedStatement(query)
  }
  batch(): Promise<never> {
    return unavailable('D1', 'batch')
  }
  getBookmark(): D1SessionBookmark | null {
    return null
  }
}

/** A D1 database that is down: statements prepare, but nothing runs. */
export class FailingD1Database implements D1Database {
  prepare(query: string): D1PreparedStatement {
    return new FailingD1PreparedStatement(query)
  }
  batch(): Promise<never> {
    return unavailable('D1', 'batch')
  }
  exec(): Promise<never> {
    return unavailable('D1', 'exec')
  }
  withSession(): D1DatabaseSession {
    return new FailingD1DatabaseSession()
  }
  dump(): Promise<never> {
    return unavailable('D1', 'dump')
  }
}

export const failingD1 = (): D1Database => new FailingD1Database()

/**
 * The real database, except that the statements `fails` picks (by their SQL and their place in
 * the order they were prepared, from 0) fail as if D1 went down: for faults part-way through a
 * request, e.g. after the audit event was written. A batch fails when any of its statements does.
 */
export class PartlyFailingD1Database implements D1Database {
  /** The SQL of every statement prepared so far, in order; failing ones included. */
  readonly prepared: string[] = []

  constructor(
    private readonly real: D1Database,
    private readonly fails: (query: string, index: number) => boolean,
  ) {}

  prepare(query: string): D1PreparedStatement {
    const index = this.prepared.push(query) - 1
    return this.fails(query, index)
      ? new FailingD1PreparedStatement(query)
      : this.real.prepare(query)
  }
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    if (statements.some((statement) => statement instanceof FailingD1PreparedStatement)) {
      return unavailable('D1', 'batch')
    }
    return this.real.batch<T>(statements)
  }
  exec(): Promise<never> {
    return unavailable('D1', 'exec')
  }
  withSession(): D1DatabaseSession {
    return new FailingD1DatabaseSession()
  }
  dump(): Promise<never> {
    return unavailable('D1', 'dump')
  }
}

/** The real database for the first `statements` statements prepared, then down. */
export const d1FailingAfter = (real: D1Database, statements: number): PartlyFailingD1Database =>
  new PartlyFailingD1Database(real, (_query, index) => index >= statements)

/** The real database, except that statements whose SQL matches `pattern` fail. */
export const d1FailingOn = (real: D1Database, pattern: RegExp): PartlyFailingD1Database =>
  new PartlyFailingD1Database(real, (query) => pattern.test(query))

/** A KV namespace that is down: every read, write, listing and deletion rejects. */
export class FailingKVNamespace implements KVNamespace {
  get(): Promise<never> {
    return unavailable('KV', 'get')
  }
  getWithMetadata(): Promise<never> {
    return unavailable('KV', 'getWithMetadata')
  }
  put(): Promise<never> {
    return unavailable('KV', 'put')
  }
  list(): Promise<never> {
    return unavailable('KV', 'list')
  }
  delete(): Promise<never> {
    return unavailable('KV', 'delete')
  }
}

export const failingKv = (): KVNamespace => new FailingKVNamespace()

export type KvOperation = 'get' | 'getWithMetadata' | 'put' | 'list' | 'delete'

/** The real namespace, except that the named operations reject (e.g. reads work, writes fail). */
export function kvFailingOn(real: KVNamespace, operations: readonly KvOperation[]): KVNamespace {
  const down = new FailingKVNamespace()
  const fails = (operation: KvOperation) => operations.includes(operation)
  return {
    get: fails('get') ? down.get : real.get.bind(real),
    getWithMetadata: fails('getWithMetadata')
      ? down.getWithMetadata
      : real.getWithMetadata.bind(real),
    put: fails('put') ? down.put : real.put.bind(real),
    list: fails('list') ? down.list : real.list.bind(real),
    delete: fails('delete') ? down.delete : real.delete.bind(real),
  }
}

/** An Email Service `send_email` binding whose every send rejects. */
export class FailingSendEmail implements SendEmail {
  send(): Promise<never> {
    return unavailable('EMAIL', 'send')
  }
}

export const failingSendEmail = (): SendEmail => new FailingSendEmail()

/** A Queue producer binding whose every send rejects (the queue does not accept messages). */
export class FailingQueue implements Queue {
  metrics(): Promise<never> {
    return unavailable('WORK_QUEUE', 'metrics')
  }
  send(): Promise<never> {
    return unavailable('WORK_QUEUE', 'send')
  }
  sendBatch(): Promise<never> {
    return unavailable('WORK_QUEUE', 'sendBatch')
  }
}

export const failingQueue = (): Queue => new FailingQueue()
