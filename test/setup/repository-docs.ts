// Read at config time (Node) for test/docs/links.test.ts: workerd, where the tests run, reads no
// files, so the Markdown and the repository's paths are handed over with Vitest's `provide`.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const SKIPPED = new Set(['node_modules', '.git', '.wrangler'])

/** Every file and folder of the repository, as `a/b/c.ts` and `a/b/`, build output left out. */
export function repositoryPaths(root: string, dir = ''): string[] {
  const paths: string[] = []
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`
    if (entry.isDirectory()) paths.push(`${path}/`, ...repositoryPaths(root, path))
    else paths.push(path)
  }
  return paths
}

/** README.md and every docs/**.md, path to text. */
export function repositoryDocs(root: string, paths: string[]): Record<string, string> {
  const docs = paths.filter((path) => path === 'README.md' || /^docs\/.*\.md$/.test(path))
  return Object.fromEntries(docs.map((path) => [path, readFileSync(join(root, path), 'utf8')]))
}

/** Every `docs/…` citation in src/, test/, scripts/ and e2e/ sources: `file: docs/<file>.md#<heading>`. */
export function docsCitations(root: string, paths: string[]): string[] {
  const sources = paths.filter(
    (path) => /^(src|test|scripts|e2e)\/.*\.tsx?$/.test(path) && !path.endsWith('.generated.ts'),
  )
  return sources.flatMap((path) =>
    [...readFileSync(join(root, path), 'utf8').matchAll(/docs\/[\w./-]*\.md(#[\w-]+)?/g)].map(
      (match) => `${path}: ${match[0]}`,
    ),
  )
}
