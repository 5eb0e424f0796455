// The bundle budget (`npm run check:bundle`, part of `npm test`): the Worker as `wrangler deploy`
// uploads it (every module of `wrangler deploy --dry-run --outdir`, source maps aside), gzipped,
// must stay within BUDGET_KIB. Why 160 KiB, and what the peer weighs: docs/decisions/025-bundle-budget.md.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_KIB = 160
const dir = process.argv[2] ?? '.wrangler/dry-run'

const modules = readdirSync(dir).filter((name) => /\.(js|mjs|wasm)$/.test(name))
if (!modules.some((name) => name.endsWith('.js'))) {
  console.error(`bundle budget: no Worker module in ${dir}; run wrangler deploy --dry-run first`)
  process.exit(2)
}
const bytes = modules.map((name) => readFileSync(join(dir, name)))
const rawKib = bytes.reduce((sum, one) => sum + one.length, 0) / 1024
const gzipKib = bytes.reduce((sum, one) => sum + gzipSync(one).length, 0) / 1024
const verdict = gzipKib <= BUDGET_KIB ? 'within' : 'OVER'
console.log(
  `bundle: ${rawKib.toFixed(1)} KiB, gzip ${gzipKib.toFixed(1)} KiB: ${verdict} the budget of ${BUDGET_KIB} KiB`,
)
if (gzipKib > BUDGET_KIB) process.exit(1)
