import type { Peppers } from '../credentials/pepper'
import { type AuditRotation, auditRotation } from './audit-rotation'
import { type Limit, parseLimit } from './limit'
import { type SecretPair, secretPair, strongSecret, webhookKey } from './secrets'
import { isSecureOrLocal } from './secure-url'

/** Settings read from `[vars]` and secrets: validated once per set of bindings, so a typo fails loudly. */
export interface ServiceConfig {
  serviceName: string
  publicBaseUrl: URL
  mailFrom: string
  initializedPasswordTtlMinutes: number
  rateLimitPerIp: Limit
  rateLimitPerLoginId: Limit
  clientHashKey: string
  /** Initialized passwords are hashed under `current`, verified under either. */
  initializedPasswordKeys: SecretPair
  /** Where events are posted (docs/contract.md#events-for-the-system-of-record); null when webhooks are off (`WEBHOOK_URL` empty). */
  webhookUrl: URL | null
  /** The pepper of chosen passwords (HMAC key before Argon2id), its key ID, and the previous one. */
  passwordPeppers: Peppers
  /** The AES-GCM key of the work queue's messages: sealed under `current`, opened with either. */
  queueMessageKeys: SecretPair
  /** Where a holder who did not change the password can turn (SUPPORT_CONTACT); null if unset. */
  supportContact: string | null
  /** The member site's sign-in page, linked from the "password changed" page (SIGN_IN_URL); null if unset. */
  signInUrl: URL | null
  /** The bot check (docs/operations.md#bot-check-turnstile); null unless both keys are set. */
  turnstile: TurnstileSettings | null
  /** Settings set by halves, named (never their values) for a warning in the log. */
  warnings: readonly string[]
  /** Who may open the traffic view (docs/operations.md#traffic-view). */
  opsAccess: OpsAccess
  /** The audit databases and their period (docs/operations.md#rotating-audit-databases). */
  auditRotation: AuditRotation
}

/**
 * The traffic view's settings: Cloudflare Access's team domain and audience (`ACCESS_TEAM_DOMAIN`,
 * `ACCESS_AUD`, empty when Access is not configured), and `OPS_OPEN_LOCALLY`, `true` only in
 * `npm start`'s own configuration (scripts/start.ts), never deployed.
 */
export interface OpsAccess {
  teamDomain: string
  audience: string
  openLocally: boolean
}

/** The settings that are optional, so not in the generated `Env`. */
type OptionalSettings = {
  ACCESS_TEAM_DOMAIN?: string
  ACCESS_AUD?: string
  OPS_OPEN_LOCALLY?: string
  WEBHOOK_SECRET?: string
  WEBHOOK_SECRET_PREVIOUS?: string
}

/** Cloudflare Turnstile, offered to a form's client at or above `threshold` of its window. */
export interface TurnstileSettings {
  /** `TURNSTILE_SITE_KEY` (a var: it is in every challenged page). */
  siteKey: string
  /** `TURNSTILE_SECRET_KEY` (a secret: it is sent to siteverify only). */
  secretKey: string
  /** The count of the client's `RATE_LIMIT_PER_IP` window from which a form post is challenged. */
  threshold: number
}

/** docs/contract.md#initialized-passwords: configurable, never more than 24 hours. */
export const MAX_INITIALIZED_PASSWORD_TTL_MINUTES = 24 * 60

/** An absolute `https:` URL (`http:` on localhost only, for local development: docs/security.md). */
function parseSecureUrl(value: string, name: string): URL {
  const url = URL.parse(value)
  if (url === null || !isSecureOrLocal(url)) {
    throw new Error(`${name} must be an absolute https:// URL (http:// only on localhost)`)
  }
  return url
}

/** A setting that is either empty (off) or an absolute https URL: `WEBHOOK_URL`, `SIGN_IN_URL`. */
const optionalSecureUrl = (value: string | undefined, name: string): URL | null =>
  value?.trim() ? parseSecureUrl(value.trim(), name) : null

/** `PASSWORD_PEPPER_KEY_ID`: 1 to 999, raised by one at each rotation of the pepper. */
export function parsePepperKeyId(value: string | undefined): number {
  const id = Number(value ?? '1')
  if (!Number.isInteger(id) || id < 1 || id > 999) {
    throw new Error('PASSWORD_PEPPER_KEY_ID must be a whole number from 1 to 999')
  }
  return id
}

/** `WEBHOOK_SECRET` and `WEBHOOK_SECRET_PREVIOUS`, when set: `whsec_` and 32 to 64 bytes. */
function checkWebhookSecrets(secrets: Record<string, unknown>): void {
  for (const name of ['WEBHOOK_SECRET', 'WEBHOOK_SECRET_PREVIOUS']) {
    const value = secrets[name]
    if (typeof value === 'string' && value !== '') webhookKey(value, name)
  }
}

/**
 * `TURNSTILE_THRESHOLD`: a whole number from 1 to the per-client limit's count; empty means that
 * count (the challenge comes where the hard 429 came).
 */
