import { Hono } from 'hono'
import type { AppEnv } from '../../platform/context'
import { formValues, validForm } from '../contact-form'
import { utf8Form } from '../form-body'
import {
  acceptFormSubmission,
  formSubmissionLimits,
  limitedBody,
  sameOriginForm,
} from '../form-submission'
import { type PasswordInitializationRequest, passwordInitializationForm } from './schema'
import { initializePassword } from './service'
import { PATH, PasswordInitializationPage, PasswordInitializationSentPage } from './views'

/** GET/POST /password/initialize and GET /password/initialize/sent (SPEC 7). */
export const passwordInitializationRoutes = new Hono<AppEnv>()
  .get('/', (c) =>
    c.html(
      <PasswordInitializationPage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={formValues({})}
        errors={[]}
      />,
    ),
  )
  .post(
    '/',
    sameOriginForm(PATH),
    limitedBody(PATH),
    utf8Form(PATH),
    validForm('password_initialization', passwordInitializationForm, (c, values, errors) => (
      <PasswordInitializationPage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={values}
        errors={errors}
      />
    )),
    formSubmissionLimits<{ out: { form: PasswordInitializationRequest } }>(
      'password_initialization',
      PATH,
      (c) => c.req.valid('form').loginId,
    ),
    (c) => {
      const request = c.req.valid('form')
      return acceptFormSubmission(c, {
        procedure: 'password_initialization',
        loginId: request.loginId,
        formPath: PATH,
        run: (services) => initializePassword(services, request),
      })
    },
  )
  .get('/sent', (c) => {
    const config = c.get('config')
    return c.html(
      <PasswordInitializationSentPage
        locale={c.get('locale')}
        serviceName={config.serviceName}
        ttlMinutes={config.initializedPasswordTtlMinutes}
      />,
    )
  })
