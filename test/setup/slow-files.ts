/**
 * The test/ files that take longest (each 10 s or more on the 2-core machine, most of it local D1
 * calls: `npm test`'s report), started first by test/setup/slow-first-sequencer.ts: two workers
 * share the project, and a long file started last made the run wait on it alone. Vitest orders
 * by the durations it remembers; a fresh clone has none. test/vitest-projects.test.ts checks that
 * each exists. Plain data: read by vitest.config.ts in Node and by that test in workerd.
 */
export const SLOW_FILES: readonly string[] = [
  'test/procedures/password-change/lockout-per-client.test.ts',
  'test/http/bad-input-api.properties.test.ts',
  'test/http/bad-input.properties.test.ts',
  'test/events/webhooks.test.ts',
  'test/procedures/password-change/rules.test.ts',
  'test/i18n/pages.test.ts',
  'test/procedures/password-change/routes.test.ts',
  'test/procedures/credential-verification/routes.test.ts',
  'test/procedures/password-initialization/routes-matching.test.ts',
  'test/procedures/password-initialization/turnstile.test.ts',
]
