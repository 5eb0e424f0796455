// Enumeration-by-timing benchmark (`npm run bench -- timing`): starts the service on its own local
// state, then, as an attacker would, sends submissions back to back with no pause, each followed
// at once by a probe request (GET /favicon.ico), in groups interleaved in a random order every
// round: a full match, a match in its cooldown, each single wrong field, an unknown login ID and
// the locked account; for the form, the JSON route, the login ID notification and the password
// change; and the credential verification API (valid against each kind of invalid). It prints
// each group's median and p90 for the POST and for the probe after it, and the
// largest difference between group medians. Target: within 1 ms or 10 % in every table.
import { createHash } from 'node:crypto'
import { clientAddress, quantile, startBenchServer, TARO as taro } from './server.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 150)
const PORT = Number(process.env.BENCH_PORT ?? 8799)

type Send = (round: number) => {
  path: string
  body: string
  json: boolean
  headers?: Record<string, string>
}

const ken = {
  loginId: '444000222',
  name: 'Ken Yama',
  phoneCountry: 'JP',
  phoneNumber: '09011112222',
  email: 'ken.yama@example.net',
}
const hanako = {
  name: 'Hanako Sora',
  phoneCountry: 'JP',
  phoneNumber: '0312345678',
  email: 'it-admin@example.co.jp',
}

/** Accounts of the benchmark's own, one per round and table, so every full match issues. */
const fresh = (table: number, round: number) => {
  const n = table * 10_000 + round
  return {
    loginId: String(700_000_000 + n),
    name: `Bench P${n}`,
    phoneCountry: 'JP',
    phoneNumber: `080${String(n).padStart(8, '0')}`,
    email: `bench${n}@example.test`,
  }
}
/** Tables 0-3: active accounts; table 4: locked ones (inactive, for the password change). */
const freshAccountsSql = (rounds: number) =>
  [0, 1, 2, 3, 4]
    .flatMap((table) =>
      Array.from({ length: rounds + 1 }, (_, round) => {
        const a = fresh(table, round)
        const n = table * 10_000 + round
        const status = table === 4 ? 'locked' : 'active'
        return `INSERT INTO accounts (login_id, kind, status, locale, organization_name, password_hash, contact_given_name, contact_family_name, contact_phone, contact_email, created_at, updated_at) VALUES ('${a.loginId}', 'individual', '${status}', 'en', NULL, '$pbkdf2-sha256$i=100000$p00HuhV1JQE89m+Ra1Gk/g$JhuY8lhE3xVOjfdGKtZ7rPMSo7nOZjdvotssE5hM4vA', 'Bench', 'P${n}', '+8180${String(n).padStart(8, '0')}', '${a.email}', 0, 0);`
      }),
    )
    .join('\n')

const form = (path: string, fields: Record<string, string>) => ({
  path,
  body: new URLSearchParams(fields).toString(),
  json: false,
})
const json = (path: string, fields: Record<string, string>) => {
  const { phoneCountry, phoneNumber, ...rest } = fields
  return {
    path,
    body: JSON.stringify({ ...rest, phone: { country: phoneCountry, number: phoneNumber } }),
    json: true,
  }
}
const withoutLoginId = ({ loginId: _, ...rest }: Record<string, string>) => rest

/** The submissions of one table: a full match, the cooldown, each wrong field, unknown, locked. */
const initializationGroups = (
  table: number,
  as: (path: string, fields: Record<string, string>) => ReturnType<typeof form>,
  path: string,
): Record<string, Send> => ({
  'full match (issues)': (round) => as(path, fresh(table, round)),
  'match in cooldown': () => as(path, taro),
  'wrong login ID (another account)': () => as(path, { ...taro, loginId: '555000111' }),
  'wrong name': () => as(path, { ...taro, name: 'Jiro KOKU' }),
  'wrong phone': () => as(path, { ...taro, phoneNumber: '09099999999' }),
  'wrong e-mail': () => as(path, { ...taro, email: 'someone.else@example.com' }),
  'unknown login ID': () => as(path, { ...taro, loginId: '111222333' }),
  'locked account': () => as(path, ken),
})

