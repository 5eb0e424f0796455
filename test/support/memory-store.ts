import type { Counters, RateLimitStore } from '../../src/middleware/rate-limit'

/** A store in a Map, counting its calls. */
export class MemoryStore implements RateLimitStore {
  readonly entries = new Map<string, { counters: Counters; expiresAt: number }>()
  reads = 0
  writes = 0
  async get(key: string) {
    this.reads++
    return this.entries.get(key)?.counters ?? {}
  }
  async put(key: string, counters: Counters, expiresAt: number) {
    this.writes++
    this.entries.set(key, { counters, expiresAt })
  }
  /** Every counter's count, by store key and counter name. */
  counts() {
    return Object.fromEntries(
      [...this.entries].map(([key, { counters }]) => [
        key,
        Object.fromEntries(Object.entries(counters).map(([name, [count]]) => [name, count])),
      ]),
    )
  }
}
