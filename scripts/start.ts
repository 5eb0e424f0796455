// The last step of `npm start`: runs `wrangler dev` with the arguments given after `--`, and
// fixes three things plain `wrangler dev` gets wrong for this project (docs/getting-started.md):
//
// - Optional secrets. With `[secrets] required` set, wrangler loads only the listed keys from
//   `.dev.vars`, so `WEBHOOK_SECRET` (optional: production must not require it) would be
//   dropped. wrangler dev runs on a copy of wrangler.toml, `wrangler.dev.toml` (git-ignored,
//   written here on every start, beside the original so every relative path still holds), whose
//   `required` also lists every other key of `.dev.vars`. No value ever goes on a command line.
// - PUBLIC_BASE_URL follows `--port` (the e-mails' links), unless `--var PUBLIC_BASE_URL:…` or
//   `.dev.vars` sets it.
// - The traffic view `/ops` is open (`OPS_OPEN_LOCALLY=true`, for localhost only): a deployed
//   Worker never has it and shows the view only behind Cloudflare Access.
// - Mail survives a restart: wrangler empties `.wrangler/tmp/email` when it starts, so each new
//   message file is copied to `.wrangler/mail/` as it appears (`npm run mail:latest` prints the
//   newest).
//
// A webhook set up by halves (WEBHOOK_URL without WEBHOOK_SECRET, or the other way round, or a
// malformed secret) is named here with a warning, never with a value; so is a bot check set up by
// halves (TURNSTILE_SITE_KEY without TURNSTILE_SECRET_KEY, or the other way round).
import { spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { webhookKey } from '../src/platform/secrets.ts'

const CONFIG = 'wrangler.toml'
const DEV_CONFIG = 'wrangler.dev.toml'
const DEV_VARS = '.dev.vars'
const EMAIL_TMP = join('.wrangler', 'tmp', 'email')
const MAIL_KEPT = join('.wrangler', 'mail')
const DEFAULT_PORT = '8787'
const COPY_EVERY_MS = 500

const args = process.argv.slice(2)

/** `KEY=value` lines of `.dev.vars` (dotenv: optional quotes, `#` comments). */
function readDevVars(): Map<string, string> {
  const vars = new Map<string, string>()
  if (!existsSync(DEV_VARS)) return vars
  for (const line of readFileSync(DEV_VARS, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!match?.[1]) continue
    vars.set(match[1], (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2'))
  }
  return vars
}

/** The values of `--NAME VALUE` / `--NAME=VALUE` in the arguments, in order. */
function optionValues(name: string): string[] {
  const values: string[] = []
  args.forEach((arg, i) => {
    if (arg === `--${name}` && args[i + 1] !== undefined) values.push(args[i + 1] ?? '')
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3))
  })
  return values
}

/** A `--var NAME:VALUE` given on the command line (wrangler's own syntax). */
function cliVar(name: string): string | undefined {
  const given = optionValues('var').find((value) => value.startsWith(`${name}:`))
  return given?.slice(name.length + 1)
}

/** A `[vars]` value of wrangler.toml (the simple `NAME = "value"` lines this file uses). */
function configVar(config: string, name: string): string | undefined {
  return new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm').exec(config)?.[1]
}

/** wrangler.toml with `required` also listing `extra` (nothing else changes). */
function devConfig(config: string, extra: readonly string[]): string {
  const required = /^required\s*=\s*\[([^\]]*)\]/m
  const match = required.exec(config)
  if (match === null) throw new Error(`${CONFIG}: no [secrets] required = [...] line`)
  const listed = [...(match[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '')
  const names = [...listed, ...extra.filter((name) => !listed.includes(name))]
  const header =
    `# Written by \`npm start\` (scripts/start.ts) from ${CONFIG} on every start; do not edit,\n` +
    '# never deploy it. Its `required` also lists the optional secrets found in .dev.vars.\n'
  return (
    header + config.replace(required, `required = [${names.map((name) => `"${name}"`).join(', ')}]`)
  )
}

/** Names what is missing from the webhook's setup, or undefined when it is whole or unused. */
function webhookProblem(url: string, secret: string | undefined): string | undefined {
  if (url !== '' && (secret === undefined || secret === '')) {
    return 'WEBHOOK_URL is set but WEBHOOK_SECRET is missing (add it to .dev.vars): no event will be delivered.'
  }
  if (url === '' && secret !== undefined && secret !== '') {
    return 'WEBHOOK_SECRET is set but WEBHOOK_URL is empty: no event will be sent.'
  }
  if (url !== '' && secret !== undefined) {
    try {
      webhookKey(secret)
    } catch (error) {
      return `${error instanceof Error ? error.message : 'WEBHOOK_SECRET is malformed'}: no event will be delivered.`
    }
  }
  return undefined
}

/** Names the missing Turnstile key when only one is set (the bot check is then off). */
function turnstileProblem(siteKey: string, secretKey: string): string | undefined {
  if (siteKey !== '' && secretKey === '') {
    return 'TURNSTILE_SITE_KEY is set but TURNSTILE_SECRET_KEY is missing (add it to .dev.vars): the bot check is off.'
  }
  if (siteKey === '' && secretKey !== '') {
    return 'TURNSTILE_SECRET_KEY is set but TURNSTILE_SITE_KEY is empty: the bot check is off.'
  }
  return undefined
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) =>
    statSync(join(dir, path)).isFile(),
  )
}