const NEW_PASSWORD = 'violet harbour kettle 42'
const change = (loginId: string, password: string) =>
  form('/password/change', {
    loginId,
    password,
    newPassword: NEW_PASSWORD,
    newPasswordConfirmation: NEW_PASSWORD,
  })

/** The login system's API key with `credentials:verify`: only its SHA-256 goes into D1. */
const VERIFY_KEY = 'pik_bench-timing-credential-verification'
const apiKeySql = `INSERT INTO api_keys (id, name, key_hash, quota, scopes, created_at, revoked_at) VALUES ('key_bench_verify', 'bench-timing', '${createHash('sha256').update(VERIFY_KEY).digest('hex')}', '1000000/60', 'credentials:verify', 0, NULL);`
const DEMO_PASSWORD = 'Current-Pa55word!'
const verify = (loginId: string, password: string) => ({
  path: '/api/v1/credential-verifications',
  body: JSON.stringify({ loginId, password }),
  json: true,
  headers: { Authorization: `Bearer ${VERIFY_KEY}` },
})

const tables: Array<{ title: string; groups: Record<string, Send>; warmUp?: Send[] }> = [
  {
    title: 'POST /password/initialize (form)',
    groups: initializationGroups(0, form, '/password/initialize'),
  },
  {
    title: 'POST /api/v1/password-initializations (JSON)',
    groups: initializationGroups(1, json, '/api/v1/password-initializations'),
  },
  {
    title: 'POST /login-id/notify (form)',
    groups: {
      'full match (sends)': (round) => form('/login-id/notify', withoutLoginId(fresh(2, round))),
      'match in cooldown': () => form('/login-id/notify', hanako),
      'wrong name': () => form('/login-id/notify', { ...hanako, name: 'Jiro Sora' }),
      'wrong phone': () => form('/login-id/notify', { ...hanako, phoneNumber: '0399999999' }),
      'wrong e-mail': () => form('/login-id/notify', { ...hanako, email: 'x@example.co.jp' }),
      'unknown contact': () =>
        form('/login-id/notify', { ...hanako, name: 'Nobody Known', phoneNumber: '0311112222' }),
      "locked account's contact": () => form('/login-id/notify', withoutLoginId(ken)),
    },
  },
  {
    title: 'POST /password/change (wrong passwords)',
    groups: {
      // A different login ID each round, so none of them reaches the lockout.
      'known login ID': (round) => change(fresh(3, round).loginId, 'Wrong-Pa55word!'),
      'unknown login ID': (round) => change(String(600_000_000 + round), 'Wrong-Pa55word!'),
      'inactive account': (round) => change(fresh(4, round).loginId, 'Wrong-Pa55word!'),
      'locked-out login ID': () => change('987654322', 'Wrong-Pa55word!'),
    },
    // Five wrong passwords lock 987654322 for 15 minutes, longer than the benchmark runs.
    warmUp: Array.from({ length: 5 }, () => () => change('987654322', 'Wrong-Pa55word!')),
  },
  {
    title: 'POST /api/v1/credential-verifications (valid vs invalid)',
    groups: {
      // Valid-shaped work: the right current password (its try is then taken off the failures;
      // the warm-up's first verification rehashed the demo account's PBKDF2 hash to Argon2id).
      'valid (current password)': () => verify(taro.loginId, DEMO_PASSWORD),
      // A different account or login ID each round, so none reaches the lockout.
      'wrong password': (round) => verify(fresh(3, round).loginId, 'Wrong-Pa55word!'),
      'unknown login ID': (round) => verify(String(610_000_000 + round), DEMO_PASSWORD),
      'inactive account (right password)': (round) =>
        verify(fresh(4, round).loginId, DEMO_PASSWORD),
      'locked-out login ID': () => verify('987654322', DEMO_PASSWORD),
    },
    // The password change table's warm-up locked 987654322 already; this keeps the table whole.
    warmUp: Array.from({ length: 5 }, () => () => verify('987654322', 'Wrong-Pa55word!')),
  },
]

