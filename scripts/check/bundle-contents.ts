// What the Worker's bundle must leave out (`npm run check:bundle`, part of `npm test`), read from
// esbuild's metafile of the same `wrangler deploy --dry-run`: none of Zod's JSON Schema generator
// and none of src/'s OpenAPI builders, since the document is generated ahead of time by
// `npm run build:openapi` (assets/openapi-template.json, which the Worker reads through ASSETS).
// It was an e2e test that ran a dry run of its own (docs/testing.md).
import { readFileSync } from 'node:fs'

const metafile = process.argv[2] ?? '.wrangler/dry-run.meta.json'

/** Zod's JSON Schema generator: `toJSONSchema` and the modules it is made of. */
const JSON_SCHEMA_GENERATOR =
  /\/zod\/v4\/core\/(to-json-schema|json-schema-generator|json-schema-processors)\.js$/

// esbuild's account of the bundle: every module it read, and the bytes each left in it.
const meta = JSON.parse(readFileSync(metafile, 'utf8')) as {
  inputs: Record<string, object>
  outputs: Record<
    string,
    { entryPoint?: string; inputs: Record<string, { bytesInOutput: number }> }
  >
}
const script = Object.values(meta.outputs).find((output) => output.entryPoint)
const bundled = Object.entries(script?.inputs ?? {})
  .filter(([, input]) => input.bytesInOutput > 0)
  .map(([path]) => path)

const SERVED_OPENAPI = new Set(['src/openapi/json-template.ts', 'src/openapi/route.ts'])

const problems = [
  // zod/mini imports the generator, so esbuild reads it: it must leave none of it in.
  Object.keys(meta.inputs).filter((path) => JSON_SCHEMA_GENERATOR.test(path)).length !== 3 &&
    "esbuild no longer reads Zod's three JSON Schema generator modules: update this check",
  bundled.filter((path) => /\/zod\/v4\/mini\/schemas\.js$/.test(path)).length !== 1 &&
    'the bundle does not carry zod/mini: update this check',
  ...bundled
    .filter((path) => JSON_SCHEMA_GENERATOR.test(path))
    .map((path) => `the bundle carries Zod's JSON Schema generator: ${path}`),
  ...bundled
    // What the Worker serves: the generated document, its holes' filling and its route; every
    // other module of src/openapi/ builds the document at build time.
    .filter((path) => path.startsWith('src/openapi/') && !SERVED_OPENAPI.has(path))
    .map((path) => `the bundle carries an OpenAPI builder: ${path}`),
  !bundled.includes('src/openapi/route.ts') &&
    'the bundle does not carry src/openapi/route.ts: update this check',
].filter((problem) => problem !== false)

if (problems.length > 0) {
  for (const problem of problems) console.error(`bundle contents: ${problem}`)
  process.exit(1)
}
console.log(
  `bundle contents: ${bundled.length} modules, none of Zod's JSON Schema generator or src/'s OpenAPI builders`,
)
