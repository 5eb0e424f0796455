import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { accounts, accountsWithoutDatabase } from './support/accounts-command'
import { launchChromium } from './support/chromium'
import { newClient } from './support/client'
import { describeInBrowser, e2eEnv } from './support/env'
import { listMail, waitForNewMail } from './support/mail'

const ROOT = resolve(import.meta.dirname, '..')
const HEADER =
  'login_id,kind,status,locale,organization_name,given_name,family_name,phone,phone_country,email,password_hash'

/** Each command starts wrangler (a few seconds each on a busy 2-core machine). */
const COMMANDS_TIMEOUT_MS = 150_000

// Runs with the browser tests because it needs their server; one test drives Chromium.
describeInBrowser('The accounts command', () => {
  let browser: Browser
  let dir: string
  const file = (name: string, lines: string[]) => {
    const path = join(dir, name)
    writeFileSync(path, `${lines.join('\r\n')}\r\n`)
    return path
  }
  beforeAll(async () => {
    browser = await launchChromium()
    dir = mkdtempSync(join(tmpdir(), 'accounts-e2e-'))
  })
  afterAll(async () => {
    await browser?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, COMMANDS_TIMEOUT_MS)

  it(
    'refuses a file with errors, listing each with its line, before it reaches the database',
    () => {
      const bad = file('bad.csv', [
        HEADER,
        '300000001,individual,,,,Ken,Ito,090-5555-6666,JP,ken.ito@example.com,',
        '30000000X,individual,,,,Ken,Ito,090-5555-6666,JP,ken.ito@example.com,',
        '300000003,person,,,,Ken,Ito,12,JP,ken.ito@example.com,',
      ])
      // Run on an empty state directory: nothing left there means no database was opened.
      const result = accountsWithoutDatabase('import', bad)
      expect(result.status).toBe(1)
      expect(result.stderr).toContain('line 3, login_id: must be nine digits')
      expect(result.stderr).toContain('line 4, kind: must be individual or organization')
      expect(result.stderr).toContain('line 4, phone: not a possible phone number')
      expect(result.stderr).toContain('3 error(s); nothing was written')
      expect(result.stateFiles).toEqual([])

      const typo = accountsWithoutDatabase(
        'import',
        file('typo.csv', [HEADER.replace('email', 'e_mail')]),
      )
      expect(typo.status).toBe(1)
      expect(typo.stderr).toContain('line 1, e_mail: unknown column')
      expect(typo.stateFiles).toEqual([])

      // Shift_JIS read as UTF-8: refused with the option to use.
      const misread = accountsWithoutDatabase(
        'import',
        resolve(ROOT, 'test/fixtures/accounts-shift_jis.csv'),
      )
      expect(misread.status).toBe(1)
      expect(misread.stderr).toContain('--encoding shift_jis')
      expect(misread.stateFiles).toEqual([])

      // The check can fail: a command that does reach the database opens it there (and finds
      // no tables in it).
      const listed = accountsWithoutDatabase('export')
      expect(listed.status).toBe(1)
      expect(listed.stderr).toContain('no such table: accounts')
      expect(listed.stateFiles).toContainEqual(expect.stringMatching(/\.sqlite$/))
    },
    COMMANDS_TIMEOUT_MS,
  )

  it(
    'imports into the running service; a person then gets an initialized password through the form',
    async () => {
      const example = resolve(ROOT, 'examples/accounts.csv')
      const dry = accounts('import', example, '--dry-run')
      expect(dry.stdout).toContain(
        'Dry run, nothing written: 4 new, 0 changed, 0 unchanged, 0 closed, 0 kept: newer here.',
      )
      // Still 4 new: the dry run wrote none of them. (The same file again is "4 unchanged":
      // the Shift_JIS test below imports this run's export, these accounts included.)
      const first = accounts('import', example)
      expect(first.status, first.stderr).toBe(0)
      expect(first.stdout).toContain('4 new, 0 changed, 0 unchanged, 0 closed, 0 kept: newer here')

      const server = e2eEnv()
      const context = await browser.newContext({ extraHTTPHeaders: newClient(), locale: 'en-US' })
      const page = await context.newPage()
      await page.goto(`${server.baseUrl}/password/initialize?lang=en`)
      await page.fill('#loginId', '100000001')
      await page.fill('#name', 'Ichiro SUZUKI')
      await page.fill('#phoneNumber', '090-2222-3333')
      await page.fill('#email', 'ichiro.suzuki@example.com')
      const before = listMail(server)
      await page.click('button[type=submit]')
      await page.waitForURL(`${server.baseUrl}/password/initialize/sent?lang=en`)
      const [mail, ...others] = await waitForNewMail(server, before)
      expect(others).toEqual([])
      expect(mail?.text).toContain('*****0001')
      expect(mail?.text).toMatch(/^(?:[A-Z2-9]{4}-){5}[A-Z2-9]{4}$/m)
      await context.close()
    },
    COMMANDS_TIMEOUT_MS,
  )

  it(
    'imports Shift_JIS with --encoding shift_jis, and round-trips through export',
    () => {
      const sjis = resolve(ROOT, 'test/fixtures/accounts-shift_jis.csv')
      const imported = accounts('import', sjis, '--encoding', 'shift_jis')
      expect(imported.stdout).toContain(
        '2 new, 0 changed, 0 unchanged, 0 closed, 0 kept: newer here',
      )

      const exported = accounts('export').stdout
      expect(exported).toContain('200000001,individual,active,ja,,一郎,髙橋,090-3333-4444,JP,')
      expect(exported.split('\r\n')[0]).not.toContain('password_hash')
      const path = join(dir, 'export.csv')
      writeFileSync(path, exported)
      const again = accounts('import', path)
      expect(again.stdout).toMatch(
        /: 0 new, 0 changed, \d+ unchanged, 0 closed, 0 kept: newer here/,
      )
      expect(exported).toContain('100000001,')
    },
    COMMANDS_TIMEOUT_MS,
  )

  it(
    'with --deactivate-missing closes the accounts absent from the file',
    () => {
      // The export the previous test took and imported back unchanged.
      const exported = readFileSync(join(dir, 'export.csv'), 'utf8').split('\r\n')
      const kept = exported.filter((line) => !line.startsWith('200000002,'))
      const path = join(dir, 'without-one.csv')
      writeFileSync(path, kept.join('\r\n'))
      const dry = accounts('import', path, '--deactivate-missing', '--dry-run')
      expect(dry.stdout).toMatch(/0 new, 0 changed, \d+ unchanged, 1 closed, 0 kept: newer here/)
      const result = accounts('import', path, '--deactivate-missing')
      expect(result.stdout).toMatch(/0 new, 0 changed, \d+ unchanged, 1 closed, 0 kept: newer here/)
      const closed = accounts('export')
        .stdout.split('\r\n')
        .find((l) => l.startsWith('200000002,'))
      expect(closed).toMatch(/^200000002,organization,closed,/)
      expect(readFileSync(path, 'utf8')).not.toContain('200000002')
    },
    COMMANDS_TIMEOUT_MS,
  )
})

// Needs the server's D1 only, no browser.
describeInBrowser('The accounts export to a file', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'accounts-export-'))
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it(
    'export --output writes the same CSV to a file; an unwritable path is named, not a stack trace',
    () => {
      const path = join(dir, 'exported.csv')
      const result = accounts('export', '--output', path)
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(/^Exported \d+ account\(s\) to .*exported\.csv\.$/m)
      expect(readFileSync(path, 'utf8')).toBe(accounts('export').stdout)

      const bad = accounts('export', '--output', join(dir, 'missing', 'x.csv'))
      expect(bad.status).toBe(1)
      expect(bad.stderr).toContain('Cannot write')
      expect(bad.stderr).toContain('ENOENT')
      expect(bad.stderr).not.toContain('    at ')
    },
    COMMANDS_TIMEOUT_MS,
  )
})
