import type { RegisteredContact } from '../identity/match'
import type { Account } from './schema'

/** The person whose details unlock an account: its holder, or its organization's person in charge. */
export const registeredContactOf = (account: Account): RegisteredContact => ({
  givenName: account.contactGivenName,
  familyName: account.contactFamilyName,
  phone: account.contactPhone,
  email: account.contactEmail,
})
