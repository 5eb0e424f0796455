import { jsonLinesLogger, type Logger } from '../../src/platform/log'

/** One parsed log line: what every line has, then the fields of its event. */
export interface LogLine {
  level: 'info' | 'warn' | 'error'
  event: string
  time: string
  requestId?: string
  [field: string]: unknown
}

/**
 * The production logger's JSON lines, kept instead of written to the console: `testClient()`
 * gives its Worker one, and tests read `lines` (the text, as Workers Logs would get it) or
 * `events(name)` (parsed).
 *
 * @example
 * const client = testClient()
 * await client.postForm('/password/initialize', TARO)
 * expect(client.logs.events('request')).toHaveLength(1)
 */
export class RecordingLogger implements Logger {
  readonly lines: string[] = []
  private readonly json = jsonLinesLogger((_, line) => this.lines.push(line))
  readonly info = this.json.info
  readonly warn = this.json.warn
  readonly error = this.json.error

  /** Every line, parsed. */
  get parsed(): LogLine[] {
    return this.lines.map((line) => JSON.parse(line) as LogLine)
  }

  /** The lines of one event, parsed. */
  events(event: string): LogLine[] {
    return this.parsed.filter((line) => line.event === event)
  }
}
