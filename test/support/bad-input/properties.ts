// The bad-input properties (docs/bad-input.md), run for the form routes by
// test/http/bad-input.properties.test.ts and for the JSON routes by
// test/http/bad-input-api.properties.test.ts: two files, so that two workers share them.
// Property-based bad input (fast-check) against every POST route: generated submissions (valid
// values, tolerated variations, near misses, Unicode edge cases, wrong JSON types, prototype
// keys, repeated fields) in generated envelopes (every content type, broken UTF-8, oversized,
// streamed, truncated, repeated JSON keys). Seeded: `FUZZ_SEED` and `FUZZ_RUNS` (bindings set by
// `npm run fuzz`, see scripts/fuzz.ts) change the seed and the number of runs.
import { env } from 'cloudflare:workers'
import { count } from 'drizzle-orm'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../src/db/demo-accounts'
import {
  accounts,
  apiKeys,
  initializedPasswords,
  loginIdNotifications,
} from '../../../src/db/schema'
import { insertApiKey } from '../api-keys'
import { ORIGIN, testClient } from '../client'
import { resetToDemoAccounts } from '../demo'
import { db } from '../rows'
import { hasIllFormedText, MARKERS } from './arbitraries'
import { envelope, prepare, streamOf } from './envelopes'
import { ROUTES, type RouteUnderTest } from './routes'

/** Runs per route inside `npm test`; `npm run fuzz -- --runs N` spreads N over the routes. */
const DEFAULT_RUNS: Record<string, number> = {
  '/password/change': 200,
  '/api/v1/credential-verifications': 200,
}
const RUNS_PER_ROUTE = 400
const DEFAULT_SEED = 20261202

const fuzz = env as unknown as { FUZZ_RUNS?: string; FUZZ_SEED?: string }
const seed = fuzz.FUZZ_SEED ? Number(fuzz.FUZZ_SEED) : DEFAULT_SEED
const totalRuns = fuzz.FUZZ_RUNS ? Number(fuzz.FUZZ_RUNS) : undefined
const runsFor = (route: RouteUnderTest) =>
  totalRuns === undefined
    ? (DEFAULT_RUNS[route.path] ?? RUNS_PER_ROUTE)
    : Math.ceil(totalRuns / ROUTES.length)

/** Generous inside `npm test`; a campaign takes as long as it takes (a day at most). */
const TIMEOUT_MS = totalRuns === undefined ? 300_000 : 86_400_000

/** A day and an hour: every window (rate limits, caps, lockout) is fresh for the next case. */
const NEXT_CASE_MS = 25 * 60 * 60 * 1000

/** What a submission could change outside the audit trail (and the lockout's tries). */
async function observableState() {
  const [accountsNow, [initialized], [notifications], [keys]] = await db.batch([
    db
      .select({
        loginId: accounts.loginId,
        status: accounts.status,
        passwordHash: accounts.passwordHash,
        updatedAt: accounts.updatedAt,
      })
      .from(accounts)
      .orderBy(accounts.loginId),
    db
      .select({
        issued: count(),
        used: count(initializedPasswords.usedAt),
        revoked: count(initializedPasswords.revokedAt),
      })
      .from(initializedPasswords),
    db.select({ count: count() }).from(loginIdNotifications),
    db.select({ count: count() }).from(apiKeys),
  ])
  return { accounts: accountsNow, initialized, notifications, apiKeys: keys }
}

const STACK_TRACE = /\bat [^\s]+ \([^)]*:\d+:\d+\)|^\s+at\s|\bError:|TypeError|SyntaxError/m

function expectNoRawMarkup(text: string) {
  for (const marker of MARKERS) expect(text).not.toContain(marker)
  // The one script a page may carry is the Worker's own show/hide for password fields.
  expect(text).not.toMatch(
    /<script(?! src="\/assets\/password-toggle\.js\?v=[0-9a-f]+")|<svg|<img/i,
  )
}

