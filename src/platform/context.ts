import { drizzle } from 'drizzle-orm/d1'
import type { ApiScope } from '../api/scopes'
import type { Kdf } from '../credentials/kdf'
import * as schema from '../db/schema'
import * as auditSchema from '../db/schema/audit-tables'
import type { WebhookFetch } from '../events/webhook'
import type { Locale } from '../i18n'
import type { ClientIdentity } from '../middleware/client'
import type { RateLimitStore } from '../middleware/rate-limit'
import { type AuditRotation, auditIdFloor, writtenSlot } from './audit-rotation'
import { readConfig, type ServiceConfig } from './config'
import type { Logger } from './log'
import type { Mailer } from './mailer'
import type { TurnstileFetch } from './turnstile'
import type { WorkQueue } from './work-queue'

const newDatabase = (d1: D1Database) => drizzle(d1, { schema })
/** The accounts database (binding `DB`): accounts, initialized passwords, API keys. */
export type Database = ReturnType<typeof newDatabase>
const newAuditDatabase = (d1: D1Database) => drizzle(d1, { schema: auditSchema })
/**
 * The audit database (binding `AUDIT_DB`): the audit trail and the refused-submission counts,
 * apart from the accounts (docs/decisions/029-audit-database.md).
 */
export type AuditDatabase = ReturnType<typeof newAuditDatabase>

// One Drizzle instance per D1 binding, not per request: building one works out the schema's
// relations every time (docs/performance.md). An instance holds no request state.
const databases = new WeakMap<D1Database, Database>()
const auditDatabases = new WeakMap<D1Database, AuditDatabase>()

const memoized =
  <T>(cache: WeakMap<D1Database, T>, create: (d1: D1Database) => T) =>
  (d1: D1Database): T => {
    let db = cache.get(d1)
    if (db === undefined) {
      db = create(d1)
      cache.set(d1, db)
    }
    return db
  }

export const createDatabase: (d1: D1Database) => Database = memoized(databases, newDatabase)
export const createAuditDatabase: (d1: D1Database) => AuditDatabase = memoized(
  auditDatabases,
  newAuditDatabase,
)

const allAuditDatabases = new WeakMap<Env, readonly AuditDatabase[]>()

/** Every audit database of these bindings, in slot order (docs/decisions/034-audit-rotation.md). */
export function createAuditDatabases(env: Env, rotation: AuditRotation): readonly AuditDatabase[] {
  let all = allAuditDatabases.get(env)
  if (all === undefined) {
    all = rotation.bindings.map((name) => createAuditDatabase(Reflect.get(env, name) as D1Database))
    allAuditDatabases.set(env, all)
  }
  return all
}

/** The bindings of a request's limits (docs/contract.md#abuse-limits), made from the Worker's dependencies. */
export interface LimitBindings {
  /** The atomic per-location guard in front of the KV windows. */
  submissionGuard: RateLimit
  /** The throttle of invalid posts per client. */
  invalidPostGuard: RateLimit
  /** The per-client guard of `/healthz` and `/csp-reports`. */
  probeGuard: RateLimit
  /** The KV windows. */
  store: RateLimitStore
}

/** Who a service context works for: a request, or the submission a queue message carries. */
export interface ContextOrigin {
  requestId: string
  /** The API key the request came with, for the audit trail; null for the public client. */
  apiKeyId: string | null
  /** The keyed hash of the client's address and its country, for limits and the audit trail. */
  client: ClientIdentity
  /**
   * The language of the page a queued submission came from (docs/decisions/024-e-mail-language.md);
   * null or absent for the JSON API and outside the queue.
   */
  pageLocale?: Locale | null
}

/** What every piece of work gets from the Worker, whoever it is for: settings, bindings, seams. */
export interface WorkerServices {
  db: Database
  /**
   * Where audit rows are written (docs/decisions/029-audit-database.md): the audit database of
   * the period the context was built in (docs/decisions/034-audit-rotation.md).
   */
  auditDb: AuditDatabase
  /** With rotation, the id `auditDb`'s rows of this period start above (`auditIdFloor`); else null. */
  auditIdFloor: number | null
  /** Every audit database, in slot order, for what reads the trail (history, traffic view). */
  auditDbs: readonly AuditDatabase[]
  mailer: Mailer
  now: () => number
  logger: Logger
  config: ServiceConfig
  /** The slow derivations of a password check (Argon2id, PBKDF2). */
  kdf: Kdf
  /** The work queue: account work and events (docs/contract.md#account-work-on-the-queue). */
  workQueue: WorkQueue
  /** The traffic view's Analytics Engine dataset (docs/operations.md#traffic-view). */
  traffic?: AnalyticsEngineDataset
  /** Posts events to `WEBHOOK_URL`, from the consumer only. */
  webhookFetch: WebhookFetch
  limits: LimitBindings
  /** The build-time files the Worker reads (wrangler.toml `[assets]`): the OpenAPI template. */
  assets: Fetcher
  /** Asks Turnstile's siteverify about a challenged form's token (docs/operations.md#bot-check-turnstile). */
  turnstileFetch: TurnstileFetch
}

