/** Reading a rendered form page the way a test needs to: one field's tag, the error summary. */

/** The characters Hono JSX escapes in text and attribute values, escaped the same way. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

/** The opening `<input>` or `<select>` tag whose id is `field`, or undefined. */
export function fieldTag(page: string, field: string): string | undefined {
  return new RegExp(`<(?:input|select)\\b[^>]*\\bid="${field}"[^>]*>`).exec(page)?.[0]
}

/** The error summary at the top of the form (its whole `<div>`), or undefined. */
export function errorSummary(page: string): string | undefined {
  return /<div class="error-summary"[^>]*>[\s\S]*?<\/ul>\s*<\/div>/.exec(page)?.[0]
}
