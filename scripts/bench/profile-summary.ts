// Where a profiled window's isolate CPU goes (`npm run bench -- profile-summary DIR [--top N]
// [--match TEXT]`): reads the .cpuprofile files `bench -- isolate --save-profiles DIR` kept and
// prints, per file, the functions with the most self time and the most total time (a function's
// own samples and those of everything it called), as shares of the non-idle samples. Files whose
// name contains --match only. Node only.
import { readdirSync, readFileSync } from 'node:fs'
import { SourceMap, type SourceMapping } from 'node:module'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples?: number[]
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    match: { type: 'string', default: '' },
    map: { type: 'string' },
  },
})
const dir = positionals[0]
if (!dir) throw new Error('usage: profile-summary DIR [--top N] [--match TEXT] [--map FILE]')
const top = Number(values.top)

const sourceMap = values.map ? new SourceMap(JSON.parse(readFileSync(values.map, 'utf8'))) : null

/** A frame's name and place: its source file and line through the map, else the bundle's. */
const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame
  const name = functionName || '(anonymous)'
  if (!url) return name
  const found = url === 'index.js' ? sourceMap?.findEntry(lineNumber, columnNumber) : undefined
  // A mapping may have no source (code the bundler wrote itself): named by the bundle's place then.
  const entry =
    found && typeof (found as Partial<SourceMapping>).originalSource === 'string'
      ? (found as SourceMapping)
      : undefined
  if (entry) {
    const source = entry.originalSource
      .replace(/^.*node_modules\//, '')
      .replace(/^.*\/src\//, 'src/')
    return `${name} ${source}:${entry.originalLine + 1}`
  }
  return `${name} ${url}:${lineNumber + 1}:${columnNumber + 1}`
}

for (const file of readdirSync(dir)
  .filter((one) => one.endsWith('.cpuprofile'))
  .sort()) {
  if (!file.includes(values.match)) continue
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let active = 0
  for (const id of profile.samples ?? []) {
    const node = byId.get(id)
    if (!node || node.callFrame.functionName === '(idle)') continue
    active++
    const name = label(node)
    self.set(name, (self.get(name) ?? 0) + 1)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const one = byId.get(at)
      if (!one) break
      const name = label(one)
      if (seen.has(name)) continue
      seen.add(name)
      total.set(name, (total.get(name) ?? 0) + 1)
    }
  }
  const table = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, n]) => `  ${((100 * n) / active).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n')
  console.log(
    `\n## ${file}: ${active} non-idle samples\n\nself:\n${table(self)}\n\ntotal:\n${table(total)}`,
  )
}
