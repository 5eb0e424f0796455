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
          // 32 random bytes each in base64url, as the service checks at startup (the tests' values,
          // vitest.config.ts; the real ones are secrets).
          CLIENT_HASH_KEY: 'i8hs7TKTNlomNv3f25nT7t7dAdanPNRbicx-qUvmT5I',
          INITIALIZED_PASSWORD_KEY: 'sGUJzMTz3SjO9zrhcFUt2vP0xPS4ROlevHdXputDUtc',
          PASSWORD_PEPPER: 'ZtOSQves4T1D1Hw2wLeNZPCxCobppLypgF7fZIltvrc',
          QUEUE_MESSAGE_KEY: 'tVYSj_KM0mFj1Oc2X9DCH9zXqy5bJ73KOhg3-QOoqNk',
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
