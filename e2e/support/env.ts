// What the global setup hands to the browser tests (Vitest provide/inject).
import { existsSync, readFileSync } from 'node:fs'
import { beforeEach, describe, inject } from 'vitest'
import { CHROMIUM_PATH } from './chromium-server'

export interface E2eEnv {
  /** The running `wrangler dev`, e.g. http://127.0.0.1:8790 (also its PUBLIC_BASE_URL). */
  baseUrl: string
  /** Where wrangler's simulated Email Service writes each message (`<session>/email-text/*.txt`). */
  emailDir: string
  /** wrangler dev's output (kept until teardown). */
  serverLog: string
  /** Its local state (`--persist-to`), for commands that work on the same D1. */
  persistDir: string
  /** The run's Chromium, for `chromium.connect` (e2e/support/chromium.ts). */
  chromiumEndpoint: string
}

/** What the global setup hands over: a server for each worker. */
export interface E2eServers {
  servers: E2eEnv[]
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** null: the browser tests are skipped (no Chromium, and REQUIRE_BROWSER is not 1). */
    e2e: E2eServers | null
  }
}

/**
 * The running service of this file's worker (`VITEST_POOL_ID`, 1 to `maxWorkers`); only call it
 * inside hooks and tests (they do not run when skipped).
 */
export function e2eEnv(): E2eEnv {
  const env = inject('e2e')
  if (env === null) throw new Error('The browser tests are skipped: no Chromium')
  const worker = Number(process.env.VITEST_POOL_ID ?? '1')
  const server = env.servers[(worker - 1) % env.servers.length]
  if (server === undefined) throw new Error(`No server for Vitest worker ${worker}`)
  return server
}

/**
 * `describe` when the global setup started the service, otherwise a skipped suite whose name says
 * why. The body must touch the service only inside hooks and tests.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (inject('e2e') === null) {
    describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM_PATH})`, body)
    return
  }
  describe(name, () => {
    // A failing test shows what the server said last (its errors, a rebuild, a send).
    beforeEach(({ onTestFailed }) => {
      onTestFailed(() => {
        const { serverLog } = e2eEnv()
        if (!existsSync(serverLog)) return
        const tail = readFileSync(serverLog, 'utf8').split('\n').slice(-40).join('\n')
        console.error(`--- last lines of wrangler dev's output (${serverLog}) ---\n${tail}`)
      })
    })
    body()
  })
}
