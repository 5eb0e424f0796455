import type { Context, MiddlewareHandler } from 'hono'
import { hmacSha256Hex } from '../credentials/hash'

/** Who is asking, without keeping who they are: a keyed hash of the client address, and country. */
export interface ClientIdentity {
  /** The keyed hash of the client's address, computed once, when first asked for. */
  hash: () => Promise<string>
  country: string | null
}

/**
 * The part of an address one client controls: the whole IPv4 address, or the /64 prefix of an
 * IPv6 address (one subscriber usually holds a whole /64, so counting single addresses would let
 * them rotate through 2^64 of them).
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown'
  // An IPv4 address written as IPv6 (::ffff:192.0.2.1) is that one IPv4 client.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1]
  if (mapped) return mapped
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === '' ? [] : tail.split(':')
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length)
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups]
    : headGroups
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

/**
 * Sets `client`: the HMAC-SHA-256 of the client's address (`CF-Connecting-IP`, set by
 * Cloudflare) under the `CLIENT_HASH_KEY` secret, and the country Cloudflare saw. The raw address
 * is never stored or logged.
 *
 * @example
 * app.use(identifyClient((c) => c.env.CLIENT_HASH_KEY))
 */
export const identifyClient = <E extends { Variables: { client: ClientIdentity } }>(
  key: (c: Context<E>) => string,
): MiddlewareHandler<E> =>
  async function identifyClient(c, next) {
    // All computed on first use: pages, the stylesheet and health checks need none, the
    // address's /64 takes regular expressions, and `request.cf` is built from its serialized
    // form on first access (a tenth of a page request's own CPU in profiles, docs/performance.md).
    let hash: Promise<string> | undefined
    let country: string | null | undefined
    c.set('client', {
      hash: () => {
        hash ??= hmacSha256Hex(key(c), clientKey(c.req.header('CF-Connecting-IP')))
        return hash
      },
      get country() {
        if (country === undefined) {
          const seen = c.req.raw.cf?.country
          country = typeof seen === 'string' ? seen : null
        }
        return country
      },
    })
    await next()
  }
