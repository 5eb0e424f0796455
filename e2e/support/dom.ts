// Reads from the page's DOM. The root tsconfig has no DOM library (the Worker's types would
// clash with it), so these run as strings; playwright evaluates them even with JavaScript off.
import type { Page } from 'playwright-core'

/** The id of the focused element (document.activeElement), or null. */
export function focusedElementId(page: Page): Promise<string | null> {
  return page.evaluate<string | null>('document.activeElement ? document.activeElement.id : null')
}

/** One computed CSS property of the first element matching `selector`. */
export function computedStyle(page: Page, selector: string, property: string): Promise<string> {
  return page.evaluate<string>(
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)})`,
  )
}
