// Writes assets/openapi-template.json (`npm run build:openapi`): the OpenAPI document that
// GET /api/v1/openapi.json serves, built from the Zod schemas that validate the routes and each
// route's own description (src/openapi/document.ts), with holes for the server URL and the service
// name, which the route fills in from its settings. Built here so that the Worker does not carry
// Zod's JSON Schema generator (docs/performance.md), and kept out of the bundle as a static asset
// the Worker reads through its ASSETS binding (docs/decisions/025-bundle-budget.md). Run it after
// changing a schema or a route's OpenAPI description: test/openapi/document.test.ts fails until
// the generated file matches again.
//
// It runs in plain Node, not in workerd: nothing the document imports needs a `cloudflare:*`
// module, and the JSON Schemas do not depend on the runtime (the test, in workerd, would show it
// if they did). The procedures' descriptors import their pages (TSX), which support/resolve-ts.ts
// transpiles.
import { mkdirSync, writeFileSync } from 'node:fs'
import { openApiTemplate } from '../src/openapi/document.ts'

const OUT = 'assets/openapi-template.json'

const template = openApiTemplate()
mkdirSync('assets', { recursive: true })
// One line, as src/openapi/route.ts reads it: `{ holes, texts }` (src/openapi/json-template.ts).
writeFileSync(OUT, `${JSON.stringify({ holes: template.holes, texts: template.texts })}\n`)
const length = template.texts.reduce((sum, text) => sum + text.length, 0)
console.log(`Wrote ${OUT}: ${length} characters of JSON, holes ${template.holes.join(', ')}`)
