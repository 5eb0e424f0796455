import type { Query } from 'drizzle-orm/sql'
import { createDatabase, type Database } from '../platform/context'

// The import command's SQL as text: the command runs it outside the Worker, with no D1 binding
// (scripts/support/d1.ts).

/**
 * A Drizzle database that only builds SQL, for the import command (which runs it through
 * wrangler): it has no D1, and running a query on it throws.
 */
export const sqlBuilder = (): Database =>
  createDatabase(
    new Proxy({} as D1Database, {
      get: () => {
        throw new Error('This database only builds SQL; the command runs it as text')
      },
    }),
  )

const sqlLiteral = (value: string | number | null) => {
  if (value === null) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer: ${value}`)
    return String(value)
  }
  return `'${value.replaceAll("'", "''")}'`
}

/** The statement with its parameters written in as SQL literals, for the command to run as text. */
export function inlineStatement(write: { toSQL(): Query }): string {
  const { sql: text, params } = write.toSQL()
  const parts = text.split('?')
  if (parts.length !== params.length + 1) {
    throw new Error(`${parts.length - 1} placeholders but ${params.length} parameters`)
  }
  return parts.reduce(
    (text, part, i) =>
      text +
      part +
      (i < params.length ? sqlLiteral((params[i] ?? null) as string | number | null) : ''),
    '',
  )
}
