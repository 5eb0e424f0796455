import { type Limit, parseLimit } from './rate-limit'

/** Settings read from `[vars]` and secrets, validated per request so a typo fails loudly. */
export interface ServiceConfig {
  serviceName: string
  publicBaseUrl: URL
  mailFrom: string
  initializedPasswordTtlMinutes: number
  rateLimitPerIp: Limit
  rateLimitPerLoginId: Limit
  clientHashKey: string
}

/** SPEC 4.4: configurable, never more than 24 hours. */
export const MAX_INITIALIZED_PASSWORD_TTL_MINUTES = 24 * 60

export function readConfig(env: Env): ServiceConfig {
  const ttl = Number(env.INITIALIZED_PASSWORD_TTL_MINUTES)
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_INITIALIZED_PASSWORD_TTL_MINUTES) {
    throw new Error(
      `INITIALIZED_PASSWORD_TTL_MINUTES must be a whole number from 1 to ${MAX_INITIALIZED_PASSWORD_TTL_MINUTES}`,
    )
  }
  if (!env.CLIENT_HASH_KEY) throw new Error('The CLIENT_HASH_KEY secret is not set')
  return {
    serviceName: env.SERVICE_NAME,
    publicBaseUrl: new URL(env.PUBLIC_BASE_URL),
    mailFrom: env.MAIL_FROM,
    initializedPasswordTtlMinutes: ttl,
    rateLimitPerIp: parseLimit(env.RATE_LIMIT_PER_IP, 'RATE_LIMIT_PER_IP'),
    rateLimitPerLoginId: parseLimit(env.RATE_LIMIT_PER_LOGIN_ID, 'RATE_LIMIT_PER_LOGIN_ID'),
    clientHashKey: env.CLIENT_HASH_KEY,
  }
}

/** An absolute URL on the configured public origin, never on the request's Host. */
export const publicUrl = (config: ServiceConfig, path: string): string =>
  new URL(path, config.publicBaseUrl).toString()
