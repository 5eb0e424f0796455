import type { AppEnv } from '../platform/context'
import { atomicGuard } from './atomic-guard'

/** The period of wrangler.toml's `PROBE_GUARD` (`[[ratelimits]]`); a test pins the two together. */
export const PROBE_GUARD_PERIOD_SECONDS = 60

/**
 * The per-client limit of the unauthenticated endpoints that are not submissions (`/healthz`,
 * `/csp-reports`): the Rate Limiting binding `PROBE_GUARD`, counted per route and keyed client
 * hash, cheap (no KV, no D1). Past it: 429 with `Retry-After` and no body. A failing binding lets
 * the request through and is logged (docs/security.md).
 *
 * @example
 * app.get('/healthz', probeGuard('healthz'), handler)
 */
export const probeGuard = (route: 'healthz' | 'csp-reports') =>
  atomicGuard<AppEnv, string, object>({
    limiter: (c) => c.get('services').limits.probeGuard,
    key: async (c) => `${route}:${await c.get('client').hash()}`,
    periodSeconds: PROBE_GUARD_PERIOD_SECONDS,
    onLimited: (c) => c.body(null, 429),
    logger: (c) => c.get('services').logger,
    logFields: (c) => ({ requestId: c.get('requestId'), route }),
  })
