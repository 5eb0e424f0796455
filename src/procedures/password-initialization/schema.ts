import * as z from 'zod/mini'
import {
  emailField,
  loginIdField,
  nameField,
  phoneObjectField,
  strictJsonObject,
} from '../../identity/fields'
import { lazy } from '../../lazy'
import { phoneFromFormFields } from '../contact-form'
import { contactJsonFields } from '../contact-json'

/** The form post (docs/contract.md#routes): loginId, name, phoneCountry, phoneNumber, email; other fields ignored. */
export const passwordInitializationForm = lazy(() =>
  z.pipe(
    z.transform(phoneFromFormFields),
    z.object({
      loginId: loginIdField(),
      name: nameField(),
      phone: phoneObjectField(),
      email: emailField(),
    }),
  ),
)

/** The JSON body (docs/contract.md#routes), strict: the same fields, `phone` as E.164 or `{country, number}`. */
export const passwordInitializationJson = lazy(() =>
  strictJsonObject({
    loginId: loginIdField().check(z.meta({ description: "The account's nine-digit login ID." })),
    ...contactJsonFields(),
  }),
)

/** A valid, normalized request: phone in E.164, text NFKC-normalized with spaces folded. */
export type PasswordInitializationRequest = z.infer<ReturnType<typeof passwordInitializationForm>>
