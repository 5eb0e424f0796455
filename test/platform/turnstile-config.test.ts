import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/platform/config'
import { SECRET_PASSES, TEST_SITE_KEY } from '../support/siteverify'

/** The settings of these bindings with the given ones changed (a new object: parsed anew). */
const configWith = (settings: Record<string, string>) =>
  readConfig({ ...env, RATE_LIMIT_PER_IP: '10/600', ...settings } as Env)

describe('the Turnstile settings (docs/operations.md#bot-check-turnstile)', () => {
  it('are off, without a warning, when neither key is set', () => {
    const config = configWith({})
    expect(config.turnstile).toBeNull()
    expect(config.warnings).toEqual([])
  })

  it('turn the bot check on with both keys, from the per-client count unless a threshold is set', () => {
    const both = { TURNSTILE_SITE_KEY: TEST_SITE_KEY, TURNSTILE_SECRET_KEY: SECRET_PASSES }
    expect(configWith(both).turnstile).toEqual({
      siteKey: TEST_SITE_KEY,
      secretKey: SECRET_PASSES,
      threshold: 10,
    })
    expect(configWith({ ...both, TURNSTILE_THRESHOLD: ' 3 ' }).turnstile?.threshold).toBe(3)
    expect(configWith({ ...both, TURNSTILE_THRESHOLD: '10' }).turnstile?.threshold).toBe(10)
    expect(configWith(both).warnings).toEqual([])
  })

  it('stay off with one key alone and name the missing one, never a value', () => {
    const siteOnly = configWith({ TURNSTILE_SITE_KEY: TEST_SITE_KEY })
    expect(siteOnly.turnstile).toBeNull()
    expect(siteOnly.warnings).toEqual(['TURNSTILE_SITE_KEY is set but TURNSTILE_SECRET_KEY is not'])
    const secretOnly = configWith({ TURNSTILE_SECRET_KEY: SECRET_PASSES, TURNSTILE_SITE_KEY: ' ' })
    expect(secretOnly.turnstile).toBeNull()
    expect(secretOnly.warnings).toEqual([
      'TURNSTILE_SECRET_KEY is set but TURNSTILE_SITE_KEY is not',
    ])
    expect(JSON.stringify(secretOnly.warnings)).not.toContain(SECRET_PASSES)
  })

  it.each(['0', '11', '2.5', '-1', 'ten', '1e1'])(
    'refuse the threshold %j with a message naming the setting and its range',
    (threshold) => {
      expect(() => configWith({ TURNSTILE_THRESHOLD: threshold })).toThrow(
        "TURNSTILE_THRESHOLD must be a whole number from 1 to 10 (RATE_LIMIT_PER_IP's count), or empty",
      )
    },
  )
})
