import { describe, expect, it } from 'vitest'
import served from './fixtures/openapi-served.txt?raw'
import { testClient } from './support/client'
import { OPENAPI } from './support/json-api'

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
})
