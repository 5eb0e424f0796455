import type { Context } from 'hono'
import { jsx } from 'hono/jsx/jsx-runtime'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../src/platform/context'
import { renderPage, usePage } from '../../src/views/page-context'

/** A request as far as a page reads it: its language and the settings' service name. */
const request = (locale: string, serviceName: string) =>
  ({
    get: (name: string) =>
      name === 'locale' ? locale : name === 'services' ? { config: { serviceName } } : undefined,
    env: { SERVICE_NAME: 'from env' },
  }) as unknown as Context<AppEnv>

const Heading = () => {
  const { locale, serviceName, t } = usePage()
  return jsx('h1', { lang: locale, children: `${serviceName}: ${t.languageName}` })
}

describe('renderPage (the pages middleware without hono/jsx-renderer)', () => {
  it('gives usePage() the request being rendered, and each render its own', () => {
    expect(renderPage(request('en', 'Service A'), jsx(Heading, {}))).toBe(
      '<h1 lang="en">Service A: English</h1>',
    )
    expect(renderPage(request('ja', 'Service B'), jsx(Heading, {}))).toBe(
      '<h1 lang="ja">Service B: 日本語</h1>',
    )
  })

  it('restores the outer request after a page rendered inside another', () => {
    const Outer = () => {
      const inner = renderPage(request('ko', 'Inner'), jsx(Heading, {}))
      return jsx('div', { 'data-inner': inner, children: jsx(Heading, {}) })
    }
    const html = renderPage(request('en', 'Outer'), jsx(Outer, {}))
    expect(html).toContain('<h1 lang="en">Outer: English</h1>')
    expect(html).toContain('Inner: 한국어')
  })

  it('refuses usePage() outside a render, and an asynchronous page', () => {
    expect(() => usePage()).toThrow('outside a page render')
    const Late = async () => jsx('p', { children: 'late' })
    expect(() => renderPage(request('en', 'S'), jsx(Late, {}))).toThrow('asynchronously')
    // The refused render left no request behind.
    expect(() => usePage()).toThrow('outside a page render')
  })
})
