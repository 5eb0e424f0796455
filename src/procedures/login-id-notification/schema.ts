import * as z from 'zod/mini'
import { emailField, nameField, phoneObjectField, strictJsonObject } from '../../identity/fields'
import { lazy } from '../../lazy'
import { phoneFromFormFields } from '../contact-form'
import { contactJsonFields } from '../contact-json'

/** The form post (docs/contract.md#routes): name, phoneCountry, phoneNumber, email; other fields ignored. */
export const loginIdNotificationForm = lazy(() =>
  z.pipe(
    z.transform(phoneFromFormFields),
    z.object({
      name: nameField(),
      phone: phoneObjectField(),
      email: emailField(),
    }),
  ),
)

/** The JSON body (docs/contract.md#routes), strict: the same fields, `phone` as E.164 or `{country, number}`. */
export const loginIdNotificationJson = lazy(() => strictJsonObject(contactJsonFields()))

export type LoginIdNotificationRequest = z.infer<ReturnType<typeof loginIdNotificationForm>>
