import { Hono } from 'hono'
import { problem } from '../http/problem'
import type { AppEnv } from '../platform/context'
import { apiLocale } from './locale'
import { openApiDocument } from './openapi'

/** GET /api/v1/openapi.json; the procedures' JSON routes are made from their descriptions. */
export const apiRoutes = new Hono<AppEnv>()
  .on(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], '/openapi.json', (c) => {
    const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
    response.headers.set('Allow', 'GET, HEAD')
    return response
  })
  .get('/openapi.json', (c) => {
    const config = c.get('config')
    c.header('Cache-Control', 'public, max-age=300')
    return c.json(openApiDocument(config.publicBaseUrl.href.replace(/\/$/, ''), config.serviceName))
  })
