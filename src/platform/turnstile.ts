// Cloudflare Turnstile's server side (docs/operations.md#bot-check-turnstile): the widget's
// script and the token check against siteverify. Only a confirmed token passes: a timeout, an
// answer that is not 2xx JSON, a missing field or a field that does not match is a refusal.

/** The widget's script; the challenged page's CSP allows this origin for scripts and frames. */
export const TURNSTILE_SCRIPT_URL = 'https://challenges.cloudflare.com/turnstile/v0/api.js'
export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com'
const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

/** The form field the widget adds to its form, holding the token. */
export const TURNSTILE_RESPONSE_FIELD = 'cf-turnstile-response'

/** Cloudflare's tokens are at most 2,048 characters; anything longer is not sent on. */
const MAX_TOKEN_LENGTH = 2048

/** How long siteverify may take before the answer counts as a refusal. */
export const SITEVERIFY_TIMEOUT_MS = 3_000

export type TurnstileFetch = (input: string, init?: RequestInit) => Promise<Response>

export interface TokenCheck {
  /** The token the form posted, if any (a repeated field is not one token). */
  token: unknown
  secretKey: string
  /** The client's address, passed on as `remoteip` (never stored); null when unknown. */
  remoteIp: string | null
  /** The hostnames the widget may have been served on (the request's, PUBLIC_BASE_URL's). */
  hostnames: readonly string[]
  /** The widget's `data-action`, which siteverify must name back. */
  action: string
}

/** Why a token was not accepted, for the log (never the token itself). */
export type TokenRefusal =
  | 'missing'
  | 'malformed'
  | 'unavailable'
  | 'not_json'
  | 'rejected'
  | 'hostname'
  | 'action'

export type TokenVerdict =
  | { passed: true }
  | { passed: false; reason: TokenRefusal; errorCodes?: string[] }

const refused = (reason: TokenRefusal, errorCodes?: string[]): TokenVerdict =>
  errorCodes === undefined ? { passed: false, reason } : { passed: false, reason, errorCodes }

/**
 * Asks siteverify about `check.token` and passes it only when the answer is a 2xx JSON object
 * with `success: true`, one of `hostnames` and `action`. Never throws: every failure, a timeout
 * (`SITEVERIFY_TIMEOUT_MS`) included, is a refusal with its reason.
 *
 * @example
 * const verdict = await verifyTurnstileToken(fetch, { token, secretKey, remoteIp, hostnames: ['example.com'], action: 'signup' })
 */
export async function verifyTurnstileToken(
  fetcher: TurnstileFetch,
  check: TokenCheck,
): Promise<TokenVerdict> {
  const { token } = check
  if (token === undefined || token === null || token === '') return refused('missing')
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return refused('malformed')
  // The signal stops the request; the race also stops a fetch that does not heed it.
  const signal = AbortSignal.timeout(SITEVERIFY_TIMEOUT_MS)
  const timedOut = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
  let answer: unknown
  try {
    const request = fetcher(SITEVERIFY_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        secret: check.secretKey,
        response: token,
        ...(check.remoteIp === null ? {} : { remoteip: check.remoteIp }),
      }),
      signal,
    })
    const response = await Promise.race([request, timedOut])
    if (!response.ok) return refused('unavailable')
    try {
      answer = await Promise.race([response.json(), timedOut])
    } catch {
      return refused(signal.aborted ? 'unavailable' : 'not_json')
    }
  } catch {
    return refused('unavailable')
  }
  if (typeof answer !== 'object' || answer === null) return refused('not_json')
  const { success, hostname, action, 'error-codes': codes } = answer as Record<string, unknown>
  if (success !== true) {
    const errorCodes = Array.isArray(codes)
      ? codes.filter((code): code is string => typeof code === 'string').slice(0, 5)
      : []
    return refused('rejected', errorCodes)
  }
  if (typeof hostname !== 'string' || !check.hostnames.includes(hostname.toLowerCase())) {
    return refused('hostname')
  }
  if (action !== check.action) return refused('action')
  return { passed: true }
}
