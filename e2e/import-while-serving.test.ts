// `npm run accounts -- import --local` while the service runs (docs/operations.md#importing-while-serving):
// requests sent during and right after an import that changes a row are answered, none dropped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { accounts, accountsInBackground } from './support/accounts-command'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'

const HEADER =
  'login_id,kind,status,locale,organization_name,given_name,family_name,phone,phone_country,email,password_hash'
const row = (familyName: string) =>
  `300000077,individual,,,,Mika,${familyName},090-7777-8888,JP,mika.example@example.com,`

/** Each command starts wrangler (a few seconds each on a busy 2-core machine). */
const TIMEOUT_MS = 150_000

describeInBrowser('Importing accounts while the service serves', () => {
  let dir: string
  const csv = (name: string, familyName: string) => {
    const path = join(dir, name)
    writeFileSync(path, `${HEADER}\r\n${row(familyName)}\r\n`)
    return path
  }
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'import-serving-e2e-'))
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it(
    'answers every request during and right after an import that changes a row',
    async () => {
      const { baseUrl } = e2eEnv()
      const headers = newClient()
      const created = accounts('import', csv('first.csv', 'Sato'))
      expect(created.status, created.stderr).toBe(0)
      // One kept-alive connection from here on, as a browser holds one.
      expect((await fetch(`${baseUrl}/healthz`, { headers })).status).toBe(200)

      const running = accountsInBackground('import', csv('changed.csv', 'Kato'))
      let finished = false
      void running.then(() => {
        finished = true
      })
      const dropped: string[] = []
      let answered = 0
      while (!finished) {
        try {
          // The form page: /healthz is limited per client (20 a minute), the page is not.
          await (await fetch(`${baseUrl}/password/initialize?lang=en`, { headers })).arrayBuffer()
          answered += 1
        } catch (error) {
          dropped.push(String((error as { cause?: { code?: string } }).cause?.code ?? error))
        }
        await new Promise((done) => setTimeout(done, 100))
      }
      const changed = await running
      expect(changed.status, changed.stderr).toBe(0)
      expect(changed.stdout).toContain('0 new, 1 changed, 0 unchanged, 0 closed')
      expect(dropped).toEqual([])
      expect(answered).toBeGreaterThan(0)

      // The very next requests: D1 answers, and the page that reads nothing else renders.
      const health = await fetch(`${baseUrl}/healthz`, { headers })
      expect(health.status).toBe(200)
      expect(await health.json()).toMatchObject({ status: 'ok', checks: { d1: 'ok', kv: 'ok' } })
      const page = await fetch(`${baseUrl}/password/initialize?lang=en`, { headers })
      expect(page.status).toBe(200)
      await page.arrayBuffer()
      expect(accounts('export').stdout).toContain('300000077,individual,active,ja,,Mika,Kato,')
    },
    TIMEOUT_MS,
  )
})
