// Reading an accounts file (docs/contract.md#accounts-from-the-system-of-record) in Node: bytes to text in the file's encoding, text to
// records with the line each starts on. csv-parse does RFC 4180 (quoted commas, quotes and line
// breaks, CRLF, a BOM); the rows are then checked by src/accounts/csv-rows.ts.
import { parse } from 'csv-parse/sync'
import type { CsvRecord } from '../../src/accounts/csv-rows.ts'

export const ENCODINGS = ['utf-8', 'shift_jis'] as const
export type Encoding = (typeof ENCODINGS)[number]

/**
 * The file's text. UTF-8 with or without a BOM, or Shift_JIS as spreadsheet software in Japan
 * writes it (WHATWG's Shift_JIS decoder is CP932: it has the NEC and IBM extensions). Bytes that
 * are not valid in the encoding are an error, not a replacement character in someone's name.
 */
export function decodeCsv(bytes: Uint8Array, encoding: Encoding): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    const hint =
      encoding === 'utf-8' ? '; a file from Excel in Japan needs --encoding shift_jis' : ''
    throw new Error(`The file is not valid ${encoding}${hint}.`)
  }
}

/** The records of a CSV text, blank lines left out, each with the line it starts on. */
export function parseCsv(text: string): CsvRecord[] {
  // csv-parse reports where each record ends in UTF-8 bytes, so lines are counted in bytes too.
  const bytes = Buffer.from(text.startsWith('\uFEFF') ? text.slice(1) : text, 'utf8')
  let parsed: Array<{ record: string[]; info: { bytes: number } }>
  try {
    // With `info`, each record comes as { record, info } (the types do not model the option).
    parsed = parse(bytes, {
      info: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as typeof parsed
  } catch (error) {
    const line = (error as { lines?: number }).lines
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(line === undefined ? message : `line ${line}: ${message}`)
  }
  const records: CsvRecord[] = []
  let line = 1
  let offset = 0
  for (const { record, info } of parsed) {
    if (!(record.length === 1 && record[0] === '')) records.push({ line, cells: record })
    line += countLineBreaks(bytes.subarray(offset, info.bytes))
    offset = info.bytes
  }
  return records
}

const CR = 0x0d
const LF = 0x0a

/** CRLF, LF and CR each end one line. */
function countLineBreaks(bytes: Uint8Array): number {
  let count = 0
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF)) count++
  }
  return count
}
