import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { E2E_SERVERS } from './e2e/support/e2e-servers.ts'
import { FRESH_MODULE_FILES } from './test/setup/fresh-modules.ts'
import { docsCitations, repositoryDocs, repositoryPaths } from './test/setup/repository-docs.ts'
import { SlowFirstSequencer } from './test/setup/slow-first-sequencer.ts'

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations')
  const auditMigrations = await readD1Migrations('./migrations-audit')
  const paths = repositoryPaths(import.meta.dirname)
  /**
   * A project of test/ files run inside workerd, against the real local D1 and KV. Each file
   * starts from empty storage with the migrations applied (test/setup/apply-migrations.ts).
   */
  const workersProject = (
    name: string,
    files: { include: string[]; exclude?: string[]; isolate: boolean },
  ) => ({
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            // The migrations of DB and of AUDIT_DB, applied by the setup file.
            TEST_MIGRATIONS: migrations,
            TEST_AUDIT_MIGRATIONS: auditMigrations,
            // Fixed keys for hashing clients and initialized passwords, the pepper of chosen
            // passwords and the queue messages' key: 32 random bytes each in base64url, as
            // the service requires (the real ones are secrets; docs/operations.md).
            CLIENT_HASH_KEY: 'i8hs7TKTNlomNv3f25nT7t7dAdanPNRbicx-qUvmT5I',
            INITIALIZED_PASSWORD_KEY: 'sGUJzMTz3SjO9zrhcFUt2vP0xPS4ROlevHdXputDUtc',
            PASSWORD_PEPPER: 'ZtOSQves4T1D1Hw2wLeNZPCxCobppLypgF7fZIltvrc',
            QUEUE_MESSAGE_KEY: 'tVYSj_KM0mFj1Oc2X9DCH9zXqy5bJ73KOhg3-QOoqNk',
            // Tests that post many times from one client are about other things; the tests of
            // the limits themselves set the default limits (docs/contract.md#abuse-limits,
            // pinned to wrangler.toml) explicitly.
            RATE_LIMIT_PER_IP: '1000/600',
            RATE_LIMIT_PER_LOGIN_ID: '1000/3600',
            // `npm run fuzz` (scripts/fuzz.ts): the property suite's runs and seed.
            FUZZ_RUNS: process.env.FUZZ_RUNS ?? '',
            FUZZ_SEED: process.env.FUZZ_SEED ?? '',
          },
          // Two more audit databases, unused unless a test binds them as AUDIT_DB_1 and
          // AUDIT_DB_2 (test/support/audit-rotation.ts): the rotation's tests.
          d1Databases: ['TEST_AUDIT_DB_1', 'TEST_AUDIT_DB_2'],
          ratelimits: {
            // Likewise the atomic guard, raised for the other tests; the burst tests use a
            // second binding with wrangler.toml's own setting (pinned by a test).
            SUBMISSION_GUARD: { namespace_id: '1001', simple: { limit: 1000, period: 60 } },
            SUBMISSION_GUARD_AT_DEFAULT: {
              namespace_id: '1002',
              simple: { limit: 10, period: 60 },
            },
            // Likewise the invalid posts' throttle and the probes' guard (/healthz,
            // /csp-reports); their limits' tests use the second binding of each.
            INVALID_POST_GUARD: { namespace_id: '1003', simple: { limit: 1000, period: 60 } },
            INVALID_POST_GUARD_AT_DEFAULT: {
              namespace_id: '1004',
              simple: { limit: 30, period: 60 },
            },
            PROBE_GUARD: { namespace_id: '1005', simple: { limit: 1000, period: 60 } },
            PROBE_GUARD_AT_DEFAULT: {
              namespace_id: '1006',
              simple: { limit: 20, period: 60 },
            },
          },
        },
      }),
    ],
    test: {
      name,
      setupFiles: ['./test/setup/apply-migrations.ts'],
      // Vitest's 5 s default failed tests that run real PBKDF2 and Argon2id many times when the
      // shared 2-core machine was busy; a timeout is for hangs, not for speed.
      testTimeout: 30_000,
      // For test/docs/links.test.ts: the docs and the tree they name.
      provide: {
        repositoryPaths: paths,
        repositoryDocs: repositoryDocs(import.meta.dirname, paths),
        docsCitations: docsCitations(import.meta.dirname, paths),
      },
      ...files,
    },
  })

  return {
    test: {
      // The service logs JSON lines; show them only for a failing test. (A root-only option in
      // Vitest 4; it applies to every project.)
      silent: 'passed-only' as const,
      // The longest files first (test/setup/slow-files.ts), so that none is left running alone.
      sequence: { sequencer: SlowFirstSequencer },
      projects: [
        // Every test/ file but the few below, one after another in one workerd that keeps the
        // modules it has loaded (isolate: false). A workerd per file loaded the Worker's ~440
        // modules again for each file: most of the suite's time (docs/testing.md).
        workersProject('workers', {
          include: ['test/**/*.test.ts'],
          exclude: [...FRESH_MODULE_FILES],
          isolate: false,
        }),
        // The files that mock modules and load the Worker afresh: a workerd of their own each,
        // so their mocks reach no other file.
        workersProject('workers-fresh', { include: [...FRESH_MODULE_FILES], isolate: true }),
        {
          // e2e/ files, in Node: Chromium (playwright-core) against a real `wrangler dev` with
          // the local D1, KV and simulated Email Service, started by the global setup.
          test: {
            name: 'browser',
            environment: 'node',
            include: ['e2e/**/*.test.ts'],
            globalSetup: ['./e2e/global-setup.ts'],
            // Two files at once, each against the server of its worker (a D1 and a log of its
            // own: e-mails are counted from the log); files of one worker run one after another,
            // so a test that counts new e-mails sees only its own.
            maxWorkers: E2E_SERVERS,
            // A worker's files share the modules it loaded (playwright-core, the support files):
            // none mocks a module, and loading them for each file was 30 s of a run's CPU.
            isolate: false,
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  }
})
