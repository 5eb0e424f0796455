import { queuedProcedure } from '../queued-procedure'
import { passwordInitializationForm, passwordInitializationJson } from './schema'
import { initializePassword } from './service'
import { PATH, PasswordInitializationPage, PasswordInitializationSentPage } from './views'

/**
 * Password initialization (SPEC 4): `/password/initialize` (form, confirmation page),
 * `POST /api/v1/password-initializations`, and its account work on the queue.
 */
export const passwordInitialization = queuedProcedure({
  name: 'password_initialization',
  path: PATH,
  apiPath: '/password-initializations',
  formSchema: passwordInitializationForm,
  jsonSchema: passwordInitializationJson,
  loginIdOf: (request) => request.loginId,
  run: initializePassword,
  renderForm: (c, values, errors) => (
    <PasswordInitializationPage
      locale={c.get('locale')}
      serviceName={c.get('config').serviceName}
      values={values}
      errors={errors}
    />
  ),
  renderSent: (c) => (
    <PasswordInitializationSentPage
      locale={c.get('locale')}
      serviceName={c.get('config').serviceName}
      ttlMinutes={c.get('config').initializedPasswordTtlMinutes}
    />
  ),
})
