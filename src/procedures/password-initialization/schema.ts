import * as z from 'zod'
import { emailField, loginIdField, nameField, phoneObjectField } from '../../identity/fields'
import { phoneFromFormFields } from '../contact-form'

/** The form post (SPEC 7): loginId, name, phoneCountry, phoneNumber, email; other fields ignored. */
export const passwordInitializationForm = z.preprocess(
  phoneFromFormFields,
  z.object({
    loginId: loginIdField,
    name: nameField,
    phone: phoneObjectField,
    email: emailField,
  }),
)

/** A valid, normalized request: phone in E.164, text NFKC-normalized with spaces folded. */
export type PasswordInitializationRequest = z.infer<typeof passwordInitializationForm>
