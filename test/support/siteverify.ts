import type { TurnstileFetch } from '../../src/platform/turnstile'

/**
 * Cloudflare's published Turnstile test keys
 * (https://developers.cloudflare.com/turnstile/troubleshooting/testing/): the site key whose
 * widget always passes, and the three secret keys whose siteverify answer is fixed.
 */
export const TEST_SITE_KEY = '1x00000000000000000000AA'
export const TEST_SITE_KEY_BLOCKS = '2x00000000000000000000AB'
export const SECRET_PASSES = '1x0000000000000000000000000000000AA'
export const SECRET_FAILS = '2x0000000000000000000000000000000AA'
export const SECRET_SPENT = '3x0000000000000000000000000000000AA'

/** The token the test site keys' widgets hand the browser. */
export const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX'

/** One call to siteverify: where it went and the JSON body sent. */
export interface SiteverifyCall {
  url: string
  body: Record<string, unknown>
}

/**
 * siteverify, played through the injected fetch: answers as Cloudflare does for the test secret
 * keys (passes, fails, token already spent), naming `hostname` and `action` on a pass, unless
 * `answer` is set to play something else (a broken or slow answer). Never a network call.
 */
export class Siteverify {
  readonly calls: SiteverifyCall[] = []
  hostname = 'localhost'
  action = 'password_initialization'
  answer: ((init: RequestInit | undefined) => Promise<Response>) | undefined

  readonly fetch: TurnstileFetch = async (url, init) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>
    this.calls.push({ url, body })
    if (this.answer) return this.answer(init)
    const json = (value: unknown) => Response.json(value)
    switch (body.secret) {
      case SECRET_PASSES:
        return json({
          success: true,
          challenge_ts: new Date().toISOString(),
          hostname: this.hostname,
          action: this.action,
          'error-codes': [],
        })
      case SECRET_SPENT:
        return json({ success: false, 'error-codes': ['timeout-or-duplicate'] })
      default:
        return json({ success: false, 'error-codes': ['invalid-input-response'] })
    }
  }
}

/** A siteverify that never answers; only the caller's timeout ends the wait. */
export const neverAnswers = (init: RequestInit | undefined) =>
  new Promise<Response>((_, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
  })
