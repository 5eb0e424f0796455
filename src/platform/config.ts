/** Settings read from `[vars]`, validated once per request so a typo fails loudly, not silently. */
export interface ServiceConfig {
  serviceName: string
  publicBaseUrl: URL
  mailFrom: string
  initializedPasswordTtlMinutes: number
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
  return {
    serviceName: env.SERVICE_NAME,
    publicBaseUrl: new URL(env.PUBLIC_BASE_URL),
    mailFrom: env.MAIL_FROM,
    initializedPasswordTtlMinutes: ttl,
  }
}

/** An absolute URL on the configured public origin, never on the request's Host. */
export const publicUrl = (config: ServiceConfig, path: string): string =>
  new URL(path, config.publicBaseUrl).toString()
