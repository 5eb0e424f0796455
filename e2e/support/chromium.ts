// The run's Chromium, started once by the global setup (e2e/support/chromium-server.ts): a
// launch took seconds of the busy machine's time in every file that drives a browser.
import { type Browser, chromium } from 'playwright-core'
import { e2eEnv } from './env'

/** A connection of the file's own to the run's Chromium; `close()` ends it and its contexts. */
export function launchChromium(): Promise<Browser> {
  return chromium.connect(e2eEnv().chromiumEndpoint)
}
