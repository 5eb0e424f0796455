import type { FC } from 'hono/jsx'
import { mailMessages } from '../../i18n/mail'
import { LoginIdField, type ShownErrors } from '../../views/form'
import { FormPage, type SeeAlsoProps } from '../../views/form-page'
import { Layout, PageLink } from '../../views/layout'
import { usePage } from '../../views/page-context'
import { ContactFields } from '../contact-fields'
import type { FormValues } from '../contact-form'

export const PATH = '/password/initialize'

/** The sentence the other procedures' forms end with, leading here. */
export const seeAlsoPasswordInitialization = (text: {
  toPasswordInitialization: string
  toPasswordInitializationLink: string
}): SeeAlsoProps => ({
  lead: text.toPasswordInitialization,
  path: PATH,
  link: text.toPasswordInitializationLink,
})

export const PasswordInitializationPage: FC<{ values: FormValues; errors: ShownErrors }> = ({
  values,
  errors,
}) => {
  const page = usePage().t.passwordInitialization
  const { precautions } = page
  return (
    <FormPage
      text={page}
      path={PATH}
      errors={errors}
      seeAlso={{ lead: page.forgotLoginId, path: '/login-id/notify', link: page.forgotLoginIdLink }}
      // Whose details to enter, above the fields; the rest at the foot, once (docs/journey.md).
      note={precautions.note}
      precautions={{ title: precautions.title, lists: [{ items: precautions.items }] }}
    >
      <LoginIdField value={values.loginId} errors={errors} />
      <ContactFields values={values} errors={errors} />
    </FormPage>
  )
}

/**
 * The one answer every valid submission gets, whatever happened behind it: built only from
 * settings and the page language, never from what was entered (docs/journey.md).
 */
export const PasswordInitializationSentPage: FC<{
  ttlMinutes: number
  mailFrom: string
  supportContact: string | null
}> = ({ ttlMinutes, mailFrom, supportContact }) => {
  const { locale, serviceName, t } = usePage()
  const page = t.passwordInitialization.sent
  const subject = mailMessages(locale).initializedPassword.subject(serviceName)
  return (
    <Layout title={page.title} path={`${PATH}/sent`}>
      <p>{page.body}</p>
      <p>{page.lookFor(mailFrom, subject)}</p>
      <p>{page.validity(ttlMinutes)}</p>
      <p>{page.nextPage}</p>
      <p>{page.noMail}</p>
      {supportContact && <p>{page.unreachable(supportContact)}</p>}
      <p>
        <PageLink path={PATH}>{page.again}</PageLink>
      </p>
    </Layout>
  )
}