/** What the procedures' services need from the platform, injected so tests can record and time-travel. */
export interface ServiceContext extends WorkerServices, ContextOrigin {}

/**
 * Side effects the Worker takes from outside, each built from the bindings; `createApp()` and
 * `createWorker()` fill in the Cloudflare defaults, tests pass recording or failing ones.
 */
export interface Dependencies {
  mailer: (env: Env, config: ServiceConfig) => Mailer
  now: () => number
  /** JSON lines on the console in production; tests record them. */
  logger: Logger
  /** Where valid submissions go for their account work (docs/contract.md#account-work-on-the-queue). */
  workQueue: (env: Env) => WorkQueue
  /** The atomic per-location guard in front of the KV windows (docs/contract.md#abuse-limits). */
  submissionGuard: (env: Env) => RateLimit
  /** The throttle of invalid posts per client, kept apart from the submission windows. */
  invalidPostGuard: (env: Env) => RateLimit
  /** The KV windows of docs/contract.md#abuse-limits. */
  rateLimitStore: (env: Env) => RateLimitStore
  /** Posts events to `WEBHOOK_URL` from the queue's consumer (docs/contract.md#events-for-the-system-of-record); never on a request's path. */
  webhookFetch: WebhookFetch
  /**
   * The slow derivations of a password check: `WORKERS_KDF` in production; a test that plays
   * thousands of wrong tries hands in one that remembers results it computed already.
   */
  kdf: Kdf
  /** Fetches Cloudflare Access's signing keys for the traffic view (docs/operations.md#traffic-view). */
  accessFetch: (input: string, init?: RequestInit) => Promise<Response>
  /** Asks Turnstile's siteverify about a challenged form's token (docs/operations.md#bot-check-turnstile). */
  turnstileFetch: TurnstileFetch
}

/** The Turnstile widget a challenged form page carries; its CSP then allows Turnstile's origin. */
export interface TurnstileWidget {
  siteKey: string
  /** The widget's `data-action`: the procedure, checked again in siteverify's answer. */
  action: string
  /** Minutes until the client's window ends, for the page without JavaScript. */
  retryAfterMinutes: number
  /** SUPPORT_CONTACT, named on the page; null if unset. */
  supportContact: string | null
}

/** An API client identified by its key; its quota replaces the per-IP limit. */
export interface ApiClient {
  id: string
  name: string
  quota: { count: number; seconds: number }
  /** What the key may do (docs/contract.md#api-keys-and-scopes). */
  scopes: readonly ApiScope[]
}

/**
 * The one builder of the service context (docs/architecture.md#the-service-context): the app's
 * middleware calls it once per request, the queue's consumer once per batch (without an origin:
 * the batch's own reads and writes) and once per message's submission. Throws when a setting is
 * missing or malformed (`readConfig`).
 */
export function serviceContext(env: Env, deps: Dependencies): WorkerServices
export function serviceContext(env: Env, deps: Dependencies, origin: ContextOrigin): ServiceContext
export function serviceContext(
  env: Env,
  deps: Dependencies,
  origin?: ContextOrigin,
): WorkerServices | ServiceContext {
  const config = readConfig(env)
  const rotation = config.auditRotation
  const auditDbs = createAuditDatabases(env, rotation)
  const now = deps.now()
  const services: WorkerServices = {
    db: createDatabase(env.DB),
    auditDb: auditDbs[writtenSlot(rotation, now)] ?? createAuditDatabase(env.AUDIT_DB),
    auditIdFloor: auditIdFloor(rotation, now),
    auditDbs,
    mailer: deps.mailer(env, config),
    now: deps.now,
    logger: deps.logger,
    config,
    kdf: deps.kdf,
    workQueue: deps.workQueue(env),
    traffic: env.TRAFFIC,
    webhookFetch: deps.webhookFetch,
    turnstileFetch: deps.turnstileFetch,
    assets: env.ASSETS,
    limits: {
      submissionGuard: deps.submissionGuard(env),
      invalidPostGuard: deps.invalidPostGuard(env),
      probeGuard: env.PROBE_GUARD,
      store: deps.rateLimitStore(env),
    },
  }
  return origin === undefined ? services : { ...services, ...origin }
}

/**
 * What a request carries: the facts the pure middleware sets (its language, ID, client and API
 * key) and the one service context, `services`.
 */
export type AppEnv = {
  Bindings: Env
  Variables: {
    locale: Locale
    requestId: string
    client: ClientIdentity
    /** Set when the request carries a valid API key. */
    apiClient?: ApiClient
    services: ServiceContext
    /** Set only on a form answer that carries the Turnstile widget (docs/security.md). */
    challenge?: TurnstileWidget
  }
}
