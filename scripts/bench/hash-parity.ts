// Same cost for every stored hash (`npm run bench -- hash-parity`): wrong passwords sent to
// POST /api/v1/credential-verifications for accounts whose stored hash is a bare legacy
// `$pbkdf2-sha256$i=10000` (the cheapest accepted), for accounts with today's Argon2id, and for
// unknown login IDs. Each round sends the three at once (concurrently, in a random order); a
// fresh login ID each round, so none reaches the lockout. Prints each case's median and p90 and
// the largest difference of medians. Target: within 1 ms or 10 % (docs/performance.md).
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto'
import { clientAddress, quantile, startBenchServer } from './server.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200)
const PORT = Number(process.env.BENCH_PORT ?? 8797)
const PASSWORD = 'Current-Pa55word!'
const KEY = 'pik_bench-hash-parity-credential-verification'

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '')
const legacyHash = (iterations: number) => {
  const salt = randomBytes(16)
  return `$pbkdf2-sha256$i=${iterations}$${b64(salt)}$${b64(pbkdf2Sync(PASSWORD, salt, iterations, 32, 'sha256'))}`
}
const LEGACY_10K = legacyHash(10_000)
const LEGACY_100K = legacyHash(100_000)

const legacyId = (round: number) => String(810_000_000 + round)
const argon2idId = (round: number) => String(820_000_000 + round)
const unknownId = (round: number) => String(830_000_000 + round)

const account = (loginId: string, hash: string, n: number) =>
  `INSERT INTO accounts (login_id, kind, status, locale, organization_name, password_hash, contact_given_name, contact_family_name, contact_phone, contact_email, created_at, updated_at) VALUES ('${loginId}', 'individual', 'active', 'en', NULL, '${hash}', 'Bench', 'H${n}', '+8170${String(n).padStart(8, '0')}', 'parity${n}@example.test', 0, 0);`
const seedSql = [
  `INSERT INTO api_keys (id, name, key_hash, quota, scopes, created_at, revoked_at) VALUES ('key_bench_parity', 'bench-hash-parity', '${createHash('sha256').update(KEY).digest('hex')}', '1000000/60', 'credentials:verify', 0, NULL);`,
  ...Array.from({ length: ROUNDS + 1 }, (_, round) => [
    account(legacyId(round), LEGACY_10K, round),
    // Rehashed to Argon2id by the right password before the measured rounds.
    account(argon2idId(round), LEGACY_100K, 100_000 + round),
  ]).flat(),
].join('\n')

let requests = 0
async function verify(loginId: string, password: string) {
  const started = performance.now()
  const response = await fetch(`http://127.0.0.1:${PORT}/api/v1/credential-verifications`, {
    method: 'POST',
    body: JSON.stringify({ loginId, password }),
    headers: {
      Authorization: `Bearer ${KEY}`,
      'Content-Type': 'application/json',
      'CF-Connecting-IP': clientAddress(requests++),
    },
  })
  const body = await response.text()
  return { ms: performance.now() - started, answer: `${response.status} ${body}` }
}

const cases: Record<string, (round: number) => string> = {
  'known, legacy PBKDF2 i=10000': legacyId,
  'known, Argon2id': argon2idId,
  'unknown login ID': unknownId,
}

const server = await startBenchServer({
  port: PORT,
  vars: { RATE_LIMIT_PER_IP: '1000000/60', RATE_LIMIT_PER_LOGIN_ID: '1000000/60' },
  extraSql: seedSql,
})
try {
  console.error(`Rehashing ${ROUNDS + 1} accounts to Argon2id…`)
  for (let round = 0; round <= ROUNDS; round++) {
    const { answer } = await verify(argon2idId(round), PASSWORD)
    if (!answer.includes('"valid"')) throw new Error(`the right password answered ${answer}`)
  }
  const names = Object.keys(cases)
  const samples = new Map(names.map((name) => [name, [] as number[]]))
  const answers = new Map(names.map((name) => [name, new Set<string>()]))
  for (const name of names) await verify(cases[name]?.(0) ?? '', 'Wrong-Pa55word!')
  for (let round = 1; round <= ROUNDS; round++) {
    const order = [...names].sort(() => Math.random() - 0.5)
    const results = await Promise.all(
      order.map((name) => verify(cases[name]?.(round) ?? '', 'Wrong-Pa55word!')),
    )
    results.forEach(({ ms, answer }, i) => {
      const name = order[i] ?? ''
      samples.get(name)?.push(ms)
      answers.get(name)?.add(answer)
    })
  }
  const pad = Math.max(...names.map((name) => name.length))
  console.log(`\n${ROUNDS} rounds, the three cases sent concurrently each round, wrong passwords`)
  console.log(`${'stored hash'.padEnd(pad)}  median ms  p90 ms  answer`)
  const medians = names.map((name) => {
    const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b)
    const median = quantile(sorted, 0.5)
    console.log(
      `${name.padEnd(pad)}  ${median.toFixed(2).padStart(9)}  ${quantile(sorted, 0.9).toFixed(2).padStart(6)}  ${[...(answers.get(name) ?? [])].join(' | ')}`,
    )
    return median
  })
  const spread = Math.max(...medians) - Math.min(...medians)
  const percent = (spread / Math.min(...medians)) * 100
  console.log(
    `largest median difference: ${spread.toFixed(2)} ms (${percent.toFixed(1)} %), ${spread <= 1 || percent <= 10 ? 'within' : 'OUTSIDE'} the target (1 ms or 10 %)`,
  )
} finally {
  server.stop()
}
