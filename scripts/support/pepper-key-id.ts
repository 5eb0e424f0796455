// The key ID the import command writes into wrapped hashes (`k=`), chosen as the Worker chooses
// it: PASSWORD_PEPPER_KEY_ID, checked by the Worker's own parser (docs/passwords.md, key rotation
// in docs/operations.md). No file access here: the command reads the files, tests pass text.
import { parsePepperKeyId } from '../../src/platform/config.ts'

/** The value of `NAME = "value"` in wrangler.toml's `[vars]` table, if it is there. */
function wranglerVar(toml: string, name: string): string | undefined {
  const vars = /^\[vars\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? ''
  return new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm').exec(vars)?.[1]
}

/** The value of `NAME=value` in `.dev.vars` (dotenv: optional quotes), if it is there. */
function devVar(devVars: string, name: string): string | undefined {
  const line = devVars.split(/\r?\n/).find((candidate) => candidate.startsWith(`${name}=`))
  return line?.slice(name.length + 1).replace(/^"(.*)"$/, '$1')
}

/**
 * PASSWORD_PEPPER_KEY_ID as the Worker the import writes for reads it: from the environment
 * (an operator who passes PASSWORD_PEPPER passes its ID beside it); else, for the local
 * database, `.dev.vars`, which `wrangler dev` lays over `[vars]`; else wrangler.toml's `[vars]`,
 * what a deploy gives the Worker; else 1, the Worker's default. Throws the Worker's error for a
 * value it would refuse.
 */
export function pepperKeyIdFor(sources: {
  env: string | undefined
  devVars: string | undefined
  wranglerToml: string
}): number {
  const fromDevVars = sources.devVars === undefined ? undefined : devVar(sources.devVars, NAME)
  const value = sources.env || fromDevVars || wranglerVar(sources.wranglerToml, NAME)
  return parsePepperKeyId(value)
}

const NAME = 'PASSWORD_PEPPER_KEY_ID'
