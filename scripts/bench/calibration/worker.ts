// The calibration Worker of `npm run bench -- calibrate` (local only, never deployed): proves
// the isolate benchmark's instrument. `/spin?n=N` busy-loops N steps, a known amount of CPU
// that the isolate figure must read 1:1; `/kv` and `/d1` only call a binding, whose local
// simulation runs in workerd but outside the isolate, so they must grow the whole-process
// figure and leave the isolate's nearly where `/spin?n=0` is (docs/performance.md#method).
import { spin } from './spin'

interface Env {
  KV: KVNamespace
  DB: D1Database
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === '/spin') {
      return new Response(String(spin(Number(url.searchParams.get('n') ?? 0))))
    }
    if (url.pathname === '/kv') {
      const seen = await env.KV.get('calibration')
      await env.KV.put('calibration', String((Number(seen) || 0) + 1))
      return new Response('kv')
    }
    if (url.pathname === '/d1') {
      const row = await env.DB.prepare('SELECT 1 AS one').first<{ one: number }>()
      return new Response(String(row?.one))
    }
    return new Response('not found', { status: 404 })
  },
} satisfies ExportedHandler<Env>
