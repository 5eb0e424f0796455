/**
 * JSON text made ahead of time with holes for values known only later, each inside a JSON string:
 * the OpenAPI document is generated at build time, its server URL and service name come from the
 * request's settings (assets/openapi-template.json).
 */
export interface JsonTemplate<Hole extends string> {
  /** The text before, between and after the holes: one more than there are holes. */
  texts: readonly string[]
  /** The holes in the order they appear; a name may appear more than once. */
  holes: readonly Hole[]
}

/** Marks a hole while the document is stringified: a private-use character JSON keeps as is. */
const MARK = '\uE000'

/**
 * The template of `build`'s JSON text, with a hole wherever `build` wrote one of the values.
 *
 * @example
 * templateOf(['name'], ({ name }) => ({ title: `${name} API` }))
 * // { texts: ['{"title":"', ' API"}'], holes: ['name'] }
 */
export function templateOf<Hole extends string>(
  names: readonly Hole[],
  build: (values: Record<Hole, string>) => unknown,
): JsonTemplate<Hole> {
  const marked = Object.fromEntries(names.map((name) => [name, `${MARK}${name}${MARK}`]))
  // Split on the marks, the parts alternate: text, a hole's name, text, …
  const parts = JSON.stringify(build(marked as Record<Hole, string>)).split(MARK)
  const holes = parts.filter((_, index) => index % 2 === 1)
  for (const hole of holes) {
    if (!names.includes(hole as Hole)) {
      throw new Error(`A value was changed on its way into the JSON: ${JSON.stringify(hole)}`)
    }
  }
  for (const name of names) {
    if (!holes.includes(name)) throw new Error(`${name} is not in the JSON`)
  }
  return { texts: parts.filter((_, index) => index % 2 === 0), holes: holes as Hole[] }
}

/** The template with its holes filled: byte for byte what `JSON.stringify` writes of the values. */
export function filledIn<Hole extends string>(
  template: JsonTemplate<Hole>,
  values: Record<Hole, string>,
): string {
  // A string's escaped text is the same inside any JSON string: what stringify puts between quotes.
  const escaped = template.holes.map((hole) => JSON.stringify(values[hole]).slice(1, -1))
  return template.texts.map((text, index) => (escaped[index - 1] ?? '') + text).join('')
}
