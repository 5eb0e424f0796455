import type { FC } from 'hono/jsx'
import type { ShownErrors } from '../../views/form'
import { FormPage } from '../../views/form-page'
import { Layout, PageLink } from '../../views/layout'
import { usePage } from '../../views/page-context'
import { ContactFields } from '../contact-fields'
import type { FormValues } from '../contact-form'
import { seeAlsoPasswordInitialization } from '../password-initialization/views'

export const PATH = '/login-id/notify'

export const LoginIdNotificationPage: FC<{ values: FormValues; errors: ShownErrors }> = ({
  values,
  errors,
}) => {
  const page = usePage().t.loginIdNotification
  return (
    <FormPage
      text={page}
      path={PATH}
      errors={errors}
      seeAlso={seeAlsoPasswordInitialization(page)}
      precautions={{ title: page.precautions.title, lists: [{ items: page.precautions.items }] }}
    >
      <ContactFields values={values} errors={errors} />
    </FormPage>
  )
}

/** The one answer every valid submission gets, whatever happened behind it. */
export const LoginIdNotificationSentPage: FC = () => {
  const page = usePage().t.loginIdNotification.sent
  return (
    <Layout title={page.title} path={`${PATH}/sent`}>
      <p>{page.body}</p>
      <p>{page.noMail}</p>
      <p>
        <PageLink path="/password/initialize">{page.next}</PageLink>
      </p>
    </Layout>
  )
}
