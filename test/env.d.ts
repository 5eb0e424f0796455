import type { D1Migration } from 'cloudflare:test'

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[]
      /** The submission guard with wrangler.toml's limit, for the burst tests (vitest.config.ts). */
      SUBMISSION_GUARD_AT_DEFAULT: RateLimit
      /** The probes' guard with wrangler.toml's limit, for its tests (vitest.config.ts). */
      PROBE_GUARD_AT_DEFAULT: RateLimit
    }
  }
}
