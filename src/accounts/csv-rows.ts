import { issuesToFieldErrors, KEEP_ISSUE_INPUT } from '../http/field-errors'
import { loginIdField } from '../identity/fields'
import { normalizeText } from '../identity/normalize'
import {
  COLUMN_OF_FIELD,
  CSV_COLUMNS,
  type CsvColumn,
  messageFor,
  REQUIRED_COLUMNS,
} from './csv-columns'
import { type AccountRecord, accountJson, toAccountRecord } from './schema'

/** One parsed CSV record: its cells and the line of the file it starts on. */
export interface CsvRecord {
  line: number
  cells: ReadonlyArray<string>
}

/** One problem of a file, printed as `line N, column: message`. */
export interface RowError {
  line: number
  column: string
  message: string
}

export const formatRowError = ({ line, column, message }: RowError) =>
  `line ${line}, ${column}: ${message}`

/**
 * Cells the export protects against formula injection start with `'` (`csv-export.ts`); the
 * import takes exactly that one off.
 */
const NEUTRALIZED = /^'(?='?[=+\-@\t\r])/

/** A cell as written, minus the export's protective apostrophe. */
export const unneutralize = (cell: string) => (NEUTRALIZED.test(cell) ? cell.slice(1) : cell)

/** The columns of a header row, or its errors: unknown, repeated and missing columns. */
export function readHeader(
  header: CsvRecord,
): { ok: true; columns: CsvColumn[] } | { ok: false; errors: RowError[] } {
  const errors: RowError[] = []
  const columns: CsvColumn[] = []
  for (const [i, raw] of header.cells.entries()) {
    const name = raw.trim().toLowerCase()
    const column = CSV_COLUMNS.find((known) => known === name)
    const label = name === '' ? `column ${i + 1}` : raw
    if (column === undefined) {
      errors.push({
        line: header.line,
        column: label,
        message: `unknown column; the columns are ${CSV_COLUMNS.join(', ')}`,
      })
    } else if (columns.includes(column)) {
      errors.push({ line: header.line, column: label, message: 'column appears twice' })
    } else {
      columns.push(column)
    }
  }
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required)) {
      errors.push({ line: header.line, column: required, message: 'required column is missing' })
    }
  }
  return errors.length > 0 || columns.length !== header.cells.length
    ? { ok: false, errors }
    : { ok: true, columns }
}

/** The cells of one row by column name; empty cells are left out (they mean "not given"). */
function cellsByColumn(columns: ReadonlyArray<CsvColumn>, record: CsvRecord) {
  const cells: Partial<Record<CsvColumn, string>> = {}
  for (const [i, column] of columns.entries()) {
    const value = unneutralize(record.cells[i] ?? '')
    if (normalizeText(value) !== '') cells[column] = value
  }
  return cells
}

/**
 * One row, checked with the provisioning API's schema (`accountJson`) and the forms' login ID
 * field: the normalized record, or every error of the row.
 */
export function readAccountRow(
  columns: ReadonlyArray<CsvColumn>,
  record: CsvRecord,
): { ok: true; account: AccountRecord } | { ok: false; errors: RowError[] } {
  if (record.cells.length !== columns.length) {
    return {
      ok: false,
      errors: [
        {
          line: record.line,
          column: 'row',
          message: `has ${record.cells.length} cells, the header ${columns.length}`,
        },
      ],
    }
  }
  const cells = cellsByColumn(columns, record)
  const errors: RowError[] = []
  const loginId = loginIdField().safeParse(cells.login_id ?? '', KEEP_ISSUE_INPUT)
  if (!loginId.success) {
    for (const { code } of issuesToFieldErrors(loginId.error.issues)) {
      errors.push({ line: record.line, column: 'login_id', message: messageFor('login_id', code) })
    }
  }
  const phone =
    cells.phone_country !== undefined
      ? { country: cells.phone_country, number: cells.phone ?? '' }
      : cells.phone
  const body = {
    kind: cells.kind ?? '',
    status: cells.status,
    locale: cells.locale,
    organizationName: cells.organization_name,
    contact: {
      givenName: cells.given_name ?? '',
      familyName: cells.family_name ?? '',
      phone: phone ?? '',
      email: cells.email ?? '',
    },
    passwordHash: cells.password_hash,
    // Without a hash it is what the export wrote: information only, so an export imports back.
    passwordChangedAt:
      cells.password_hash === undefined ? undefined : cells.password_changed_at?.trim(),
  }
  const parsed = accountJson().safeParse(
    Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)),
    KEEP_ISSUE_INPUT,
  )
  if (!parsed.success) {
    for (const { field, code } of issuesToFieldErrors(parsed.error.issues)) {
      const column = COLUMN_OF_FIELD[field] ?? 'row'
      const message = column === 'row' ? `invalid (${code})` : messageFor(column, code)
      if (!errors.some((e) => e.column === column && e.message === message)) {
        errors.push({ line: record.line, column, message })
      }
    }
  }
  if (errors.length > 0 || !loginId.success || !parsed.success) return { ok: false, errors }
  return { ok: true, account: toAccountRecord(loginId.data, parsed.data) }
}

const PROGRESS_EVERY_ROWS = 10_000

/**
 * Every row of a file, checked before anything is written: the accounts, or every error of
 * every row (a login ID that appears twice included), in line order. `onProgress` hears of
 * every 10,000 rows checked.
 */
export function readAccountRows(
  header: CsvRecord,
  rows: ReadonlyArray<CsvRecord>,
  onProgress?: (checked: number) => void,
): { ok: true; accounts: AccountRecord[] } | { ok: false; errors: RowError[] } {
  const headerResult = readHeader(header)
  if (!headerResult.ok) return headerResult
  const accounts: AccountRecord[] = []
  const errors: RowError[] = []
  const firstLineOf = new Map<string, number>()
  for (const [i, row] of rows.entries()) {
    if (i > 0 && i % PROGRESS_EVERY_ROWS === 0) onProgress?.(i)
    const result = readAccountRow(headerResult.columns, row)
    if (!result.ok) {
      errors.push(...result.errors)
      continue
    }
    const earlier = firstLineOf.get(result.account.loginId)
    if (earlier !== undefined) {
      errors.push({ line: row.line, column: 'login_id', message: `also on line ${earlier}` })
      continue
    }
    firstLineOf.set(result.account.loginId, row.line)
    accounts.push(result.account)
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, accounts }
}
