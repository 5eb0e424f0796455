import type { D1Migration } from 'cloudflare:test'

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[]
      /** The audit database's (migrations-audit/), applied to AUDIT_DB. */
      TEST_AUDIT_MIGRATIONS: D1Migration[]
      /** Empty D1 databases for the rotation's tests, bound as AUDIT_DB_1 and AUDIT_DB_2 there (vitest.config.ts). */
      TEST_AUDIT_DB_1: D1Database
      TEST_AUDIT_DB_2: D1Database
      /** The submission guard with wrangler.toml's limit, for the burst tests (vitest.config.ts). */
      SUBMISSION_GUARD_AT_DEFAULT: RateLimit
      INVALID_POST_GUARD_AT_DEFAULT: RateLimit
      /** The probes' guard with wrangler.toml's limit, for its tests (vitest.config.ts). */
      PROBE_GUARD_AT_DEFAULT: RateLimit
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Every file and folder of the repository (`a/b.ts`, `a/`), for test/docs/links.test.ts. */
    repositoryPaths: string[]
    /** README.md and docs/**.md, path to text, for test/docs/links.test.ts. */
    repositoryDocs: Record<string, string>
    /** `path: docs/<file>.md#<heading>` for each docs/ citation in the sources, for test/docs/links.test.ts. */
    docsCitations: string[]
  }
}
