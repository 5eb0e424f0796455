import { type SQL, sql } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'

const MINUTE = 60_000

/**
 * docs/contract.md#per-account-cap and #password-change: per account (initialized passwords) and per registered address (login ID
 * e-mails), at most one e-mail per 5 minutes and five per 24 hours. Retention keeps rows for the
 * window, since they count toward it.
 */
export const DELIVERY_CAP = { cooldownMs: 5 * MINUTE, windowMs: 24 * 60 * MINUTE, max: 5 } as const

/**
 * The condition of a conditional `INSERT … SELECT … WHERE`: in `table`, no earlier delivery to
 * the key within the cooldown, and fewer than the maximum within the window, counted on the time
 * column at `now`. D1 runs statements one at a time, so of two concurrent requests only the first
 * can find the cap free. The key is a value, or a column of the outer query (a correlated
 * subquery: each account of a batch read checked against its own login ID).
 */
export const deliveryCapIsFree = (
  table: SQLiteTable,
  {
    key: [keyColumn, key],
    time: [timeColumn, now],
  }: {
    key: [SQLiteColumn, string | SQLiteColumn]
    time: [SQLiteColumn, number]
  },
): SQL => sql`
  NOT EXISTS (
    SELECT 1 FROM ${table}
    WHERE ${keyColumn} = ${key} AND ${timeColumn} > ${now - DELIVERY_CAP.cooldownMs}
  )
  AND (
    SELECT count(*) FROM ${table}
    WHERE ${keyColumn} = ${key} AND ${timeColumn} > ${now - DELIVERY_CAP.windowMs}
  ) < ${DELIVERY_CAP.max}`

/** One client (address or API key) spends at most this many of an account's daily issuances. */
export const ISSUER_DAILY_MAX = 2

/**
 * The condition that `issuer` has issued fewer than ISSUER_DAILY_MAX of the key's deliveries
 * within the cap's window, so a stranger who knows the four details can not spend the holder's
 * whole cap (docs/operations.md). Part of the same conditional INSERT as deliveryCapIsFree.
 */
export const issuerShareIsFree = (
  table: SQLiteTable,
  {
    key: [keyColumn, key],
    issuer: [issuerColumn, issuer],
    time: [timeColumn, now],
  }: {
    key: [SQLiteColumn, string]
    issuer: [SQLiteColumn, string]
    time: [SQLiteColumn, number]
  },
): SQL => sql`(
    SELECT count(*) FROM ${table}
    WHERE ${keyColumn} = ${key} AND ${issuerColumn} = ${issuer}
      AND ${timeColumn} > ${now - DELIVERY_CAP.windowMs}
  ) < ${ISSUER_DAILY_MAX}`
