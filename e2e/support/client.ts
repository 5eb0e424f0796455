// The browser tests share one `wrangler dev`, and every request comes from 127.0.0.1. The
// service counts submissions per client (`SUBMISSION_GUARD`, 10 a minute, which `--var` cannot
// raise), so on a fast machine the tests together would pass a real client's limit and get 429.
// Each test plays its own client instead: wrangler dev passes `CF-Connecting-IP` through.
import { randomBytes } from 'node:crypto'

/**
 * The headers of a new client: an address in its own /64 of the documentation prefix
 * 2001:db8::/32 (the service counts an IPv6 client by its /64), random so that test files
 * running side by side never share one.
 */
export function newClient(): { 'CF-Connecting-IP': string } {
  const [a, b] = [randomBytes(2).toString('hex'), randomBytes(2).toString('hex')]
  return { 'CF-Connecting-IP': `2001:db8:${a}:${b}::1` }
}
