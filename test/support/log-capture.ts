import { vi } from 'vitest'

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

/**
 * Captures every line written through console.log/info/warn/error/debug (and keeps it off the
 * test output) until `restore()`.
 *
 * @example
 * const logs = captureLogs()
 * try { await client.request('/') } finally { logs.restore() }
 * expect(logs.lines).toHaveLength(1)
 */
export function captureLogs() {
  const lines: string[] = []
  const spies = METHODS.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' '))
    }),
  )
  return {
    lines,
    restore() {
      for (const spy of spies) spy.mockRestore()
    },
  }
}
