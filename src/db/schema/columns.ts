import { integer } from 'drizzle-orm/sqlite-core'

/** Milliseconds since the epoch; every time column uses it, so comparisons are plain integers. */
export const epochMs = (name: string) => integer(name, { mode: 'number' })
