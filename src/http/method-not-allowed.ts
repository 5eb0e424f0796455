import type { Context, Hono } from 'hono'
import { apiLocale } from '../api/json-locale'
import { problem } from '../api/problem'
import type { AppEnv } from '../platform/context'

/** 405 as a problem document, with `Allow` naming the methods the path answers (docs/api.md). */
export const methodNotAllowed = (allow: string) => (c: Context<AppEnv>) => {
  const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
  response.headers.set('Allow', allow)
  return response
}

const METHODS_OTHER_THAN_POST = ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/**
 * A JSON route that answers POST only: every other method at its path gets 405 with `Allow: POST`.
 *
 * @example
 * postOnly(new Hono<AppEnv>().post('/', …))
 */
export const postOnly = <Routes extends Hono<AppEnv>>(routes: Routes) =>
  routes.on(METHODS_OTHER_THAN_POST, '/', methodNotAllowed('POST'))
