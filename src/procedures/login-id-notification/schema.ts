import * as z from 'zod'
import { emailField, nameField, phoneObjectField } from '../../identity/fields'
import { phoneFromFormFields } from '../contact-form'

/** The form post (SPEC 7): name, phoneCountry, phoneNumber, email; other fields ignored. */
export const loginIdNotificationForm = z.preprocess(
  phoneFromFormFields,
  z.object({
    name: nameField,
    phone: phoneObjectField,
    email: emailField,
  }),
)

export type LoginIdNotificationRequest = z.infer<typeof loginIdNotificationForm>