/** Copies the message files wrangler wrote since the last call to `.wrangler/mail/`. */
function keepMail(): void {
  try {
    for (const path of filesUnder(EMAIL_TMP)) {
      const kept = join(MAIL_KEPT, path)
      if (existsSync(kept)) continue
      mkdirSync(dirname(kept), { recursive: true })
      copyFileSync(join(EMAIL_TMP, path), kept)
    }
  } catch {
    // A file wrangler is writing or removing right now: the next round copies it.
  }
}

function main(): void {
  const config = readFileSync(CONFIG, 'utf8')
  const devVars = readDevVars()

  const webhookUrl =
    cliVar('WEBHOOK_URL') ?? devVars.get('WEBHOOK_URL') ?? configVar(config, 'WEBHOOK_URL') ?? ''
  const problem = webhookProblem(
    webhookUrl,
    cliVar('WEBHOOK_SECRET') ?? devVars.get('WEBHOOK_SECRET'),
  )
  if (problem !== undefined) console.warn(`Warning: ${problem}`)
  const setting = (name: string) =>
    (cliVar(name) ?? devVars.get(name) ?? configVar(config, name) ?? '').trim()
  const botCheck = turnstileProblem(setting('TURNSTILE_SITE_KEY'), setting('TURNSTILE_SECRET_KEY'))
  if (botCheck !== undefined) console.warn(`Warning: ${botCheck}`)

  const vars = configVarNames(config)
  const optionalSecrets = [...devVars.keys()].filter((name) => !vars.includes(name))
  writeFileSync(DEV_CONFIG, devConfig(config, optionalSecrets))

  const wranglerArgs = ['dev', '--config', DEV_CONFIG, ...args]
  if (cliVar('PUBLIC_BASE_URL') === undefined && !devVars.has('PUBLIC_BASE_URL')) {
    const port = optionValues('port').at(-1) ?? DEFAULT_PORT
    wranglerArgs.push('--var', `PUBLIC_BASE_URL:http://localhost:${port}`)
  }

  // The traffic view without Cloudflare Access, on localhost only (docs/operations.md#traffic-view).
  if (cliVar('OPS_OPEN_LOCALLY') === undefined) wranglerArgs.push('--var', 'OPS_OPEN_LOCALLY:true')

  const timer = setInterval(keepMail, COPY_EVERY_MS)
  const child = spawn('wrangler', wranglerArgs, { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal))
  }
  child.on('exit', (code, signal) => {
    clearInterval(timer)
    keepMail()
    if (filesUnder(MAIL_KEPT).length > 0) {
      console.log(`E-mails kept in ${relative('.', MAIL_KEPT)}/ (npm run mail:latest)`)
    }
    process.exit(code ?? (signal === null ? 0 : 1))
  })
}

/** The names under `[vars]` in wrangler.toml (up to the next table). */
function configVarNames(config: string): string[] {
  const section = /^\[vars\]\s*$([\s\S]*?)^\[/m.exec(config)?.[1] ?? ''
  return [...section.matchAll(/^([A-Z_][A-Z0-9_]*)\s*=/gm)].map((m) => m[1] ?? '')
}

main()
