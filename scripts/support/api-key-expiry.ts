// When an API key stops working, from `npm run api-key -- create`'s options (docs/security.md,
// "API keys"). Pure, so a test runs it as the script does.

const DAY_MS = 24 * 60 * 60 * 1000
/** The furthest a key may be made to last: past it, plan a rotation instead. */
export const MAX_API_KEY_DAYS = 3 * 366

/**
 * The expiry in epoch milliseconds, or null for a key that does not expire. `--expires
 * 2027-06-30` keeps the key working through that day (UTC): it expires at the next midnight.
 * `--expires-in-days N` expires it N days from `now`. Throws a message for the user.
 */
export function apiKeyExpiry(
  options: { expires?: string | undefined; expiresInDays?: string | undefined },
  now: number,
): number | null {
  const { expires, expiresInDays } = options
  if (expires !== undefined && expiresInDays !== undefined) {
    throw new Error('Choose --expires or --expires-in-days, not both.')
  }
  let at: number | null = null
  if (expires !== undefined) {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires)
    const [year, month, day] = (date?.slice(1) ?? []).map(Number)
    const start = Date.UTC(year ?? Number.NaN, (month ?? 0) - 1, day ?? Number.NaN)
    // Date.UTC rolls 2027-02-30 over to March: a date that does not exist is refused.
    if (!date || new Date(start).toISOString().slice(0, 10) !== expires) {
      throw new Error('--expires must be a date, YYYY-MM-DD (the key works through that day, UTC)')
    }
    at = start + DAY_MS
  } else if (expiresInDays !== undefined) {
    if (!/^[1-9][0-9]{0,4}$/.test(expiresInDays)) {
      throw new Error('--expires-in-days must be a whole number of days, 1 or more')
    }
    at = now + Number(expiresInDays) * DAY_MS
  }
  if (at === null) return null
  if (at <= now) throw new Error('--expires must be a day after today')
  if (at > now + MAX_API_KEY_DAYS * DAY_MS) {
    throw new Error(`A key may last at most ${MAX_API_KEY_DAYS} days`)
  }
  return at
}

/** How `list` shows an expiry: its time, and whether it is past. */
export const describeExpiry = (expiresAt: number | null, now: number): string =>
  expiresAt === null
    ? 'never'
    : `${new Date(expiresAt).toISOString()}${expiresAt <= now ? ' (expired)' : ''}`
