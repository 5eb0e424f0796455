import { Hono } from 'hono/tiny'
import { probeGuard } from '../middleware/probe-guard'
import type { AppEnv } from '../platform/context'
import { errorKind, type Logger } from '../platform/log'

/**
 * How long a dependency that answered is taken to be up without asking it again: a monitor (or
 * anyone) polling `/healthz` costs D1 and KV at most one read each per binding, isolate and this
 * many milliseconds. A failure is never kept: the next call asks again (docs/operations.md).
 */
export const HEALTH_PROBE_TTL_MS = 30_000

// Per binding object, so a test's failing binding never reads a real one's success.
const lastAnswered = new WeakMap<object, number>()

const check = async (
  name: string,
  binding: object,
  probe: () => Promise<unknown>,
  { logger, requestId, now }: { logger: Logger; requestId: string; now: number },
) => {
  const at = lastAnswered.get(binding)
  if (at !== undefined && now - at < HEALTH_PROBE_TTL_MS && now >= at) return 'ok' as const
  try {
    await probe()
    lastAnswered.set(binding, now)
    return 'ok' as const
  } catch (error) {
    lastAnswered.delete(binding)
    logger.error('health_check_failed', { requestId, dependency: name, error: errorKind(error) })
    return 'failed' as const
  }
}

/**
 * GET /healthz: 200 when D1 and KV both answer, 503 otherwise, with each one's state. Limited per
 * client by the Rate Limiting binding; a dependency that answered is not asked again for
 * `HEALTH_PROBE_TTL_MS`.
 */
export const healthRoutes = new Hono<AppEnv>().get('/', probeGuard('healthz'), async (c) => {
  const at = {
    logger: c.get('deps').logger,
    requestId: c.get('requestId'),
    now: c.get('services').now(),
  }
  const { DB, RATE_LIMITS } = c.env
  const [d1, kv] = await Promise.all([
    check('d1', DB, () => DB.prepare('SELECT 1').first(), at),
    check('kv', RATE_LIMITS, () => RATE_LIMITS.get('healthz'), at),
  ])
  const ok = d1 === 'ok' && kv === 'ok'
  return c.json({ status: ok ? 'ok' : 'unavailable', checks: { d1, kv } }, ok ? 200 : 503)
})
