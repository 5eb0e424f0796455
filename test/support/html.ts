/** One parsed element: its tag, attributes (entity-decoded), text content and place in the tree. */
export interface HtmlElement {
  tag: string
  attributes: ReadonlyMap<string, string>
  /** The decoded text of every text node inside the element, white space folded. */
  text: string
  parent: HtmlElement | undefined
  children: HtmlElement[]
  attr(name: string): string | undefined
  /** This element's descendants in document order. */
  descendants(): HtmlElement[]
}

/** A parsed page: every element in document order, with a few lookups. */
export interface HtmlDocument {
  elements: readonly HtmlElement[]
  /** Tags of the elements, lower-cased, in document order. */
  all(tag: string): HtmlElement[]
  byId(id: string): HtmlElement | undefined
  /** The element with this id; fails the test with a clear message when it is missing. */
  getById(id: string): HtmlElement
  /** The elements whose `aria-describedby` ids resolve, in order. */
  describedBy(element: HtmlElement): HtmlElement[]
}

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
])

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
}

/** Decodes the character references Hono's escaping produces (and a few more). */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) {
      return String.fromCodePoint(Number.parseInt(ref.slice(2), 16))
    }
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10))
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole
  })
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim()

function makeElement(tag: string, attributes: Map<string, string>, parent?: HtmlElement) {
  const rawText: string[] = []
  const element: HtmlElement & { rawText: string[] } = {
    tag,
    attributes,
    rawText,
    get text() {
      return fold(decodeEntities(rawText.join('')))
    },
    parent,
    children: [],
    attr: (name) => attributes.get(name),
    descendants: () => element.children.flatMap((child) => [child, ...child.descendants()]),
  }
  return element
}

/**
 * Parses HTML with workerd's HTMLRewriter (the streaming parser Workers ship), so tests assert on
 * elements and attributes rather than on the exact spelling of the markup.
 *
 * @example
 * const page = await parseHtml(await response.text())
 * expect(page.getById('loginId').attr('autocomplete')).toBe('username')
 */
export async function parseHtml(html: string): Promise<HtmlDocument> {
  const elements: Array<ReturnType<typeof makeElement>> = []
  const open: Array<ReturnType<typeof makeElement>> = []

  const rewriter = new HTMLRewriter()
    .on('*', {
      element(el) {
        const attributes = new Map<string, string>()
        for (const [name, value] of el.attributes) {
          if (name !== undefined) attributes.set(name, decodeEntities(value ?? ''))
        }
        const parent = open.at(-1)
        const element = makeElement(el.tagName.toLowerCase(), attributes, parent)
        parent?.children.push(element)
        elements.push(element)
        if (VOID_ELEMENTS.has(element.tag)) return
        open.push(element)
        el.onEndTag(() => {
          open.splice(open.lastIndexOf(element), 1)
        })
      },
    })
    .onDocument({
      text(chunk) {
        for (const element of open) element.rawText.push(chunk.text)
      },
    })
  await rewriter.transform(new Response(html)).text()

  const byId = (id: string) => elements.find((element) => element.attr('id') === id)
  return {
    elements,
    all: (tag) => elements.filter((element) => element.tag === tag.toLowerCase()),
    byId,
    getById(id) {
      const element = byId(id)
      if (element === undefined) throw new Error(`No element with id="${id}" on the page`)
      return element
    },
    describedBy(element) {
      const ids = (element.attr('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
      return ids.flatMap((id) => {
        const target = byId(id)
        return target ? [target] : []
      })
    },
  }
}

/** The closest ancestor of `element` with the tag, if any. */
export function closest(element: HtmlElement, tag: string): HtmlElement | undefined {
  let current = element.parent
  while (current !== undefined && current.tag !== tag) current = current.parent
  return current
}

/** Reads and parses an HTML response's body. */
export async function readPage(response: Response): Promise<HtmlDocument> {
  return parseHtml(await response.text())
}
