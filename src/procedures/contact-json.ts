import * as z from 'zod/mini'
import { emailField, localeField, nameField, phoneJsonField } from '../identity/fields'

/**
 * The registered contact's fields of a JSON request, documented for the OpenAPI document; both
 * procedures' JSON schemas spread these, so the API and the forms validate with the same schemas.
 * Made when a procedure's JSON schema is first built.
 */
export const contactJsonFields = () => ({
  name: nameField().check(
    z.meta({
      description:
        'Name of the registered contact (the holder, or the person in charge of an organization): given and family name in either order, separated by a space.',
    }),
  ),
  phone: phoneJsonField().check(
    z.meta({
      description:
        'Phone number of the registered contact: an E.164 string, or `{country, number}` with an ISO 3166 alpha-2 country code and the number as dialled in that country.',
    }),
  ),
  email: emailField().check(
    z.meta({
      description:
        'The e-mail address registered to the account, compared case-insensitively. Mail only ever goes to the stored address.',
    }),
  ),
  locale: z.optional(localeField()).check(
    z.meta({
      description:
        "Language of the answer's messages. The e-mail itself is always in the account's language.",
    }),
  ),
})
