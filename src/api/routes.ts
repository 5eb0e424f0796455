import { Hono } from 'hono/tiny'
import { problem } from '../http/problem'
import type { AppEnv } from '../platform/context'
import { apiLocale } from './locale'
import { openApiDocument } from './openapi'

/** The document as served, built by the first request that asks for it (for these settings). */
let served: { serverUrl: string; serviceName: string; body: string } | undefined

function servedDocument(serverUrl: string, serviceName: string): string {
  if (served?.serverUrl !== serverUrl || served.serviceName !== serviceName) {
    const body = JSON.stringify(openApiDocument(serverUrl, serviceName))
    served = { serverUrl, serviceName, body }
  }
  return served.body
}

/** GET /api/v1/openapi.json; the procedures' JSON routes are made from their descriptions. */
export const apiRoutes = new Hono<AppEnv>()
  .on(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], '/openapi.json', (c) => {
    const response = problem(c, 405, 'method-not-allowed', apiLocale(c))
    response.headers.set('Allow', 'GET, HEAD')
    return response
  })
  .get('/openapi.json', (c) => {
    const config = c.get('config')
    const body = servedDocument(config.publicBaseUrl.href.replace(/\/$/, ''), config.serviceName)
    c.header('Cache-Control', 'public, max-age=300')
    return c.body(body, 200, { 'Content-Type': 'application/json' })
  })
