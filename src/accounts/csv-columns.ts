import { LOCALES } from '../i18n/locales'

// The accounts CSV's columns (docs/accounts-import.md): their names in the export's order, which
// a file must have, the field of the account each one fills, and what an operator reads when a
// cell is wrong.

/** The contract's (docs/contract.md#accounts-from-the-system-of-record) columns, in the order the export writes them. */
export const CSV_COLUMNS = [
  'login_id',
  'kind',
  'status',
  'locale',
  'organization_name',
  'given_name',
  'family_name',
  'phone',
  'phone_country',
  'email',
  'password_hash',
  'password_changed_at',
  // Written by the export, ignored by the import: only a new address clears it
  // (docs/operations.md#delivery-outcomes).
  'email_bounced_at',
] as const

export type CsvColumn = (typeof CSV_COLUMNS)[number]

export const REQUIRED_COLUMNS: ReadonlyArray<CsvColumn> = [
  'login_id',
  'kind',
  'given_name',
  'family_name',
  'phone',
  'email',
]

/** The column each field of the JSON shape comes from, for error messages. */
export const COLUMN_OF_FIELD: Record<string, CsvColumn> = {
  kind: 'kind',
  status: 'status',
  locale: 'locale',
  organizationName: 'organization_name',
  'contact.givenName': 'given_name',
  'contact.familyName': 'family_name',
  'contact.phone': 'phone',
  'contact.phone.number': 'phone',
  'contact.phone.country': 'phone_country',
  'contact.email': 'email',
  passwordHash: 'password_hash',
  passwordChangedAt: 'password_changed_at',
}

/** English messages per column and error code: the operator reads them in a terminal. */
const MESSAGES: Partial<Record<CsvColumn, Partial<Record<string, string>>>> = {
  login_id: { required: 'required', format: 'must be nine digits' },
  kind: { required: 'required', format: 'must be individual or organization' },
  status: { format: 'must be active, locked or closed (empty: active)' },
  locale: { format: `must be one of ${LOCALES.join(', ')} (empty: ja)` },
  organization_name: {
    required: 'required for an organization',
    format: 'only an organization has an organization name; leave it empty',
    too_long: 'at most 200 characters',
  },
  given_name: { required: 'required', too_long: 'at most 100 characters' },
  family_name: {
    required: 'required',
    too_long: 'at most 100 characters, and given and family name together at most 99',
  },
  phone: {
    required: 'required',
    format:
      'must be E.164 (+819012345678), or a national number (090-1234-5678) with phone_country',
    not_possible: 'not a possible phone number for its country',
  },
  phone_country: { unknown_country: 'must be an ISO 3166 alpha-2 code such as JP or US' },
  email: { required: 'required', format: 'not a valid e-mail address', too_long: 'too long' },
  password_hash: {
    format:
      'must be a PHC string $pbkdf2-sha256$i=N$salt$hash (base64 without padding, N from 10000 to 100000); leave it empty for no password',
  },
  password_changed_at: {
    required: 'required with password_hash: the ISO 8601 time it was set',
    format: 'must be an ISO 8601 time such as 2026-12-01T09:00:00Z',
  },
}

export const messageFor = (column: CsvColumn, code: string) =>
  MESSAGES[column]?.[code] ??
  (code === 'control_characters' ? 'contains control characters' : `invalid (${code})`)
