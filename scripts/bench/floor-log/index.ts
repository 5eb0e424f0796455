// The runtime floor (../shared/peer-bench's bare Hono GET /hello) plus one access log line, as
// this service writes one a request: `npm run bench -- isolate` measures it beside the floor, so
// that the isolate figure's cost of a console line under `wrangler dev` is measured, not guessed
// (docs/performance.md#what-a-console-line-costs-here). Started with peer-bench's own wrangler and
// Hono, like the floor; nothing here is part of the service.
import { Hono } from 'hono'

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reset password</title></head>
<body><form method="post" action="/hello"><label>Email <input name="email" type="email" required></label>
<button>Send reset link</button></form></body></html>`

const app = new Hono()

app.get('/hello', (c) => {
  const started = Date.now()
  const response = c.html(PAGE)
  // The shape of src/platform/log.ts's `request` line.
  console.log(
    JSON.stringify({
      level: 'info',
      event: 'request',
      time: new Date().toISOString(),
      requestId: crypto.randomUUID(),
      method: 'GET',
      path: '/hello',
      status: 200,
      durationMs: Date.now() - started,
    }),
  )
  return response
})

export default app
