import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { docsCitations, repositoryDocs, repositoryPaths } from './test/setup/repository-docs.ts'

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations')
  const paths = repositoryPaths(import.meta.dirname)
  return {
    test: {
      // The service logs JSON lines; show them only for a failing test. (A root-only option in
      // Vitest 4; it applies to both projects.)
      silent: 'passed-only' as const,
      projects: [
        {
          // Every test/ file, inside workerd, against the real local D1 and KV.
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  // The migrations, applied by the setup file.
                  TEST_MIGRATIONS: migrations,
                  // Fixed keys for hashing clients and initialized passwords, the pepper of chosen
                  // passwords and the queue messages' key: 32 random bytes each in base64url, as
                  // the service requires (the real ones are secrets; docs/operations.md).
                  CLIENT_HASH_KEY: 'i8hs7TKTNlomNv3f25nT7t7dAdanPNRbicx-qUvmT5I',
                  INITIALIZED_PASSWORD_KEY: 'sGUJzMTz3SjO9zrhcFUt2vP0xPS4ROlevHdXputDUtc',
                  PASSWORD_PEPPER: 'ZtOSQves4T1D1Hw2wLeNZPCxCobppLypgF7fZIltvrc',
                  QUEUE_MESSAGE_KEY: 'tVYSj_KM0mFj1Oc2X9DCH9zXqy5bJ73KOhg3-QOoqNk',
                  // Tests that post many times from one client are about other things; the tests
                  // of the limits themselves set the default limits (docs/contract.md#abuse-limits) (pinned to wrangler.toml)
                  // explicitly.
                  RATE_LIMIT_PER_IP: '1000/600',
                  RATE_LIMIT_PER_LOGIN_ID: '1000/3600',
                  // `npm run fuzz` (scripts/fuzz.ts): the property suite's runs and seed.
                  FUZZ_RUNS: process.env.FUZZ_RUNS ?? '',
                  FUZZ_SEED: process.env.FUZZ_SEED ?? '',
                },
                ratelimits: {
                  // Likewise the atomic guard, raised for the other tests; the burst tests use a
                  // second binding with wrangler.toml's own setting (pinned by a test).
                  SUBMISSION_GUARD: { namespace_id: '1001', simple: { limit: 1000, period: 60 } },
                  // Likewise the probes' guard (/healthz, /csp-reports); their limit's tests use
                  // the second binding, at wrangler.toml's setting (pinned by a test).
                  PROBE_GUARD: { namespace_id: '1005', simple: { limit: 1000, period: 60 } },
                  PROBE_GUARD_AT_DEFAULT: {
                    namespace_id: '1006',
                    simple: { limit: 20, period: 60 },
                  },
                  SUBMISSION_GUARD_AT_DEFAULT: {
                    namespace_id: '1002',
                    simple: { limit: 10, period: 60 },
                  },
                  INVALID_POST_GUARD: { namespace_id: '1003', simple: { limit: 1000, period: 60 } },
                  INVALID_POST_GUARD_AT_DEFAULT: {
                    namespace_id: '1004',
                    simple: { limit: 30, period: 60 },
                  },
                },
              },
            }),
          ],
          test: {
            name: 'workers',
            setupFiles: ['./test/setup/apply-migrations.ts'],
            include: ['test/**/*.test.ts'],
            // For test/docs-links.test.ts: the docs and the tree they name.
            provide: {
              repositoryPaths: paths,
              repositoryDocs: repositoryDocs(import.meta.dirname, paths),
              docsCitations: docsCitations(import.meta.dirname, paths),
            },
          },
        },
        {
          // e2e/ files, in Node: Chromium (playwright-core) against a real `wrangler dev` with
          // the local D1, KV and simulated Email Service, started by the global setup.
          test: {
            name: 'browser',
            environment: 'node',
            include: ['e2e/**/*.test.ts'],
            globalSetup: ['./e2e/global-setup.ts'],
            // One server and one e-mail directory: files run one after another, so a test that
            // counts new e-mails sees only its own.
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  }
})
