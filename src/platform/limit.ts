/** `COUNT/SECONDS`, as the `RATE_LIMIT_*` vars are written: at most COUNT hits per SECONDS. */
export interface Limit {
  count: number
  seconds: number
}

/** Reads a `COUNT/SECONDS` setting; throws naming the setting when it is not one. */
export function parseLimit(value: string, name: string): Limit {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value)
  const count = Number(match?.[1])
  const seconds = Number(match?.[2])
  if (!match || count < 1 || seconds < 1) {
    throw new Error(`${name} must look like COUNT/SECONDS, e.g. 10/600`)
  }
  return { count, seconds }
}
