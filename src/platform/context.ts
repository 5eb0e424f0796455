import { drizzle } from 'drizzle-orm/d1'
import type { ApiScope } from '../api/scopes'
import type { Kdf } from '../credentials/kdf'
import * as auditSchema from '../db/audit-schema'
import * as schema from '../db/schema'
import type { WebhookFetch } from '../events/webhook'
import type { Locale } from '../i18n'
import type { ClientIdentity } from '../middleware/client'
import type { RateLimitStore } from '../middleware/rate-limit'
import type { ServiceConfig } from './config'
import type { Logger } from './log'
import type { Mailer } from './mailer'
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

/** What the procedures' services need from the platform, injected so tests can record and time-travel. */
export interface ServiceContext {
  db: Database
  /** Where audit rows are written (docs/decisions/029-audit-database.md). */
  auditDb: AuditDatabase
  mailer: Mailer
  now: () => number
  logger: Logger
  config: ServiceConfig
  requestId: string
  /** The API key the request came with, for the audit trail; null for the public client. */
  apiKeyId: string | null
  /** The keyed hash of the client's address and its country, for limits and the audit trail. */
  client: ClientIdentity
  /** The slow derivations of a password check (Argon2id, PBKDF2). */
  kdf: Kdf
  /** The traffic view's Analytics Engine dataset (docs/operations.md#traffic-view); absent in the consumer. */
  traffic?: AnalyticsEngineDataset
  /**
   * The language of the page a queued submission came from (docs/decisions/024-e-mail-language.md);
   * null or absent for the JSON API and outside the queue.
   */
  pageLocale?: Locale | null
}

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
}

/** An API client identified by its key; its quota replaces the per-IP limit. */
export interface ApiClient {
  id: string
  name: string
  quota: { count: number; seconds: number }
  /** What the key may do (docs/contract.md#api-keys-and-scopes). */
  scopes: readonly ApiScope[]
}

export type AppEnv = {
  Bindings: Env
  Variables: {
    locale: Locale
    requestId: string
    client: ClientIdentity
    /** Set when the request carries a valid API key. */
    apiClient?: ApiClient
    config: ServiceConfig
    deps: Dependencies
    services: ServiceContext
  }
}