/** The properties below for each of `routes` (a describe each), run by a test file of its own. */
export function describeBadInputProperties(routes: readonly RouteUnderTest[]): void {
  describe.each(routes)('bad input to POST $path', (route) => {
    beforeAll(resetToDemoAccounts)

    it(
      `never answers 5xx, stays in its documented statuses, echoes nothing raw, and acts only on an exact match (seed ${seed})`,
      async () => {
        const client = testClient()
        client.clock.now = Date.UTC(2027, 0, 1)
        // A route for integrations only gets a key with its scope (and a quota the run can't spend).
        const key =
          route.scope === undefined
            ? undefined
            : (await insertApiKey({ scopes: route.scope, quota: '1000000/60' })).key
        // The suite's model of each account's current password (the password change updates it).
        const passwords = new Map(DEMO_ACCOUNTS.map((a) => [a.loginId, DEMO_PASSWORD]))

        const property = fc.asyncProperty(
          route.fields,
          envelope(route.envelope),
          async (fields, sent) => {
            client.clock.now += NEXT_CASE_MS
            const prepared = prepare(fields, route.envelope, sent, ORIGIN)
            const headers = new Headers(prepared.headers)
            // The envelope's own key (e.g. a bad one) wins over the suite's good one.
            if (key !== undefined && !headers.has('Authorization')) {
              headers.set('Authorization', `Bearer ${key}`)
            }
            if (prepared.contentType !== null) headers.set('Content-Type', prepared.contentType)
            // Huge bodies in tiny chunks only slow the suite down.
            const chunk =
              sent.streamChunk === undefined
                ? undefined
                : prepared.body.length > 32 * 1024
                  ? Math.max(sent.streamChunk, 4096)
                  : sent.streamChunk
            const body = chunk === undefined ? prepared.body : streamOf(prepared.body, chunk)

            const before = await observableState()
            const mailsBefore = client.mailer.sent.length
            const response = await client.request(route.path, {
              method: 'POST',
              body,
              headers,
              redirect: 'manual',
            })
            const text = await response.text()
            const mails = client.mailer.sent.slice(mailsBefore)
            const after = await observableState()

            // Never a server error or a stack trace, and only the documented statuses.
            expect(response.status, text.slice(0, 300)).toBeLessThan(500)
            expect(route.documented).toContain(response.status)
            expect(text).not.toMatch(STACK_TRACE)
            const type = response.headers.get('Content-Type') ?? ''
            if (route.envelope === 'json') {
              expect(type).toMatch(/^application\/(problem\+)?json/)
              JSON.parse(text)
            } else if (response.status !== 303) {
              expect(type).toMatch(/^text\/html/)
              expectNoRawMarkup(text)
            }

            // The status the envelope decides, else one of a well-formed body's.
            if (prepared.expectedStatus !== undefined) {
              expect(response.status, text.slice(0, 300)).toBe(prepared.expectedStatus)
            } else {
              expect(route.wellFormed).toContain(response.status)
            }
            if (prepared.duplicateKey !== undefined) {
              const problem: { errors: Array<{ field: string; code: string }> } = JSON.parse(text)
              expect(problem.errors).toEqual([
                expect.objectContaining({ field: prepared.duplicateKey, code: 'duplicate_key' }),
              ])
            }

            // A lone surrogate anywhere in a JSON body is a field error, never stored or matched.
            if (
              route.envelope === 'json' &&
              prepared.expectedStatus === undefined &&
              hasIllFormedText(fields)
            ) {
              expect(response.status, text.slice(0, 300)).toBe(422)
              const problem: { errors: Array<{ code: string }> } = JSON.parse(text)
              expect(problem.errors).toContainEqual(
                expect.objectContaining({ code: 'control_characters' }),
              )
            }

            // Only an exact match (per the reference matcher) sends mail or changes a row.
            const accepted = response.status === 303 || response.status === 202
            const effect = route.effect(fields, passwords)
            if (effect.kind === 'contact') {
              const clean = accepted && prepared.expectedStatus === undefined
              if (!clean || effect.matched.length === 0) {
                expect(mails, 'mail without a match').toEqual([])
                expect(after, 'a row changed without a match').toEqual(before)
              } else {
                const recipients = [...new Set(effect.matched.map((a) => a.contactEmail))]
                expect(mails.map((mail) => mail.to).sort()).toEqual(recipients.sort())
              }
              // Every tolerated variation of a full match is accepted and acts.
              if (effect.matched.length > 0 && prepared.expectedStatus === undefined) {
                expect(response.status, text.slice(0, 300)).toBe(
                  route.envelope === 'json' ? 202 : 303,
                )
              }
            } else if (effect.kind === 'verification') {
              expect(mails, 'mail from a verification').toEqual([])
              expect(after.initialized, 'an initialized password from a verification').toEqual(
                before.initialized,
              )
            } else {
              if (response.status === 303) {
                expect(effect.loginId, 'a change without the right password').toBeDefined()
                const account = DEMO_ACCOUNTS.find((a) => a.loginId === effect.loginId)
                expect(mails.map((mail) => mail.to)).toEqual([account?.contactEmail])
                const newPassword = fields.newPassword
                if (effect.loginId !== undefined && typeof newPassword === 'string') {
                  passwords.set(effect.loginId, newPassword.normalize('NFKC'))
                }
              } else {
                expect(mails, 'mail without a change').toEqual([])
                expect(after, 'a row changed without a change').toEqual(before)
              }
            }
          },
        )

        await fc.assert(property, {
          seed,
          numRuns: runsFor(route),
          // A failure prints the seed and the path to replay it, and the shrunk counterexample.
          verbose: 1,
          // Shrinking replays against a database the earlier runs changed: keep it short.
          endOnFailure: totalRuns !== undefined,
        })
      },
      TIMEOUT_MS,
    )
  })
}
