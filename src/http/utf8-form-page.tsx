import type { Context } from 'hono'
import { utf8FormBody } from '../middleware/utf8-form-body'
import type { AppEnv } from '../platform/context'
import { statusPage } from './status-answer'

/** 400: the form's body is not UTF-8, or it broke off before its end. */
export const unreadableFormPage = (c: Context<AppEnv>, formPath: string) =>
  statusPage(c, formPath, 400, (t) => t.unreadableForm)

/**
 * 415 for a post that is not a URL-encoded form in UTF-8 (another charset, multipart, none), 400
 * for one whose bytes or `%XX` escapes are not UTF-8. Goes after the body limit.
 *
 * @example
 * .post('/', sameOriginForm(PATH), limitedBody(PATH), utf8Form(PATH), validForm(…), …)
 */
export const utf8Form = (formPath: string) =>
  utf8FormBody<AppEnv>({
    onUnsupportedMediaType: (c) => statusPage(c, formPath, 415, (t) => t.unsupportedMediaType),
    onUnreadable: (c) => unreadableFormPage(c, formPath),
  })
