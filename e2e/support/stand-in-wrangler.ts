// A stand-in `wrangler` for a command's refusals: put first on PATH, it records each call and
// answers every query with no rows, so a test proves that a command refused before it reached any
// database (a real call starts a local D1: seconds of CPU each).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Runs `body` with the stand-in's directory; returns its result and the calls it recorded. */
export function withStandInWrangler<T>(body: (bin: string) => T): {
  result: T
  wranglerCalls: string[]
} {
  const bin = mkdtempSync(join(tmpdir(), 'wrangler-stand-in-'))
  const calls = join(bin, 'calls.txt')
  try {
    writeFileSync(
      join(bin, 'wrangler'),
      `#!/bin/sh\necho "$@" >> '${calls}'\necho '[{"results":[]}]'\n`,
    )
    chmodSync(join(bin, 'wrangler'), 0o755)
    const result = body(bin)
    const wranglerCalls = existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []
    return { result, wranglerCalls }
  } finally {
    rmSync(bin, { recursive: true, force: true })
  }
}
