import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig(async () => {
  const migrations = await readD1Migrations('./migrations')
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            // The migrations, applied by the setup file.
            TEST_MIGRATIONS: migrations,
            // A fixed key for hashing clients (the real one is a secret).
            CLIENT_HASH_KEY: 'test-client-hash-key',
            // Tests that post many times from one client are about other things; the tests of
            // the limits themselves set the SPEC 6 defaults (pinned to wrangler.toml) explicitly.
            RATE_LIMIT_PER_IP: '1000/600',
            RATE_LIMIT_PER_LOGIN_ID: '1000/3600',
          },
        },
      }),
    ],
    test: {
      setupFiles: ['./test/setup/apply-migrations.ts'],
      include: ['test/**/*.test.ts'],
      // The service logs JSON lines; show them only for a failing test.
      silent: 'passed-only' as const,
    },
  }
})
