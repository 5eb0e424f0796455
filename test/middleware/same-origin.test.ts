// sameOriginPost on a bare Hono app, as Hono tests its own middleware: the request in, the
// status out, nothing else of the service involved.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { sameOriginPost } from '../../src/middleware/same-origin'

const ORIGIN = 'https://accounts.example.com'

const app = new Hono()
  .use(
    sameOriginPost({
      allowedOrigins: () => [ORIGIN],
      onRejected: (c) => c.text('cross-site', 403),
    }),
  )
  .post('/form', (c) => c.text('posted'))

const post = (headers: Record<string, string>) =>
  app.request(`${ORIGIN}/form`, { method: 'POST', headers })

describe('sameOriginPost', () => {
  it('lets a post through that its browser says is same-origin', async () => {
    const response = await post({ 'Sec-Fetch-Site': 'same-origin' })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('posted')
  })

  it.each(['cross-site', 'same-site', 'none'])(
    'refuses a post whose Sec-Fetch-Site is %s, whatever its Origin says',
    async (site) => {
      const response = await post({ 'Sec-Fetch-Site': site, Origin: ORIGIN })
      expect(response.status).toBe(403)
      expect(await response.text()).toBe('cross-site')
    },
  )

  it('trusts Sec-Fetch-Site: same-origin over Origin: null (our no-referrer pages)', async () => {
    expect((await post({ 'Sec-Fetch-Site': 'same-origin', Origin: 'null' })).status).toBe(200)
  })

  it('falls back to Origin without Sec-Fetch-Site: an allowed origin passes, others do not', async () => {
    expect((await post({ Origin: ORIGIN })).status).toBe(200)
    expect((await post({ Origin: 'https://evil.example' })).status).toBe(403)
    expect((await post({ Origin: 'null' })).status).toBe(403)
  })

  it('lets a request with neither header through: no browser page sent it', async () => {
    expect((await post({})).status).toBe(200)
  })
})
