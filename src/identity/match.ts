import { foldCase, normalizeText } from './normalize'

/** The contact registered on an account: the holder, or an organization's person in charge. */
export interface RegisteredContact {
  givenName: string
  familyName: string
  /** E.164 */
  phone: string
  email: string
}

/** What the person typed, already normalized: name and email by normalizeText, phone in E.164. */
export interface ContactClaim {
  name: string
  phone: string
  email: string
}

/**
 * True when name, phone and e-mail all match the registered contact (docs/contract.md#matching-the-four-fields). The name may be
 * "given family" or "family given"; name and e-mail compare case-insensitively.
 *
 * @example
 * contactMatches(taro, { name: 'KOKU Taro', phone: '+819012345678', email: 'TARO.KOKU@example.com' }) // true
 */
export function contactMatches(contact: RegisteredContact, claim: ContactClaim): boolean {
  const claimedName = foldCase(normalizeText(claim.name))
  const givenFirst = foldCase(normalizeText(`${contact.givenName} ${contact.familyName}`))
  const familyFirst = foldCase(normalizeText(`${contact.familyName} ${contact.givenName}`))
  // Every comparison runs before they are combined, so the work does not reveal which field differs.
  const givenFirstMatches = claimedName === givenFirst
  const familyFirstMatches = claimedName === familyFirst
  const phoneMatches = claim.phone === contact.phone
  const emailMatches =
    foldCase(normalizeText(claim.email)) === foldCase(normalizeText(contact.email))
  return (givenFirstMatches || familyFirstMatches) && phoneMatches && emailMatches
}
