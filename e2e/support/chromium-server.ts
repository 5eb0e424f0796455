// The system Chromium, driven by playwright-core (no browser download: `playwright install` is
// never needed). Debian/Ubuntu: `apt-get install chromium`. The global setup starts one for the
// whole run; each test file connects to it (e2e/support/chromium.ts) and plays its clients in
// browser contexts of its own, which share no cookies or storage.
import { type BrowserServer, chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
}
