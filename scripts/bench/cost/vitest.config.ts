// The cost benchmark's own Vitest run (`npm run bench -- cost` starts it): the Worker inside
// workerd with the real local D1 and KV of wrangler.toml and its limits, as the tests run it.

import { resolve } from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

const ROOT = resolve(import.meta.dirname, '../../..')

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: resolve(ROOT, 'wrangler.toml') },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(resolve(ROOT, 'migrations')),
          TEST_AUDIT_MIGRATIONS: await readD1Migrations(resolve(ROOT, 'migrations-audit')),
          CLIENT_HASH_KEY: 'bench-client-hash-key',
          INITIALIZED_PASSWORD_KEY: 'bench-initialized-password-key',
          PASSWORD_PEPPER: 'bench-password-pepper-0123456789abcdef',
        },
      },
    }),
  ],
  test: {
    root: import.meta.dirname,
    include: ['*.bench.ts'],
    setupFiles: [resolve(ROOT, 'test/setup/apply-migrations.ts')],
    testTimeout: 120_000,
  },
}))