let requests = 0
async function timed(send: ReturnType<Send> | { path: string }, method = 'POST') {
  const started = performance.now()
  const body = 'body' in send ? send.body : undefined
  const response = await fetch(`http://127.0.0.1:${PORT}${send.path}`, {
    method,
    body,
    headers: {
      ...('headers' in send ? send.headers : {}),
      ...(body === undefined
        ? {}
        : {
            'Content-Type':
              'json' in send && send.json
                ? 'application/json'
                : 'application/x-www-form-urlencoded',
          }),
      'CF-Connecting-IP': clientAddress(requests++),
    },
    redirect: 'manual',
  })
  await response.arrayBuffer()
  return { ms: performance.now() - started, status: response.status }
}

const server = await startBenchServer({
  port: PORT,
  vars: { RATE_LIMIT_PER_IP: '1000000/60', RATE_LIMIT_PER_LOGIN_ID: '1000000/60' },
  extraSql: `${freshAccountsSql(ROUNDS)}\n${apiKeySql}`,
})
let outside = 0
try {
  for (const table of tables) {
    const names = Object.keys(table.groups)
    const post = new Map<string, number[]>(names.map((name) => [name, []]))
    const probe = new Map<string, number[]>(names.map((name) => [name, []]))
    const statuses = new Map<string, Set<number>>(names.map((name) => [name, new Set()]))
    for (const send of table.warmUp ?? []) await timed(send(0))
    // Warm-up (round 0's fresh accounts), not measured.
    for (const name of names) await timed(table.groups[name]?.(0) ?? { path: '/' })
    for (let round = 1; round <= ROUNDS; round++) {
      const order = [...names].sort(() => Math.random() - 0.5)
      for (const name of order) {
        const send = table.groups[name]
        if (!send) continue
        const answer = await timed(send(round))
        const next = await timed({ path: '/favicon.ico' }, 'GET')
        post.get(name)?.push(answer.ms)
        probe.get(name)?.push(next.ms)
        statuses.get(name)?.add(answer.status)
      }
    }
    const pad = Math.max(...names.map((name) => name.length))
    console.log(
      `\n${table.title}: ${ROUNDS} interleaved rounds, no pause, probe = GET /favicon.ico at once`,
    )
    console.log(`${'group'.padEnd(pad)}  status  POST median   p90  probe median   p90`)
    const summary = (samples: Map<string, number[]>) =>
      names.map((name) => {
        const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b)
        return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) }
      })
    const posts = summary(post)
    const probes = summary(probe)
    names.forEach((name, i) => {
      const status = [...(statuses.get(name) ?? [])].join('/')
      console.log(
        `${name.padEnd(pad)}  ${status.padStart(6)}  ${posts[i]?.median.toFixed(2).padStart(11)} ${posts[i]?.p90.toFixed(2).padStart(5)}  ${probes[i]?.median.toFixed(2).padStart(12)} ${probes[i]?.p90.toFixed(2).padStart(5)}`,
      )
    })
    for (const [what, rows] of [
      ['POST', posts],
      ['probe', probes],
    ] as const) {
      const medians = rows.map((row) => row.median)
      const spread = Math.max(...medians) - Math.min(...medians)
      const percent = (spread / Math.min(...medians)) * 100
      const within = spread <= 1 || percent <= 10
      if (!within) outside++
      console.log(
        `largest ${what} median difference: ${spread.toFixed(2)} ms (${percent.toFixed(1)} %), ${within ? 'within' : 'OUTSIDE'} the target (1 ms or 10 %)`,
      )
    }
  }
} finally {
  server.stop()
}
console.log(
  outside === 0 ? '\nevery table within the target' : `\n${outside} figure(s) outside the target`,
)
