/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'

/** The source of every file of a folder of src/, by path. */
const sources = {
  platform: import.meta.glob<string>('../src/platform/*.{ts,tsx}', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
  kernel: import.meta.glob<string>(
    ['../src/identity/*.ts', '../src/credentials/*.ts', '../src/mail/*.ts'],
    { query: '?raw', import: 'default', eager: true },
  ),
}

describe('the layout (README "Layout")', () => {
  it('has platform/ import nothing from api/, http/, procedures/ or queue/', () => {
    expect(Object.keys(sources.platform).length).toBeGreaterThan(10)
    for (const [path, source] of Object.entries(sources.platform)) {
      expect(source, path).not.toMatch(/from '\.\.\/(api|http|procedures|queue)\//)
    }
  })

  it('keeps identity/, credentials/ and mail/ free of bindings and of the platform', () => {
    expect(Object.keys(sources.kernel).length).toBeGreaterThan(8)
    for (const [path, source] of Object.entries(sources.kernel)) {
      expect(source, path).not.toMatch(/from '\.\.\/(platform|db|http|api|procedures|queue)\//)
      expect(source, path).not.toMatch(/from 'cloudflare:/)
    }
  })
})
