// Cloudflare Access in front of the traffic view (docs/operations.md#traffic-view): the
// `Cf-Access-Jwt-Assertion` header is verified against the team's signing keys (fetched through
// an injected fetch, cached), its audience and its expiry, with `jose`.
import { createLocalJWKSet, errors, type JSONWebKeySet, jwtVerify } from 'jose'

export type AccessFetch = (input: string, init?: RequestInit) => Promise<Response>

export interface AccessSettings {
  /** e.g. `myteam.cloudflareaccess.com` (a leading `https://` is allowed). */
  teamDomain: string
  /** The Access application's audience tag. */
  audience: string
}

/** How long fetched keys are used before they are fetched again. */
const KEYS_TTL_MS = 10 * 60_000

const keyCache = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>()

export const teamOrigin = (teamDomain: string) =>
  `https://${teamDomain.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`

async function fetchKeys(origin: string, fetcher: AccessFetch, now: number) {
  const response = await fetcher(`${origin}/cdn-cgi/access/certs`, {
    signal: AbortSignal.timeout(5_000),
  })
  if (!response.ok) throw new Error(`Access keys: HTTP ${response.status}`)
  const body = (await response.json()) as JSONWebKeySet
  if (!Array.isArray(body?.keys)) throw new Error('Access keys: no keys')
  keyCache.set(origin, { keys: body, fetchedAt: now })
  return body
}

async function keysFor(origin: string, fetcher: AccessFetch, now: number) {
  const cached = keyCache.get(origin)
  if (cached !== undefined && now - cached.fetchedAt < KEYS_TTL_MS) return cached.keys
  return fetchKeys(origin, fetcher, now)
}

/** Forgets the cached keys (tests). */
export const clearAccessKeys = () => keyCache.clear()

/**
 * True when `token` is a valid Access JWT for the application: signed by one of the team's keys,
 * issued by the team, for `audience`, not expired. A key rotated in since the last fetch is
 * found by fetching the keys once more.
 */
export async function verifyAccessJwt(
  token: string | undefined,
  settings: AccessSettings,
  fetcher: AccessFetch,
  now: number,
): Promise<boolean> {
  if (token === undefined || token === '') return false
  const origin = teamOrigin(settings.teamDomain)
  const options = {
    issuer: origin,
    audience: settings.audience,
    algorithms: ['RS256'],
    currentDate: new Date(now),
  }
  try {
    await jwtVerify(token, createLocalJWKSet(await keysFor(origin, fetcher, now)), options)
    return true
  } catch (error) {
    if (!(error instanceof errors.JWKSNoMatchingKey)) return false
  }
  try {
    await jwtVerify(token, createLocalJWKSet(await fetchKeys(origin, fetcher, now)), options)
    return true
  } catch {
    return false
  }
}
