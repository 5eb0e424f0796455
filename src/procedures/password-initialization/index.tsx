import { rememberLoginId } from '../password-change/login-id-prefill'
import { queuedProcedure } from '../queued-procedure'
import { readInitializations } from './read'
import { passwordInitializationForm, passwordInitializationJson } from './schema'
import { initializePassword } from './service'
import { PATH, PasswordInitializationPage, PasswordInitializationSentPage } from './views'

/**
 * Password initialization (docs/contract.md#password-initialization): `/password/initialize` (form, confirmation page),
 * `POST /api/v1/password-initializations`, and its account work on the queue.
 */
export const passwordInitialization = queuedProcedure({
  name: 'password_initialization',
  path: PATH,
  apiPath: '/password-initializations',
  formSchema: passwordInitializationForm,
  jsonSchema: passwordInitializationJson,
  loginIdOf: (request) => request.loginId,
  readBatch: readInitializations,
  run: initializePassword,
  onFormAccepted: (c, request) => rememberLoginId(c, request.loginId),
  renderForm: (_, values, errors) => <PasswordInitializationPage values={values} errors={errors} />,
  renderSent: (c) => (
    <PasswordInitializationSentPage
      ttlMinutes={c.get('services').config.initializedPasswordTtlMinutes}
      mailFrom={c.get('services').config.mailFrom}
      supportContact={c.get('services').config.supportContact}
    />
  ),
  openapi: () => ({
    operationId: 'initializePassword',
    summary: 'Request an initialized password',
    description:
      'When login ID, name, phone and e-mail all match the registered contact of an active account, an initialized password is e-mailed to the address stored on the account.',
    examples: {
      e164: {
        summary: 'Phone as an E.164 string',
        value: {
          loginId: '123456789',
          name: 'Taro KOKU',
          phone: '+819012345678',
          email: 'taro.koku@example.com',
        },
      },
      countryAndNumber: {
        summary: 'Phone as country and national number, answer in Japanese',
        value: {
          loginId: '123456789',
          name: 'KOKU Taro',
          phone: { country: 'JP', number: '090-1234-5678' },
          email: 'taro.koku@example.com',
          locale: 'ja',
        },
      },
    },
  }),
})
