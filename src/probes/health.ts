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

/** D1's largest database on Workers Paid (docs/capacity.md): 10 GB, the same for each database. */
export const D1_MAX_BYTES = 10 * 1000 ** 3
/** Above this share of it the check answers `degraded`: time to act before writes fail. */
export const D1_DEGRADED_SHARE = 0.8

// Per binding object, so a test's failing binding never reads a real one's success.
const lastAnswered = new WeakMap<object, { at: number; sizeBytes: number | null }>()
// The databases whose nearly-full warning this isolate has logged: once each, not on every probe.
const warnedFull = new WeakSet<object>()

const check = async (
  name: string,
  binding: object,
  probe: () => Promise<number | null>,
  { logger, requestId, now }: { logger: Logger; requestId: string; now: number },
) => {
  const last = lastAnswered.get(binding)
  if (last !== undefined && now - last.at < HEALTH_PROBE_TTL_MS && now >= last.at) {
    return { state: 'ok' as const, sizeBytes: last.sizeBytes }
  }
  try {
    const sizeBytes = await probe()
    lastAnswered.set(binding, { at: now, sizeBytes })
    return { state: 'ok' as const, sizeBytes }
  } catch (error) {
    lastAnswered.delete(binding)
    logger.error('health_check_failed', { requestId, dependency: name, error: errorKind(error) })
    return { state: 'failed' as const, sizeBytes: null }
  }
}

/** A database's size as D1 reports it with a result (`meta.size_after`), from the cheapest query. */
const d1Size = (d1: D1Database) => async () =>
  (await d1.prepare('SELECT 1').run()).meta.size_after ?? null

/** A database's size and its share of D1_MAX_BYTES, in percent with one decimal. */
const usage = (sizeBytes: number | null) => ({
  sizeBytes,
  usedPercent: sizeBytes === null ? null : Math.round((1000 * sizeBytes) / D1_MAX_BYTES) / 10,
})

const nearlyFull = (sizeBytes: number | null) =>
  sizeBytes !== null && sizeBytes > D1_DEGRADED_SHARE * D1_MAX_BYTES

/**
 * GET /healthz: 200 when both D1 databases and KV answer, 503 otherwise, with each one's state,
 * and each database's size as D1 reports it (`meta.size_after`): `d1` the accounts (`DB`),
 * `auditD1` the audit trail (`AUDIT_DB`). Above 80 % of D1's 10 GB in either, the status is
 * `degraded` (still 200: it serves, but needs an operator; docs/capacity.md) and
 * `d1_nearly_full` is logged, once per isolate and database. Limited per client by the Rate
 * Limiting binding; a dependency that answered is not asked again for `HEALTH_PROBE_TTL_MS`.
 */
export const healthRoutes = new Hono<AppEnv>().get('/', probeGuard('healthz'), async (c) => {
  const at = {
    logger: c.get('services').logger,
    requestId: c.get('requestId'),
    now: c.get('services').now(),
  }
  const { DB, AUDIT_DB, RATE_LIMITS } = c.env
  const [d1, auditD1, kv] = await Promise.all([
    check('d1', DB, d1Size(DB), at),
    check('auditD1', AUDIT_DB, d1Size(AUDIT_DB), at),
    check(
      'kv',
      RATE_LIMITS,
      async () => {
        await RATE_LIMITS.get('healthz')
        return null
      },
      at,
    ),
  ])
  const ok = d1.state === 'ok' && auditD1.state === 'ok' && kv.state === 'ok'
  let full = false
  for (const [database, binding, { sizeBytes }] of [
    ['DB', DB, d1],
    ['AUDIT_DB', AUDIT_DB, auditD1],
  ] as const) {
    if (!nearlyFull(sizeBytes)) continue
    full = true
    if (warnedFull.has(binding)) continue
    warnedFull.add(binding)
    at.logger.warn('d1_nearly_full', {
      requestId: at.requestId,
      database,
      usedPercent: usage(sizeBytes).usedPercent,
    })
  }
  return c.json(
    {
      status: !ok ? 'unavailable' : full ? 'degraded' : 'ok',
      checks: { d1: d1.state, auditD1: auditD1.state, kv: kv.state },
      d1: usage(d1.sizeBytes),
      auditD1: usage(auditD1.sizeBytes),
    },
    ok ? 200 : 503,
  )
})
