import { Hono } from 'hono'
import { runAfterResponse } from '../../platform/background'
import type { AppEnv } from '../../platform/context'
import { formValues, validForm } from '../contact-form'
import { passwordInitializationForm } from './schema'
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
    validForm(passwordInitializationForm, (c, values, errors) => (
      <PasswordInitializationPage
        locale={c.get('locale')}
        serviceName={c.get('config').serviceName}
        values={values}
        errors={errors}
      />
    )),
    (c) => {
      const request = c.req.valid('form')
      const services = c.get('services')
      runAfterResponse(c, 'password_initialization', () => initializePassword(services, request))
      return c.redirect(`${PATH}/sent?lang=${c.get('locale')}`, 303)
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