function parseThreshold(value: string | undefined, perClient: Limit): number {
  if (value === undefined || value.trim() === '') return perClient.count
  const threshold = Number(value.trim())
  if (!/^\d+$/.test(value.trim()) || threshold < 1 || threshold > perClient.count) {
    throw new Error(
      `TURNSTILE_THRESHOLD must be a whole number from 1 to ${perClient.count} (RATE_LIMIT_PER_IP's count), or empty`,
    )
  }
  return threshold
}

/** Turnstile's two keys: both set turns the bot check on; one alone is a warning, and off. */
function parseTurnstile(secrets: Record<string, unknown>, perClient: Limit) {
  const text = (name: string) => {
    const value = secrets[name]
    return typeof value === 'string' ? value.trim() : ''
  }
  const siteKey = text('TURNSTILE_SITE_KEY')
  const secretKey = text('TURNSTILE_SECRET_KEY')
  const threshold = parseThreshold(text('TURNSTILE_THRESHOLD'), perClient)
  if (siteKey !== '' && secretKey !== '') {
    return { turnstile: { siteKey, secretKey, threshold }, warnings: [] }
  }
  const warnings: string[] = []
  if (siteKey !== '') warnings.push('TURNSTILE_SITE_KEY is set but TURNSTILE_SECRET_KEY is not')
  if (secretKey !== '') warnings.push('TURNSTILE_SECRET_KEY is set but TURNSTILE_SITE_KEY is not')
  return { turnstile: null, warnings }
}

function parseConfig(env: Env): ServiceConfig {
  const secrets = env as unknown as Record<string, unknown>
  const optional = env as Env & OptionalSettings
  checkWebhookSecrets(secrets)
  const ttl = Number(env.INITIALIZED_PASSWORD_TTL_MINUTES)
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_INITIALIZED_PASSWORD_TTL_MINUTES) {
    throw new Error(
      `INITIALIZED_PASSWORD_TTL_MINUTES must be a whole number from 1 to ${MAX_INITIALIZED_PASSWORD_TTL_MINUTES}`,
    )
  }
  const rateLimitPerIp = parseLimit(env.RATE_LIMIT_PER_IP, 'RATE_LIMIT_PER_IP')
  return {
    serviceName: env.SERVICE_NAME,
    publicBaseUrl: parseSecureUrl(env.PUBLIC_BASE_URL, 'PUBLIC_BASE_URL'),
    mailFrom: env.MAIL_FROM,
    initializedPasswordTtlMinutes: ttl,
    rateLimitPerIp,
    rateLimitPerLoginId: parseLimit(env.RATE_LIMIT_PER_LOGIN_ID, 'RATE_LIMIT_PER_LOGIN_ID'),
    // Nothing stored under it has to verify later than a day (docs/operations.md): no previous.
    clientHashKey: strongSecret(env.CLIENT_HASH_KEY, 'CLIENT_HASH_KEY'),
    initializedPasswordKeys: secretPair(secrets, 'INITIALIZED_PASSWORD_KEY'),
    webhookUrl: optionalSecureUrl(env.WEBHOOK_URL, 'WEBHOOK_URL'),
    passwordPeppers: {
      ...secretPair(secrets, 'PASSWORD_PEPPER'),
      keyId: parsePepperKeyId(env.PASSWORD_PEPPER_KEY_ID),
    },
    queueMessageKeys: secretPair(secrets, 'QUEUE_MESSAGE_KEY'),
    supportContact: env.SUPPORT_CONTACT?.trim() || null,
    signInUrl: optionalSecureUrl(env.SIGN_IN_URL, 'SIGN_IN_URL'),
    ...parseTurnstile(secrets, rateLimitPerIp),
    opsAccess: {
      teamDomain: optional.ACCESS_TEAM_DOMAIN ?? '',
      audience: optional.ACCESS_AUD ?? '',
      openLocally: optional.OPS_OPEN_LOCALLY === 'true',
    },
    auditRotation: readAuditRotation(env),
  }
}

/**
 * The audit databases of these bindings (docs/decisions/034-audit-rotation.md), also read alone by
 * the retention cron, which needs no other setting; throws as `readConfig` does.
 */
export const readAuditRotation = (env: Env): AuditRotation =>
  auditRotation(env as unknown as Record<string, unknown>)

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

/**
 * `WEBHOOK_SECRET` and `WEBHOOK_SECRET_PREVIOUS` as set, read when an event is delivered: a
 * missing or malformed one is the delivery's to log and retry (src/events/deliver.ts).
 */
export function webhookSecrets(env: Env): { secret?: string; previous?: string } {
  const { WEBHOOK_SECRET: secret, WEBHOOK_SECRET_PREVIOUS: previous } = env as Env &
    OptionalSettings
  return { secret, previous }
}

/** The service's name as set, unchecked: what a 500 page names when the settings can not be read. */
export const rawServiceName = (env: Env): string => env.SERVICE_NAME

/** An absolute URL on the configured public origin, never on the request's Host. */
export const publicUrl = (config: ServiceConfig, path: string): string =>
  new URL(path, config.publicBaseUrl).toString()
