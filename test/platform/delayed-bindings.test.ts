import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { withBenchmarkDelays } from '../../src/platform/delayed-bindings'

describe('the latency benchmark switch (BENCH_BINDING_DELAY_MS)', () => {
  it('leaves the bindings untouched when it is not set', () => {
    expect(withBenchmarkDelays(env)).toBe(env)
    expect(withBenchmarkDelays({ ...env, BENCH_BINDING_DELAY_MS: '0' } as Env).DB).toBe(env.DB)
  })

  it('delays every D1 and KV call by the given time and still answers from the real bindings', async () => {
    const delayed = withBenchmarkDelays({ ...env, BENCH_BINDING_DELAY_MS: '40' } as Env)
    await env.RATE_LIMITS.put('bench-probe', 'value')

    let started = performance.now()
    expect(await delayed.RATE_LIMITS.get('bench-probe')).toBe('value')
    expect(performance.now() - started).toBeGreaterThanOrEqual(35)

    started = performance.now()
    expect(await delayed.DB.prepare('SELECT ? AS one').bind(1).first('one')).toBe(1)
    expect(performance.now() - started).toBeGreaterThanOrEqual(35)

    // A batch takes the real statements behind the delayed ones.
    const [a, b] = await delayed.DB.batch([
      delayed.DB.prepare('SELECT 1 AS n'),
      delayed.DB.prepare('SELECT 2 AS n'),
    ])
    expect([a?.results, b?.results]).toEqual([[{ n: 1 }], [{ n: 2 }]])
    await env.RATE_LIMITS.delete('bench-probe')
  })
})
