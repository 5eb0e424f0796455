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

/** The health answer's name for an audit database: `auditD1` for `AUDIT_DB`, `auditD1_1` for `AUDIT_DB_1`, … */
const auditCheckName = (binding: string) => binding.replace(/^AUDIT_DB/, 'auditD1')

/**
 * GET /healthz: 200 when every D1 database and KV answer, 503 otherwise, with each one's state,
 * and each database's size as D1 reports it (`meta.size_after`): `d1` the accounts (`DB`),
 * `auditD1` the audit trail (`AUDIT_DB`), and with rotation `auditD1_1`, … for `AUDIT_DB_1`, …
 * (docs/decisions/034-audit-rotation.md). Above 80 % of D1's 10 GB in any, the status is
 * `degraded` (still 200: it serves, but needs an operator; docs/capacity.md) and
 * `d1_nearly_full` is logged, once per isolate and database. Limited per client by the Rate
 * Limiting binding; a dependency that answered is not asked again for `HEALTH_PROBE_TTL_MS`.
 */
export const healthRoutes = new Hono<AppEnv>().get('/', probeGuard('healthz'), async (c) => {
  const services = c.get('services')
  const at = { logger: services.logger, requestId: c.get('requestId'), now: services.now() }
  const { DB, RATE_LIMITS } = c.env
  const databases = [
    { name: 'd1', binding: 'DB', d1: DB },
    ...services.config.auditRotation.bindings.map((binding) => ({
      name: auditCheckName(binding),
      binding,
      d1: Reflect.get(c.env, binding) as D1Database,
    })),
  ]
  const [kv, ...sized] = await Promise.all([
    check(
      'kv',
      RATE_LIMITS,
      async () => {
        await RATE_LIMITS.get('healthz')
        return null
      },
      at,
    ),
    ...databases.map(({ name, d1 }) => check(name, d1, d1Size(d1), at)),
  ])
  const ok = kv.state === 'ok' && sized.every((one) => one.state === 'ok')
  let full = false
  databases.forEach(({ binding, d1 }, index) => {
    const sizeBytes = sized[index]?.sizeBytes ?? null
    if (!nearlyFull(sizeBytes)) return
    full = true
    if (warnedFull.has(d1)) return
    warnedFull.add(d1)
    at.logger.warn('d1_nearly_full', {
      requestId: at.requestId,
      database: binding,
      usedPercent: usage(sizeBytes).usedPercent,
    })
  })
  const checks: Record<string, 'ok' | 'failed'> = {}
  const sizes: Record<string, ReturnType<typeof usage>> = {}
  databases.forEach(({ name }, index) => {
    checks[name] = sized[index]?.state ?? 'failed'
    sizes[name] = usage(sized[index]?.sizeBytes ?? null)
  })
  checks.kv = kv.state
  return c.json(
    { status: !ok ? 'unavailable' : full ? 'degraded' : 'ok', checks, ...sizes },
    ok ? 200 : 503,
  )
})
