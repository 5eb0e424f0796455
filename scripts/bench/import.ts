// How long `npm run accounts -- import` takes for 100,000 new accounts into a fresh local D1,
// and for the same file again (every row unchanged). The figures are quoted in docs/accounts-import.md;
// this is a benchmark, not a test. `npm run bench -- import [--rows N]`
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts.ts'

const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } })
const rows = Number(values.rows)

/** A file like a system of record's: both kinds, national and E.164 phones, some hashes. */
function accountsFile(count: number): string {
  const lines = [
    'login_id,kind,status,locale,organization_name,given_name,family_name,phone,phone_country,email,password_hash,password_changed_at',
  ]
  for (let i = 0; i < count; i++) {
    const loginId = String(200_000_000 + i)
    const mobile = `090${String(10_000_000 + i).slice(-8)}`
    const organization = i % 10 === 0
    lines.push(
      [
        loginId,
        organization ? 'organization' : 'individual',
        i % 50 === 0 ? 'locked' : 'active',
        i % 3 === 0 ? 'en' : 'ja',
        organization ? `"Company ${i}, Ltd."` : '',
        i % 2 === 0 ? '太郎' : 'Taro',
        `Family${i}`,
        i % 4 === 0 ? `+81${mobile.slice(1)}` : mobile,
        i % 4 === 0 ? '' : 'JP',
        `user${i}@example.com`,
        i % 5 === 0 ? DEMO_PASSWORD_HASH : '',
        i % 5 === 0 ? '2026-11-30T00:00:00Z' : '',
      ].join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

const dir = mkdtempSync(join(tmpdir(), 'bench-import-'))
const persist = ['--persist-to', join(dir, 'state')]
const run = (command: string, args: string[]) => {
  const started = performance.now()
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}\n${result.stderr}`)
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout.trim() }
}
try {
  const file = join(dir, 'accounts.csv')
  writeFileSync(file, accountsFile(rows))
  run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', ...persist])
  const script = ['--import', './scripts/support/resolve-ts.ts', 'scripts/accounts.ts', 'import']
  const first = run(process.execPath, [...script, file, '--local', ...persist])
  console.log(`${rows} new accounts: ${first.seconds.toFixed(1)} s (${first.stdout})`)
  const again = run(process.execPath, [...script, file, '--local', ...persist])
  console.log(`The same file again: ${again.seconds.toFixed(1)} s (${again.stdout})`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
