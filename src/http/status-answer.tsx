import type { Context } from 'hono'
import { type Messages, messages } from '../i18n'
import type { AppEnv } from '../platform/context'
import { StatusPage } from '../views/status-page'

/** A short page in the request's language for an answer other than the form. */
export const statusPage = (
  c: Context<AppEnv>,
  formPath: string,
  status: 400 | 403 | 413 | 415 | 429 | 503,
  text: (t: Messages) => { title: string; body: string },
) => {
  const { title, body } = text(messages(c.get('locale')))
  c.status(status)
  return c.render(<StatusPage title={title} body={body} formPath={formPath} />)
}
