import { beforeEach, describe, expect, it, vi } from 'vitest'
import { resetToDemoAccounts } from '../support/demo'
import { from, TARO } from '../support/fixtures'
import { postJson, TARO_JSON } from '../support/json-api'

/**
 * Calls of Zod's functions (`z.string()`, `z.object()`, `z.iso.datetime()`, …) made by src/,
 * which imports zod/mini (docs/performance.md).
 */
const zod = vi.hoisted(() => ({ calls: 0 }))
/** How many times the Korean page texts have been built. */
const korean = vi.hoisted(() => ({ built: 0 }))

vi.mock('zod/mini', async (importOriginal) => {
  const original = await importOriginal<typeof import('zod/mini')>()
  /**
   * Zod's lower-case exports are its functions (`_default` too); the capitalized ones are classes,
   * left alone.
   */
  const counted = (namespace: object) =>
    Object.fromEntries(
      Object.entries(namespace).map(([name, value]) => [
        name,
        typeof value === 'function' && /^_?[a-z]/.test(name)
          ? (...args: unknown[]) => {
              zod.calls++
              return value(...args)
            }
          : value,
      ]),
    )
  return { ...counted(original), iso: counted(original.iso) }
})

vi.mock('../../src/i18n/pages/ko', async (importOriginal) => {
  const { ko } = await importOriginal<typeof import('../../src/i18n/pages/ko')>()
  return {
    ko: () => {
      korean.built++
      return ko()
    },
  }
})

/** A Worker loaded afresh, every module evaluated again, and a client for it. */
async function freshlyLoaded() {
  vi.resetModules()
  zod.calls = 0
  korean.built = 0
  const { testClient } = await import('../support/client')
  return testClient()
}

beforeEach(resetToDemoAccounts)

describe('Zod schemas at startup: built on first use', () => {
  it('are not built when the Worker is loaded and serves its pages', async () => {
    const client = await freshlyLoaded()
    for (const page of ['/password/initialize', '/login-id/notify', '/password/change']) {
      expect((await client.request(page)).status, page).toBe(200)
    }
    expect((await client.request('/healthz')).status).toBeLessThan(300)
    expect(zod.calls).toBe(0)
  })

  it("are built by a form's first post, and only once", async () => {
    const client = await freshlyLoaded()
    const first = await client.postForm('/password/initialize', TARO, from('192.0.2.11'))
    expect(first.status).toBe(303)
    const built = zod.calls
    expect(built).toBeGreaterThan(0)
    const invalid = { ...TARO, loginId: '12' }
    const again = await client.postForm('/password/initialize', invalid, from('192.0.2.12'))
    expect(again.status).toBe(422)
    expect(zod.calls).toBe(built)
  })

  it('are built for a JSON route by its first body, and only once', async () => {
    const client = await freshlyLoaded()
    const path = '/api/v1/password-initializations'
    const first = await postJson(client, path, TARO_JSON, from('192.0.2.13'))
    expect(first.status).toBe(202)
    const built = zod.calls
    expect(built).toBeGreaterThan(0)
    const again = await postJson(client, path, { ...TARO_JSON, loginId: '12' }, from('192.0.2.14'))
    expect(again.status).toBe(422)
    expect(zod.calls).toBe(built)
  })
})

describe('the page texts at startup: built on first use', () => {
  it('are built by the first page (its language switcher names every language), and once', async () => {
    const client = await freshlyLoaded()
    expect(korean.built).toBe(0)
    expect((await client.request('/password/initialize?lang=ja')).status).toBe(200)
    expect(korean.built).toBe(1)
    const page = await client.request('/login-id/notify?lang=ko')
    expect(await page.text()).toContain('lang="ko"')
    expect(korean.built).toBe(1)
  })
})
