// axe-core, run inside the page. Its source is evaluated through the DevTools protocol, which the
// page's CSP (script-src 'none') does not govern, so the page is checked exactly as served.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

/** One rule axe found broken, with the elements that break it. */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/** Every axe rule the page breaks (WCAG 2.x A and AA, and axe's best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    type Result = {
      violations: Array<{
        id: string
        impact: string | null
        help: string
        nodes: Array<{ target: string[] }>
      }>
    }
    const axe = (globalThis as unknown as { axe: { run: () => Promise<Result> } }).axe
    const { violations } = await axe.run()
    return violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }))
  })
}
