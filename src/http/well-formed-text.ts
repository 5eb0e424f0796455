// Named imports from the core: `z.core.$ZodError` as a value would make the bundler keep all of
// `z.core` (the JSON Schema generator and every locale: 70 KiB gzip).
import { $ZodError, type $ZodIssue } from 'zod/v4/core'
import { codedIssue } from '../identity/fields'

/** Where a value sits in the body: its key, under its parent's. */
type Place = { key: PropertyKey; parent: Place | undefined } | undefined
type Visit = { value: unknown; at: Place }

const pathOf = (place: Place): PropertyKey[] => {
  const path: PropertyKey[] = []
  for (let p = place; p !== undefined; p = p.parent) path.unshift(p.key)
  return path
}

const illFormed = (input: string, path: PropertyKey[]): $ZodIssue => ({
  ...codedIssue('control_characters', input, path),
  path,
})

/**
 * One `control_characters` issue per string in a parsed JSON body, key or value, that is not
 * well-formed UTF-16: a lone surrogate (`"\ud800"`) is valid JSON and valid UTF-8 on the wire,
 * but can not be stored or mailed as text. The form route never sees one: its body must be UTF-8
 * once its escapes are decoded (src/middleware/utf8-form-body.ts). See docs/operations.md.
 */
export function illFormedTextIssues(body: unknown): $ZodIssue[] {
  const issues: $ZodIssue[] = []
  // A stack of values with their parents, not recursion nor copied paths: a body may nest
  // thousands deep within 16 KiB.
  const pending: Visit[] = [{ value: body, at: undefined }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, at } = next
    if (typeof value === 'string') {
      if (!value.isWellFormed()) issues.push(illFormed(value, pathOf(at)))
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value)
    // Pushed last to first, so they are visited in the body's order.
    for (const [key, item] of entries.reverse()) {
      pending.push({ value: item, at: { key, parent: at } })
    }
    for (const [key] of entries.reverse()) {
      if (typeof key === 'string' && !key.isWellFormed()) {
        issues.push(illFormed(key, pathOf({ key, parent: at })))
      }
    }
  }
  return issues
}

/** A failed parse holding `issues`, shaped as Zod's own `safeParse` result. */
export const failedParse = (issues: $ZodIssue[]) => ({
  success: false as const,
  error: new $ZodError(issues),
})
