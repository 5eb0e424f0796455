import { describe, expect, it } from 'vitest'
import { filledIn } from '../src/api/json-template'
import { openApiDocument, openApiTemplate } from '../src/api/openapi'
import { OPENAPI_DOCUMENT } from '../src/api/openapi.generated'
import served from './fixtures/openapi-served.txt?raw'
import { testClient } from './support/client'
import { OPENAPI } from './support/json-api'

const STALE =
  'src/api/openapi.generated.ts is not what the schemas and descriptions build: run `npm run build:openapi` and commit it'

describe('the generated OpenAPI document', () => {
  it('is what the live Zod schemas and route descriptions build (npm run build:openapi)', () => {
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
  // Captured from GET /api/v1/openapi.json at 05bfe79, when the Worker still built the document
  // on its first request: whatever builds it, the bytes served must not change. (Text, not .json:
  // biome would reformat a .json file.)
  it('is byte for byte the document the Worker served when it built it at request time', async () => {
    const response = await testClient().request(OPENAPI)
    expect(response.status).toBe(200)
    expect(served.length).toBeGreaterThan(40_000)
    expect(await response.text()).toBe(served)
  })

  it('is, with other settings, byte for byte what the Worker built at request time', async () => {
    const serviceName = 'Kōkū "Accounts" \\ Service\u2028'
    const client = testClient({
      env: { SERVICE_NAME: serviceName, PUBLIC_BASE_URL: 'https://accounts.example.com/base/' },
    })
    const response = await client.request(OPENAPI)
    expect(response.status).toBe(200)
    const text = await response.text()
    // openApiDocument is what the Worker called on the first request for the document.
    const asBuiltAtRequestTime = JSON.stringify(
      openApiDocument('https://accounts.example.com/base', serviceName),
    )
    expect(JSON.parse(text)).toEqual(JSON.parse(asBuiltAtRequestTime))
    expect(text).toBe(asBuiltAtRequestTime)
    const { info, servers } = JSON.parse(text)
    expect(info.title).toBe(`${serviceName} API`)
    expect(servers).toEqual([{ url: 'https://accounts.example.com/base' }])
  })
})
