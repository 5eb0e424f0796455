import { type SQL, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'

/**
 * `column IN (…values)` with the values bound as one JSON array, read back by `json_each`: D1
 * binds at most 100 parameters a statement, and the queue consumer reads the keys of up to a whole
 * batch of messages at once (docs/performance.md). SQLite still searches the column's index per value.
 */
export const inList = (column: SQLiteColumn, values: readonly string[]): SQL =>
  sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`
