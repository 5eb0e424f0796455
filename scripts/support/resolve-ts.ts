// Lets the command-line scripts import the Worker's modules (src/), whose imports leave out the
// `.ts` extension (and `/index.tsx`) as bundlers allow: Node's own resolution needs it. Node strips
// the types of `.ts` files itself but does not read JSX, so `.tsx` files (the pages) are
// transpiled with the project's TypeScript and tsconfig.json's JSX settings. `node --import` this file.
import { readFileSync } from 'node:fs'
import { createRequire, registerHooks } from 'node:module'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as TypeScript from 'typescript'

const HAS_EXTENSION = /\.[cm]?[jt]sx?$|\.json$/
const TSCONFIG = resolve(import.meta.dirname, '../../tsconfig.json')

/** TypeScript's options for a `.tsx` module: tsconfig.json's, read on the first one. */
let typescript: { ts: typeof TypeScript; options: TypeScript.CompilerOptions } | undefined

function transpiledTsx(source: string, path: string): string {
  if (typescript === undefined) {
    const ts: typeof TypeScript = createRequire(import.meta.url)('typescript')
    const { config } = ts.readConfigFile(TSCONFIG, ts.sys.readFile)
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, TSCONFIG)
    typescript = { ts, options }
  }
  const { ts, options } = typescript
  return ts.transpileModule(source, { compilerOptions: options, fileName: path }).outputText
}

/**
 * The format Node found for a file in node_modules, by its folder and extension: the same for
 * every such file of one folder (the nearest package.json's `type` decides it), so a relative
 * import of another one is resolved here. Node looks the format up again for each file, reading
 * the package.json each time, and drizzle-orm's is large and its modules many: that was most of a
 * command's start (a second of CPU).
 */
const packageFormats = new Map<string, string>()
const PACKAGE_FILE = /^(file:\/\/.*\/node_modules\/.*\/)[^/]*(\.[cm]?js)$/

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && context.parentURL) {
      const url = new URL(specifier, context.parentURL).href
      const file = PACKAGE_FILE.exec(url)
      const format = file && packageFormats.get(`${file[1]}${file[2]}`)
      if (format) return { url, format, shortCircuit: true }
    }
    try {
      const resolved = nextResolve(specifier, context)
      const file = PACKAGE_FILE.exec(resolved.url)
      if (file && resolved.format) packageFormats.set(`${file[1]}${file[2]}`, resolved.format)
      return resolved
    } catch (error) {
      if (!specifier.startsWith('.') || HAS_EXTENSION.test(specifier)) throw error
      for (const candidate of ['.ts', '.tsx', '/index.ts', '/index.tsx']) {
        try {
          return nextResolve(`${specifier}${candidate}`, context)
        } catch {}
      }
      throw error
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.tsx')) return nextLoad(url, context)
    const path = fileURLToPath(url)
    const source = transpiledTsx(readFileSync(path, 'utf8'), path)
    return { format: 'module', source, shortCircuit: true }
  },
})
