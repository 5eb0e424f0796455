import { parsePhoneNumberWithError } from 'libphonenumber-js'
import { normalizePhone } from '../identity/normalize'
import { CSV_COLUMNS, type CsvColumn } from './csv-columns'
import type { StoredAccount } from './store'

/** The export's columns: the import's, without `password_hash` (docs/accounts-import.md). */
export const EXPORT_COLUMNS = CSV_COLUMNS.filter(
  (column): column is Exclude<CsvColumn, 'password_hash'> => column !== 'password_hash',
)

/** A UTF-8 byte order mark, so spreadsheet software in Japan opens the file as UTF-8. */
export const UTF8_BOM = '\uFEFF'

/**
 * ASVS 1.2.10: a cell starting with =, +, -, @, tab or CR could run as a formula in a
 * spreadsheet, so it gets a leading apostrophe; so does a cell that already looks neutralized,
 * because the import takes exactly one such apostrophe off (`unneutralize`).
 */
export const neutralize = (cell: string) => (/^'?[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)

export const csvLine = (cells: ReadonlyArray<string>) =>
  `${cells.map((cell) => quote(neutralize(cell))).join(',')}\r\n`

/**
 * The phone as a national number and its country (`090-1234-5678`, `JP`): it starts with no
 * formula character, reads as people write it, and imports back to the same E.164. When no
 * country gives that round trip (a non-geographic number), the E.164 string, which the export
 * then neutralizes.
 */
export function exportPhone(e164: string): { phone: string; phoneCountry: string } {
  try {
    const parsed = parsePhoneNumberWithError(e164)
    const country = parsed.country
    if (country !== undefined) {
      const national = parsed.formatNational()
      const back = normalizePhone(country, national)
      if (back.ok && back.e164 === e164) return { phone: national, phoneCountry: country }
    }
  } catch {}
  return { phone: e164, phoneCountry: '' }
}

/** One account as the export's cells, in EXPORT_COLUMNS order. */
export function exportCells(account: StoredAccount): string[] {
  const { phone, phoneCountry } = exportPhone(account.contactPhone)
  const byColumn: Record<Exclude<CsvColumn, 'password_hash'>, string> = {
    login_id: account.loginId,
    kind: account.kind,
    status: account.status,
    locale: account.locale,
    organization_name: account.organizationName ?? '',
    given_name: account.contactGivenName,
    family_name: account.contactFamilyName,
    phone,
    phone_country: phoneCountry,
    email: account.contactEmail,
    password_changed_at:
      account.passwordChangedAt === null ? '' : new Date(account.passwordChangedAt).toISOString(),
    email_bounced_at:
      account.emailBouncedAt === null ? '' : new Date(account.emailBouncedAt).toISOString(),
  }
  return EXPORT_COLUMNS.map((column) => byColumn[column])
}

/** The whole export: BOM, header and one line per account, CRLF line ends. */
export function exportCsv(accounts: Iterable<StoredAccount>): string {
  let text = UTF8_BOM + csvLine(EXPORT_COLUMNS)
  for (const account of accounts) text += csvLine(exportCells(account))
  return text
}
