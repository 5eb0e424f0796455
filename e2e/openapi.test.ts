import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { filledIn, type JsonTemplate } from '../src/openapi/json-template'

/** The template `npm run build:openapi` wrote (assets/openapi-template.json). */
const OPENAPI_DOCUMENT = (): JsonTemplate<'serverUrl' | 'serviceName'> =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../assets/openapi-template.json'), 'utf8'))

/** The generated document as GET /api/v1/openapi.json serves it with these settings. */
const servedDocument = (serviceName = 'Example Account Service') =>
  JSON.parse(
    filledIn(OPENAPI_DOCUMENT(), { serverUrl: 'https://accounts.example.com', serviceName }),
  )

// Runs in Node: the validator compiles JSON Schemas with code generation, which workerd forbids.
// The workers tests check that GET /api/v1/openapi.json serves this document, that it is what the
// live schemas build, and that its examples are accepted by the live routes.
describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document by the official schema', async () => {
    const validator = new Validator()
    const result = await validator.validate(servedDocument())
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('resolves every $ref it uses', async () => {
    const validator = new Validator()
    await validator.validate(servedDocument('Example'))
    const resolved = JSON.stringify(validator.resolveRefs())
    expect(resolved).not.toContain('"$ref"')
  })

  it('is refused by the validator when it is broken, so the check above can fail', async () => {
    const broken = { ...servedDocument('Example'), paths: 42 }
    const result = await new Validator().validate(broken)
    expect(result.valid).toBe(false)
  })
})
