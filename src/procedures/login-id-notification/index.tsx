import { queuedProcedure } from '../queued-procedure'
import { readNotifications } from './read'
import { loginIdNotificationForm, loginIdNotificationJson } from './schema'
import { notifyLoginIds } from './service'
import { LoginIdNotificationPage, LoginIdNotificationSentPage, PATH } from './views'

/**
 * Login ID notification (docs/contract.md#login-id-notification): `/login-id/notify` (form, confirmation page),
 * `POST /api/v1/login-id-notifications`, and its account work on the queue.
 */
export const loginIdNotification = queuedProcedure({
  name: 'login_id_notification',
  path: PATH,
  apiPath: '/login-id-notifications',
  formSchema: loginIdNotificationForm,
  jsonSchema: loginIdNotificationJson,
  loginIdOf: () => null,
  readBatch: readNotifications,
  run: notifyLoginIds,
  renderForm: (_, values, errors) => <LoginIdNotificationPage values={values} errors={errors} />,
  renderSent: () => <LoginIdNotificationSentPage />,
  openapi: () => ({
    operationId: 'notifyLoginIds',
    summary: 'Request the login IDs by e-mail',
    description:
      'When name, phone and e-mail match the registered contact of active accounts, one e-mail listing their login IDs goes to the stored address.',
    examples: {
      e164: {
        summary: 'Phone as an E.164 string',
        value: { name: 'Hanako SORA', phone: '+81312345678', email: 'it-admin@example.co.jp' },
      },
      countryAndNumber: {
        summary: 'Phone as country and national number',
        value: {
          name: 'Jane Doe',
          phone: { country: 'US', number: '(415) 555-0123' },
          email: 'jane.doe@example.org',
          locale: 'en',
        },
      },
    },
  }),
})
