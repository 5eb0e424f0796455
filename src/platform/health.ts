import { Hono } from 'hono/tiny'
import type { AppEnv } from './context'
import { errorKind, type Logger } from './log'

const check = async (
  name: string,
  probe: () => Promise<unknown>,
  { logger, requestId }: { logger: Logger; requestId: string },
) => {
  try {
    await probe()
    return 'ok' as const
  } catch (error) {
    logger.error('health_check_failed', { requestId, dependency: name, error: errorKind(error) })
    return 'failed' as const
  }
}

/** GET /healthz: 200 when D1 and KV both answer, 503 otherwise, with each one's state. */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const at = { logger: c.get('deps').logger, requestId: c.get('requestId') }
  const [d1, kv] = await Promise.all([
    check('d1', () => c.env.DB.prepare('SELECT 1').first(), at),
    check('kv', () => c.env.RATE_LIMITS.get('healthz'), at),
  ])
  const ok = d1 === 'ok' && kv === 'ok'
  return c.json({ status: ok ? 'ok' : 'unavailable', checks: { d1, kv } }, ok ? 200 : 503)
})
