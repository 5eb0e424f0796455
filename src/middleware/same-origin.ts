import type { Context, Env, MiddlewareHandler } from 'hono'

/**
 * Rejects cross-site form posts (403) without cookies or tokens. A browser says where a post
 * comes from with `Sec-Fetch-Site` (all current ones) or `Origin`. Under our
 * `Referrer-Policy: no-referrer` a browser may send `Origin: null` even for our own pages, so
 * `Sec-Fetch-Site: same-origin` is trusted first. A request with neither header is not from a
 * browser page, so it cannot be a forged cross-site post.
 *
 * @example
 * app.post('/form', sameOriginPost({
 *   allowedOrigins: (c) => [new URL(c.req.url).origin],
 *   onRejected: (c) => c.text('Forbidden', 403),
 * }), handler)
 */
export const sameOriginPost = <E extends Env = Env>(options: {
  allowedOrigins: (c: Context<E>) => readonly string[]
  onRejected: (c: Context<E>) => Response | Promise<Response>
}): MiddlewareHandler<E> =>
  async function sameOriginPost(c, next) {
    const site = c.req.header('Sec-Fetch-Site')
    const origin = c.req.header('Origin')
    const allowed =
      site !== undefined
        ? site === 'same-origin'
        : origin === undefined || options.allowedOrigins(c).includes(origin)
    if (!allowed) return options.onRejected(c)
    await next()
  }
