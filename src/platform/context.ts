import { drizzle } from 'drizzle-orm/d1'
import type { ApiClient } from '../api/api-keys'
import * as schema from '../db/schema'
import type { Locale } from '../i18n'
import type { ClientIdentity } from './client'
import type { ServiceConfig } from './config'
import type { Mailer } from './mailer'

export const createDatabase = (d1: D1Database) => drizzle(d1, { schema })
export type Database = ReturnType<typeof createDatabase>

/** What the procedures' services need from the platform, injected so tests can record and time-travel. */
export interface ServiceContext {
  db: Database
  mailer: Mailer
  now: () => number
  config: ServiceConfig
  requestId: string
  /** The keyed hash of the client's address and its country, for limits and the audit trail. */
  client: ClientIdentity
}

/** Side effects the app takes from outside; `createApp()` fills in the Cloudflare defaults. */
export interface Dependencies {
  mailer: (env: Env) => Mailer
  now: () => number
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
    services: ServiceContext
  }
}
