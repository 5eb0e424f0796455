import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { openApiDocument, openApiTemplate } from '../../src/openapi/document'
import { filledIn } from '../../src/openapi/json-template'
import { OPENAPI_TEMPLATE_PATH } from '../../src/openapi/route'
import { testClient } from '../support/client'
import { OPENAPI } from '../support/json-api'

const STALE =
  'assets/openapi-template.json is not what the schemas and descriptions build: run `npm run build:openapi` and commit it'

describe('the generated OpenAPI template', () => {
  it('is what the live Zod schemas and route descriptions build (npm run build:openapi)', async () => {
    // The template as the Worker reads it: through its ASSETS binding (wrangler.toml `[assets]`).
    const response = await env.ASSETS.fetch(`https://assets.invalid${OPENAPI_TEMPLATE_PATH}`)
    expect(response.status, STALE).toBe(200)
    const OPENAPI_DOCUMENT = await response.json<ReturnType<typeof openApiTemplate>>()
    const built = openApiTemplate()
    const settings = { serverUrl: 'https://accounts.example.com', serviceName: 'Example' }
    // What changed, as a readable difference; then byte for byte, key order and holes included.
    expect(JSON.parse(filledIn(OPENAPI_DOCUMENT, settings)), STALE).toEqual(
      JSON.parse(filledIn(built, settings)),
    )
    expect(OPENAPI_DOCUMENT, STALE).toEqual(built)
  })
})

describe('the served OpenAPI document', () => {
  it.each([
    { SERVICE_NAME: 'Example Account Service', PUBLIC_BASE_URL: 'http://localhost:8787' },
    { SERVICE_NAME: 'Kōkū "Accounts" \\ Service\u2028', PUBLIC_BASE_URL: 'https://example.com/a/' },
  ])('is byte for byte what the Worker built at request time for $SERVICE_NAME', async (env) => {
    const response = await testClient({ env }).request(OPENAPI)
    expect(response.status).toBe(200)
    const text = await response.text()
    const serverUrl = env.PUBLIC_BASE_URL.replace(/\/$/, '')
    // openApiDocument is what the Worker called on the first request for the document.
    const asBuiltAtRequestTime = JSON.stringify(openApiDocument(serverUrl, env.SERVICE_NAME))
    expect(JSON.parse(text)).toEqual(JSON.parse(asBuiltAtRequestTime))
    expect(text).toBe(asBuiltAtRequestTime)
    const { info, servers } = JSON.parse(text)
    expect(info.title).toBe(`${env.SERVICE_NAME} API`)
    expect(servers).toEqual([{ url: serverUrl }])
  })
})
