// GET /ops and /ops/summary.json: the traffic view (docs/operations.md#traffic-view), behind
// Cloudflare Access; without Access configured it does not exist (404), except under `npm start`.
import { Hono } from 'hono/tiny'
import type { OpsAccess } from '../platform/config'
import type { AppEnv } from '../platform/context'
import { type AccessFetch, verifyAccessJwt } from './access'
import { HOUR_MS, type TrafficSummary, trafficSummary, WINDOW_HOURS } from './summary'

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

type Access = 'open' | 'refused' | 'absent'

async function access(request: Request, settings: OpsAccess, fetcher: AccessFetch, now: number) {
  const { teamDomain, audience } = settings
  if (teamDomain !== '' && audience !== '') {
    const token = request.headers.get('Cf-Access-Jwt-Assertion') ?? undefined
    const valid = await verifyAccessJwt(token, { teamDomain, audience }, fetcher, now)
    return (valid ? 'open' : 'refused') satisfies Access
  }
  const local = LOCAL_HOSTS.has(new URL(request.url).hostname)
  return (settings.openLocally && local ? 'open' : 'absent') satisfies Access
}

const CHART = { width: 672, height: 120 }

/** One bar per hour of the window: the hourly totals of `rows`, scaled to the busiest hour. */
function HourlyChart(props: { title: string; rows: TrafficSummary['submissions']; from: string }) {
  const start = Date.parse(props.from)
  const totals = new Array<number>(WINDOW_HOURS).fill(0)
  for (const row of props.rows) {
    const slot = Math.floor((Date.parse(row.hour) - start) / HOUR_MS)
    if (slot >= 0 && slot < WINDOW_HOURS) totals[slot] = (totals[slot] ?? 0) + row.count
  }
  const peak = Math.max(1, ...totals)
  const barWidth = CHART.width / WINDOW_HOURS
  return (
    <svg
      role="img"
      aria-label={`${props.title}, per hour, peak ${peak}`}
      width={CHART.width}
      height={CHART.height}
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
    >
      <title>{props.title}</title>
      {totals.map((total, slot) =>
        total === 0 ? null : (
          <rect
            x={slot * barWidth}
            y={CHART.height - (total / peak) * CHART.height}
            width={barWidth}
            height={(total / peak) * CHART.height}
            fill="currentColor"
          />
        ),
      )}
    </svg>
  )
}

function CountTable(props: { caption: string; rows: TrafficSummary['submissions'] }) {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">hour (UTC)</th>
          <th scope="col">procedure</th>
          <th scope="col">outcome</th>
          <th scope="col">count</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <td>{row.hour}</td>
            <td>{row.procedure}</td>
            <td>{row.outcome}</td>
            <td>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function TrafficPage({ summary }: { summary: TrafficSummary }) {
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Traffic</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <main>
          <h1>Traffic</h1>
          <p>
            {summary.from} to {summary.to}: {summary.totalSubmissions} submissions.{' '}
            <a href="/ops/summary.json">JSON</a>
          </p>
          <h2>Submissions</h2>
          <HourlyChart title="Submissions" rows={summary.submissions} from={summary.from} />
          <h2>Refusals (422, 429)</h2>
          <HourlyChart title="Refusals" rows={summary.refusals} from={summary.from} />
          <h2>Busiest clients</h2>
          <p>
            Shares of all submissions:{' '}
            {summary.busiestClientShares.length === 0
              ? 'none'
              : summary.busiestClientShares.map(percent).join(', ')}
          </p>
          <CountTable caption="Submissions by hour" rows={summary.submissions} />
          <CountTable caption="Refusals by hour" rows={summary.refusals} />
        </main>
      </body>
    </html>
  )
}

export const opsRoutes = (fetcher: AccessFetch) =>
  new Hono<AppEnv>()
    .use(async (c, next) => {
      const { now, config } = c.get('services')
      const state = await access(c.req.raw, config.opsAccess, fetcher, now())
      if (state === 'absent') return c.notFound()
      if (state === 'refused') return c.text('Forbidden', 403)
      c.header('Cache-Control', 'no-store')
      await next()
    })
    .get('/summary.json', async (c) =>
      c.json(await trafficSummary(c.get('services').auditDbs, c.get('services').now())),
    )
    .get('/', async (c) => {
      const summary = await trafficSummary(c.get('services').auditDbs, c.get('services').now())
      return c.html(`<!doctype html>${<TrafficPage summary={summary} />}`)
    })
