import * as z from 'zod/mini'
import { codedIssue } from '../identity/fields'

const illFormed = (input: string, path: PropertyKey[]): z.core.$ZodIssue => ({
  ...codedIssue('control_characters', input, path),
  path,
})

/**
 * One `control_characters` issue per string in a parsed JSON body, key or value, that is not
 * well-formed UTF-16: a lone surrogate (`"\ud800"`) is valid JSON and valid UTF-8 on the wire,
 * but can not be stored or mailed as text. The form route never sees one: its body must be UTF-8
 * once its escapes are decoded (src/platform/form-body.ts). See docs/operations.md.
 */
export function illFormedTextIssues(value: unknown, path: PropertyKey[] = []): z.core.$ZodIssue[] {
  if (typeof value === 'string') {
    return value.isWellFormed() ? [] : [illFormed(value, path)]
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => illFormedTextIssues(item, [...path, index]))
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.isWellFormed() ? [] : [illFormed(key, [...path, key])]),
      ...illFormedTextIssues(item, [...path, key]),
    ])
  }
  return []
}

/** A failed parse holding `issues`, shaped as Zod's own `safeParse` result. */
export const failedParse = (issues: z.core.$ZodIssue[]) => ({
  success: false as const,
  error: new z.core.$ZodError(issues),
})
