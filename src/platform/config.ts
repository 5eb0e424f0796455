import { isSecureOrLocal } from './https-only'
import { type Limit, parseLimit } from './rate-limit'

/** Settings read from `[vars]` and secrets: validated once per set of bindings, so a typo fails loudly. */
export interface ServiceConfig {
  serviceName: string
  publicBaseUrl: URL
  mailFrom: string
  initializedPasswordTtlMinutes: number
  rateLimitPerIp: Limit
  rateLimitPerLoginId: Limit
  clientHashKey: string
  initializedPasswordKey: string
  /** Where events are posted (SPEC 13); null when webhooks are off (`WEBHOOK_URL` empty). */
  webhookUrl: URL | null
  /** The pepper of chosen passwords (HMAC key before Argon2id). */
  passwordPepper: string
  /** Where a holder who did not change the password can turn (SUPPORT_CONTACT); null if unset. */
  supportContact: string | null
}

/** SPEC 4.4: configurable, never more than 24 hours. */
export const MAX_INITIALIZED_PASSWORD_TTL_MINUTES = 24 * 60

const secret = (value: string | undefined, name: string): string => {
  if (!value) throw new Error(`The ${name} secret is not set`)
  return value
}

/** An absolute `https:` URL (`http:` on localhost only, for local development: docs/security.md). */
function parseSecureUrl(value: string, name: string): URL {
  const url = URL.parse(value)
  if (url === null || !isSecureOrLocal(url)) {
    throw new Error(`${name} must be an absolute https:// URL (http:// only on localhost)`)
  }
  return url
}

/** `WEBHOOK_URL`: empty for off, else an absolute https URL. */
const parseWebhookUrl = (value: string | undefined): URL | null =>
  value ? parseSecureUrl(value, 'WEBHOOK_URL') : null

function parseConfig(env: Env): ServiceConfig {
  const ttl = Number(env.INITIALIZED_PASSWORD_TTL_MINUTES)
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_INITIALIZED_PASSWORD_TTL_MINUTES) {
    throw new Error(
      `INITIALIZED_PASSWORD_TTL_MINUTES must be a whole number from 1 to ${MAX_INITIALIZED_PASSWORD_TTL_MINUTES}`,
    )
  }
  return {
    serviceName: env.SERVICE_NAME,
    publicBaseUrl: parseSecureUrl(env.PUBLIC_BASE_URL, 'PUBLIC_BASE_URL'),
    mailFrom: env.MAIL_FROM,
    initializedPasswordTtlMinutes: ttl,
    rateLimitPerIp: parseLimit(env.RATE_LIMIT_PER_IP, 'RATE_LIMIT_PER_IP'),
    rateLimitPerLoginId: parseLimit(env.RATE_LIMIT_PER_LOGIN_ID, 'RATE_LIMIT_PER_LOGIN_ID'),
    clientHashKey: secret(env.CLIENT_HASH_KEY, 'CLIENT_HASH_KEY'),
    initializedPasswordKey: secret(env.INITIALIZED_PASSWORD_KEY, 'INITIALIZED_PASSWORD_KEY'),
    webhookUrl: parseWebhookUrl(env.WEBHOOK_URL),
    passwordPepper: secret(env.PASSWORD_PEPPER, 'PASSWORD_PEPPER'),
    supportContact: env.SUPPORT_CONTACT?.trim() || null,
  }
}

// The runtime hands every request of an isolate the same `env` object: it is parsed once.
const parsed = new WeakMap<Env, ServiceConfig>()

/** The validated settings of these bindings; throws on a missing secret or a malformed value. */
export function readConfig(env: Env): ServiceConfig {
  let config = parsed.get(env)
  if (!config) {
    config = parseConfig(env)
    parsed.set(env, config)
  }
  return config
}

/** An absolute URL on the configured public origin, never on the request's Host. */
export const publicUrl = (config: ServiceConfig, path: string): string =>
  new URL(path, config.publicBaseUrl).toString()
