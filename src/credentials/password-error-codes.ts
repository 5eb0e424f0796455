// The codes of the new-password rules (docs/passwords.md), beside the contact fields' codes in
// src/identity/fields.ts: what a field error names, in a page or a problem document.

/** Why a password field is invalid; the page maps each to a localized message. */
export const passwordErrorCodes = [
  'required',
  'invalid_type',
  'control_characters',
  'too_short',
  'too_long',
  'contains_login_id',
  /** A word of the service's name (docs/passwords.md): checked before any account is looked at. */
  'contains_context_word',
  'common',
  'same_as_password',
  'mismatch',
] as const

export type PasswordErrorCode = (typeof passwordErrorCodes)[number]
