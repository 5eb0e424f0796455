/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'

/** The source of every file of a folder of src/, by path. */
const sources = {
  platform: import.meta.glob<string>('../src/platform/*.{ts,tsx}', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
  kernel: import.meta.glob<string>(
    ['../src/identity/*.ts', '../src/credentials/*.ts', '../src/mail/*.ts'],
    { query: '?raw', import: 'default', eager: true },
  ),
  all: import.meta.glob<string>('../src/**/*.{ts,tsx}', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
  tests: import.meta.glob<string>(['./**/*.test.ts', '../e2e/**/*.test.ts'], {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
  code: import.meta.glob<string>(
    ['../src/**/*.{ts,tsx}', './**/*.{ts,tsx}', '../e2e/**/*.ts', '../scripts/**/*.{ts,mjs}'],
    { query: '?raw', import: 'default', eager: true },
  ),
}

/** A file's lines, as `wc -l` counts them. */
const linesOf = (source: string) => source.split('\n').length - (source.endsWith('\n') ? 1 : 0)

/** The files of src/ that may be long: generated data, word lists and the languages' catalogs. */
const LONG_BY_NATURE =
  /\.generated\.ts$|\/common-passwords\.ts$|\/i18n\/(pages|api|mail)\/[\w-]+\.ts$/

/** The file names of a folder of src/. */
const namesIn = (folder: string) =>
  Object.keys(sources.all)
    .filter((path) => path.startsWith(`../src/${folder}/`))
    .map((path) => path.slice(`../src/${folder}/`.length))

/**
 * A module's imports that stay in the bundle (`import type` and `export type` are erased), static
 * or dynamic (`import('…')`): the specifier is the first group or the second.
 */
const VALUE_IMPORT =
  /^(?:import|export)\s+(?!type\s)(?:[^'";=(]*?\s+from\s+)?'([^']+)'|\bimport\('([^']+)'\)/gm

/** The module of src/ that `specifier` names in `importer`, as bundlers resolve it. */
function moduleAt(importer: string, specifier: string): string {
  const path = `..${new URL(specifier, `file:///${importer.slice('../'.length)}`).pathname}`
  const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx']
    .map((suffix) => `${path}${suffix}`)
    .find((candidate) => candidate in sources.all)
  if (found === undefined) throw new Error(`${importer} imports ${specifier}, not a module of src/`)
  return found
}

/**
 * The modules of src/ that `entry` reaches through imports that stay in the bundle, and the
 * packages they import.
 */
function reachableFrom(entry: string) {
  const modules = new Set<string>()
  const packages = new Set<string>()
  const pending = [entry]
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (modules.has(path)) continue
    modules.add(path)
    for (const [, imported, loaded] of (sources.all[path] ?? '').matchAll(VALUE_IMPORT)) {
      const specifier = imported ?? loaded ?? ''
      if (specifier.startsWith('.')) pending.push(moduleAt(path, specifier))
      else packages.add(specifier)
    }
  }
  return { modules, packages }
}

/** Zod's JSON Schema generator, which only the OpenAPI document's build needs. */
const JSON_SCHEMA_GENERATOR = /\btoJSONSchema\b|\bJSONSchemaGenerator\b/

/** What every POST is answered with, shared by the pages, the procedures' JSON and the API. */
const SHARED_HTTP = ['json-body.ts', 'json-duplicate-key.ts', 'field-errors.ts']

/** What the API answers with and who may call it: under middleware/, which answers with them too. */
const API = [
  'problem.ts',
  'field-messages.ts',
  'json-locale.ts',
  'api-keys.ts',
  'api-key-quota.ts',
  'scopes.ts',
]

/** Every import of a module of src/, `import type` included: what a reader follows. */
const ANY_IMPORT =
  /^(?:import|export)\s+(?:type\s+)?(?:[^'";=(]*?\s+from\s+)?'(\.[^']+)'|\bimport\('(\.[^']+)'\)/gm

/** The import circles among src/'s modules: each as the path that closes it. */
function importCircles(): string[][] {
  const circles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const visit = (path: string, trail: string[]) => {
    if (state.get(path) === 'done') return
    if (state.get(path) === 'open') {
      circles.push([...trail.slice(trail.indexOf(path)), path])
      return
    }
    state.set(path, 'open')
    for (const [, imported, loaded] of (sources.all[path] ?? '').matchAll(ANY_IMPORT)) {
      visit(moduleAt(path, imported ?? loaded ?? ''), [...trail, path])
    }
    state.set(path, 'done')
  }
  for (const path of Object.keys(sources.all)) visit(path, [])
  return circles
}

/**
 * The layers of src/, from the top down (docs/architecture.md#layers): a module imports only from
 * its own layer or one below. An entry is a folder (`http/`) or a file (`lazy.ts`); a module
 * belongs to the longest entry its path starts with, so `db/schema/` lies apart from `db/`.
 */
const LAYERS: ReadonlyArray<ReadonlyArray<string>> = [
  ['index.ts', 'worker.ts', 'app.tsx'],
  ['queue/'],
  ['openapi/'],
  ['procedures/', 'accounts/', 'probes/', 'ops/'],
  ['http/'],
  ['middleware/'],
  ['api/'],
  ['views/', 'mail/', 'events/'],
  ['db/'],
  ['platform/'],
  ['db/schema/'],
  ['identity/', 'credentials/'],
  ['i18n/'],
  ['lazy.ts', 'max-body-size.ts'],
]

/** A module's layer: its index in LAYERS (0 is the top), by the longest entry that holds it. */
function layerOf(path: string): { layer: number; entry: string } {
  const inSrc = path.slice('../src/'.length)
  const matches = LAYERS.flatMap((entries, layer) =>
    entries
      .filter((entry) => inSrc === entry || (entry.endsWith('/') && inSrc.startsWith(entry)))
      .map((entry) => ({ layer, entry })),
  )
  const found = matches.sort((a, b) => b.entry.length - a.entry.length)[0]
  if (found === undefined) throw new Error(`${path} is in no layer of LAYERS`)
  return found
}

/**
 * platform/ (the context and the bindings' seams) names in types what the layers above put in a
 * request (`AppEnv`, the work queue's messages); those imports are erased from the bundle. Every
 * other import, `import type` included, keeps to the order.
 */
const TYPES_MAY_LOOK_UP = '../src/platform/'

/** Every import of src/ that runs from a lower layer to a higher one, as `importer -> imported`. */
function upwardImports(): string[] {
  const upward: string[] = []
  for (const [path, source] of Object.entries(sources.all)) {
    const from = layerOf(path)
    for (const match of source.matchAll(ANY_IMPORT)) {
      const imported = moduleAt(path, match[1] ?? match[2] ?? '')
      const typeOnly = /^(?:import|export)\s+type\s/.test(match[0])
      if (typeOnly && path.startsWith(TYPES_MAY_LOOK_UP)) continue
      const to = layerOf(imported)
      if (to.layer < from.layer) {
        upward.push(`${path} (${from.entry}) -> ${imported} (${to.entry})`)
      }
    }
  }
  return upward
}

describe('the layout (docs/architecture.md)', () => {
  it('keeps the layers in order: no import from a lower layer to a higher one', () => {
    // Every module of src/ is in a layer, and the walk sees the imports.
    for (const path of Object.keys(sources.all)) layerOf(path)
    expect(upwardImports()).toEqual([])
  })

  it('keeps every file of src/ at 250 lines or fewer, but for generated data and catalogs', () => {
    const long = Object.entries(sources.all)
      .filter(([path]) => !LONG_BY_NATURE.test(path))
      .filter(([, source]) => linesOf(source) > 250)
      .map(([path, source]) => `${path}: ${linesOf(source)} lines`)
    expect(long).toEqual([])
  })

  it('keeps every test file at 400 lines or fewer: a file a subject (docs/testing.md)', () => {
    expect(Object.keys(sources.tests).length).toBeGreaterThan(90)
    const long = Object.entries(sources.tests)
      .filter(([, source]) => linesOf(source) > 400)
      .map(([path, source]) => `${path}: ${linesOf(source)} lines`)
    expect(long).toEqual([])
  })

  it('cites docs/, never a numbered section of an outside document or an issue number', () => {
    expect(Object.keys(sources.code).length).toBeGreaterThan(200)
    // Written so that this file does not match itself.
    const outside = new RegExp(`\\b${'SPEC'}\\b|\\b[Ii]${'ssue'}s? #?\\d+`)
    const citing = Object.entries(sources.code)
      .filter(([, source]) => outside.test(source))
      .map(([path, source]) => `${path}: ${source.match(outside)?.[0]}`)
    expect(citing).toEqual([])
  })

  it('has no import circle: every module can be read before the ones that use it', () => {
    expect(Object.keys(sources.all).length).toBeGreaterThan(100)
    expect(importCircles()).toEqual([])
  })

  it('has platform/ (config, context, the bindings) load nothing from the layers above it', () => {
    expect(Object.keys(sources.platform).length).toBeGreaterThan(6)
    const above = /^\.\.\/(api|http|middleware|procedures|queue|probes|ops|openapi|views)\//
    for (const [path, source] of Object.entries(sources.platform)) {
      // Types only go the other way (AppEnv names what the layers above put in a request).
      for (const [, imported, loaded] of source.matchAll(VALUE_IMPORT)) {
        expect(imported ?? loaded, path).not.toMatch(above)
      }
    }
  })

  it('keeps identity/, credentials/ and mail/ free of bindings and of the platform', () => {
    expect(Object.keys(sources.kernel).length).toBeGreaterThan(8)
    for (const [path, source] of Object.entries(sources.kernel)) {
      expect(source, path).not.toMatch(/from '\.\.\/(platform|db|http|api|procedures|queue)\//)
      expect(source, path).not.toMatch(/from 'cloudflare:/)
    }
  })

  it('keeps the shared HTTP pieces in http/, and in api/ the problem documents and API keys', () => {
    expect(namesIn('http')).toEqual(expect.arrayContaining(SHARED_HTTP))
    expect(namesIn('api').sort()).toEqual([...API].sort())
    expect(namesIn('openapi')).toContain('route.ts')
  })

  it('gives no two files of src/ the same name, but for the folders every procedure has', () => {
    const PER_FOLDER =
      /^(routes|schema|service|read|store|views|index|consume|en|ja|ko|zh-Hans|zh-Hant)\.tsx?$/
    const byName = new Map<string, string[]>()
    for (const path of Object.keys(sources.all)) {
      const name = path.slice(path.lastIndexOf('/') + 1)
      if (!PER_FOLDER.test(name)) byName.set(name, [...(byName.get(name) ?? []), path])
    }
    expect([...byName.values()].filter((paths) => paths.length > 1)).toEqual([])
  })

  it('imports Zod as zod/mini only: the classic API would put its schema classes back in the bundle ', () => {
    const importers = Object.entries(sources.all).filter(([, source]) => /from 'zod/.test(source))
    expect(importers.length).toBeGreaterThan(10)
    for (const [path, source] of importers) {
      expect(source, path).not.toMatch(/from 'zod(\/v4|\/v3)?'/)
      expect(source, path).not.toMatch(/from 'zod\/(v4\/)?classic/)
    }
  })

  it("keeps the OpenAPI document's build out of the Worker: it serves what npm run build:openapi generated", () => {
    const worker = reachableFrom('../src/index.ts')
    // The walk sees the whole Worker: the API's route and its generated document, the pages, Zod.
    expect(worker.modules.size).toBeGreaterThan(100)
    expect([...worker.modules]).toEqual(
      expect.arrayContaining([
        '../src/openapi/route.ts',
        '../src/procedures/password-initialization/index.tsx',
        '../src/procedures/credential-verification/routes.ts',
      ]),
    )
    expect([...worker.packages]).toContain('zod/mini')
    for (const path of worker.modules) {
      expect(sources.all[path], path).not.toMatch(JSON_SCHEMA_GENERATOR)
    }
    // And the same walk finds the generator where it is used: from the document's builder.
    const builder = reachableFrom('../src/openapi/document.ts')
    const generating = [...builder.modules].filter((path) =>
      JSON_SCHEMA_GENERATOR.test(sources.all[path] ?? ''),
    )
    expect(generating.sort()).toEqual(['../src/openapi/entry.ts', '../src/openapi/events.ts'])
  })

  it('reads field error codes in http/field-errors.ts alone, from params, never from a message', () => {
    for (const [path, source] of Object.entries(sources.all)) {
      expect(source, path).not.toMatch(/issues?(\[\w+\])?\.message\b/)
      if (!path.endsWith('/http/field-errors.ts')) {
        expect(source, path).not.toMatch(/\.params\??\.code\b/)
      }
    }
  })

  it('reads settings and bindings from env only where the service context is built (docs/architecture.md#the-service-context)', () => {
    // The settings are parsed in config.ts, the bindings put into the one service context in
    // context.ts; worker.ts names the Cloudflare side of each dependency, delayed-bindings.ts
    // wraps them for benchmarks, and /healthz probes the D1 and KV bindings themselves.
    const ALLOWED = [
      '../src/platform/config.ts',
      '../src/platform/context.ts',
      '../src/worker.ts',
      '../src/platform/delayed-bindings.ts',
      '../src/probes/health.ts',
    ]
    const READ = /\bc\.env\.|\bc\.env\s+as\b|=\s*c\.env\b|\benv\.[A-Z]|\benv\s+as\s/
    const code = (source: string) =>
      source
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n')
    const readers = Object.entries(sources.all)
      .filter(([path, source]) => !ALLOWED.includes(path) && READ.test(code(source)))
      .map(([path]) => path)
    expect(readers).toEqual([])
    // The check sees what it looks for: the allowed files do read env.
    expect(READ.test(code(sources.all['../src/platform/config.ts'] ?? ''))).toBe(true)
  })

  it('writes the body limit into texts from src/max-body-size.ts, never as a number of their own', () => {
    for (const [path, source] of Object.entries(sources.all)) {
      if (path.startsWith('../src/i18n/')) expect(source, path).not.toMatch(/\d\s*KiB/)
      if (path !== '../src/max-body-size.ts') {
        expect(source, path).not.toMatch(/MAX_BODY_BYTES\s*=/)
      }
    }
  })
})
