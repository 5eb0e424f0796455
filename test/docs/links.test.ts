// The README and docs/ name files and link to each other; this keeps them from drifting from the
// tree. The texts and the tree are read at config time (test/setup/repository-docs.ts).
import { describe, expect, inject, it } from 'vitest'

const paths = new Set(inject('repositoryPaths'))
const docs = inject('repositoryDocs')

/** The folder a document's relative links start from: `docs/decisions/` for a decision. */
const folderOf = (doc: string) => doc.slice(0, doc.lastIndexOf('/') + 1)

/** `a/../README.md` -> `README.md`; null when it climbs out of the repository. */
function normalize(path: string): string | null {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '..') {
      if (parts.pop() === undefined) return null
    } else if (part !== '.') parts.push(part)
  }
  return parts.join('/')
}

const exists = (path: string) => paths.has(path) || paths.has(`${path.replace(/\/$/, '')}/`)

/** The anchors GitHub gives a Markdown file's headings. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  let fenced = false
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const heading = fenced ? null : /^#{1,6} (.+)$/.exec(line)
    if (heading?.[1]) {
      anchors.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s_-]/gu, '')
          .replace(/\s/g, '-'),
      )
    }
  }
  return anchors
}

/** Every `[text](target)` link that is not a URL. */
function relativeLinks(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
}

const NAMED_PATH = /(?<![\w./-])(?:src|test|e2e|scripts|migrations)\/[\w./*-]*/g

/** Every `src/…`, `test/…`, `e2e/…`, `scripts/…` and `migrations/…` path a text names. */
function namedPaths(text: string): string[] {
  return [...text.matchAll(NAMED_PATH)].map((match) => match[0].replace(/[.]+$/, ''))
}

/** Whether a named path exists; `*` stands for one path segment's characters. */
function pathExists(path: string): boolean {
  if (!path.includes('*')) return exists(path)
  const pattern = new RegExp(
    `^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}/?$`,
  )
  return [...paths].some((candidate) => pattern.test(candidate))
}

describe('The README and docs/', () => {
  it('are there to check', () => {
    expect(Object.keys(docs)).toContain('README.md')
    expect(Object.keys(docs)).toContain('docs/contract.md')
  })

  it('link only to files and headings that exist', () => {
    const broken: string[] = []
    for (const [doc, text] of Object.entries(docs)) {
      for (const link of relativeLinks(text)) {
        const [target = '', anchor] = link.split('#')
        const file = target === '' ? doc : normalize(folderOf(doc) + target)
        if (file === null || !exists(file)) {
          broken.push(`${doc}: ${link} (no such file)`)
          continue
        }
        if (anchor === undefined || !file.endsWith('.md')) continue
        const linked = docs[file]
        if (linked !== undefined && !anchorsOf(linked).has(anchor)) {
          broken.push(`${doc}: ${link} (no such heading)`)
        }
      }
    }
    expect(broken).toEqual([])
  })

  it('name only src/, test/, e2e/, scripts/ and migrations/ paths that exist', () => {
    const missing: string[] = []
    for (const [doc, text] of Object.entries(docs)) {
      for (const path of namedPaths(text)) {
        if (!pathExists(path)) missing.push(`${doc}: ${path}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('are cited by src/, test/, scripts/ and e2e/ only at files and headings that exist', () => {
    const broken = inject('docsCitations').filter((citation) => {
      const [, file = '', anchor] = /: (docs\/[^#]+)(?:#(.+))?$/.exec(citation) ?? []
      const doc = docs[file]
      return doc === undefined ? !exists(file) : anchor !== undefined && !anchorsOf(doc).has(anchor)
    })
    expect(broken).toEqual([])
  })

  it('tells a missing path, a broken link and a missing heading apart from good ones', () => {
    expect(pathExists('src/index.ts')).toBe(true)
    expect(pathExists('src/procedures/*/schema.ts')).toBe(true)
    expect(pathExists('src/credentials/rehash.ts')).toBe(false)
    expect(namedPaths('see `src/app.tsx`, then test/ (and a doc).')).toEqual([
      'src/app.tsx',
      'test/',
    ])
    expect(relativeLinks('[a](api.md#x) [b](https://example.com) [c](#y)')).toEqual([
      'api.md#x',
      '#y',
    ])
    expect(anchorsOf('## 2. Every `log` and store\n```\n# not a heading\n```')).toEqual(
      new Set(['2-every-log-and-store']),
    )
  })
})
