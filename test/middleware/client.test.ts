// identifyClient on a bare Hono app: the keyed hash of the part of the address one client
// controls, and the country Cloudflare saw; never the address itself.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { hmacSha256Hex } from '../../src/credentials/hash'
import { type ClientIdentity, clientKey, identifyClient } from '../../src/middleware/client'

const KEY = 'test-client-key'

const app = new Hono<{ Variables: { client: ClientIdentity } }>()
  .use(identifyClient(() => KEY))
  .get('/', async (c) => {
    const client = c.get('client')
    return c.json({
      hash: await client.hash(),
      again: await client.hash(),
      country: client.country,
    })
  })

describe('clientKey', () => {
  it.each([
    ['an IPv4 address as it is', '203.0.113.7', '203.0.113.7'],
    ['an IPv4 address written as IPv6', '::ffff:203.0.113.7', '203.0.113.7'],
    ['the /64 of a full IPv6 address', '2001:db8:0:1:aaaa:bbbb:cccc:dddd', '2001:db8:0:1::/64'],
    ['the /64 of a compressed IPv6 address', '2001:DB8::1', '2001:db8:0:0::/64'],
    ['the /64 with leading zeros dropped', '2001:0db8:0000:0001::5', '2001:db8:0:1::/64'],
    ['one key for no address', undefined, 'unknown'],
  ])('gives %s', (_, address, key) => {
    expect(clientKey(address)).toBe(key)
  })
})

describe('identifyClient', () => {
  it('sets the keyed hash of the client key and the country, the hash computed once', async () => {
    const request = new Request('http://localhost/', {
      headers: { 'CF-Connecting-IP': '2001:db8:0:1:aaaa:bbbb:cccc:dddd' },
    })
    Object.defineProperty(request, 'cf', { value: { country: 'JP' } })
    const response = await app.request(request)
    expect(response.status).toBe(200)
    const expected = await hmacSha256Hex(KEY, '2001:db8:0:1::/64')
    expect(await response.json()).toEqual({ hash: expected, again: expected, country: 'JP' })
  })

  it('reads request.cf only when the country is asked for, and once', async () => {
    let reads = 0
    const withCf = (path: string) => {
      const request = new Request(`http://localhost${path}`)
      Object.defineProperty(request, 'cf', {
        get: () => {
          reads += 1
          return { country: 'KR' }
        },
      })
      return request
    }
    const page = new Hono<{ Variables: { client: ClientIdentity } }>()
      .use(identifyClient(() => KEY))
      .get('/page', (c) => c.text('no client data needed'))
      .get('/twice', (c) => c.json([c.get('client').country, c.get('client').country]))
    expect((await page.request(withCf('/page'))).status).toBe(200)
    expect(reads).toBe(0)
    const twice = await page.request(withCf('/twice'))
    expect(await twice.json()).toEqual(['KR', 'KR'])
    expect(reads).toBe(1)
  })

  it('gives two addresses of one /64 the same hash, and no country when there is none', async () => {
    const hashOf = async (address: string) =>
      (await (await app.request('/', { headers: { 'CF-Connecting-IP': address } })).json()) as {
        hash: string
        country: string | null
      }
    const a = await hashOf('2001:db8:0:1::1')
    const b = await hashOf('2001:db8:0:1::2')
    const other = await hashOf('2001:db8:0:2::1')
    expect(b).toEqual(a)
    expect(a.country).toBeNull()
    expect(other.hash).not.toBe(a.hash)
  })
})
