import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '../src/api/openapi'

// Runs in Node: the validator compiles JSON Schemas with code generation, which workerd forbids.
// The workers tests check that GET /api/v1/openapi.json serves this document and that its
// examples are accepted by the live routes.
describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document by the official schema', async () => {
    const validator = new Validator()
    const result = await validator.validate(
      openApiDocument('https://accounts.example.com', 'Example Account Service'),
    )
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('resolves every $ref it uses', async () => {
    const validator = new Validator()
    await validator.validate(openApiDocument('https://accounts.example.com', 'Example'))
    const resolved = JSON.stringify(validator.resolveRefs())
    expect(resolved).not.toContain('"$ref"')
  })

  it('is refused by the validator when it is broken, so the check above can fail', async () => {
    const broken = { ...openApiDocument('https://accounts.example.com', 'Example'), paths: 42 }
    const result = await new Validator().validate(broken)
    expect(result.valid).toBe(false)
  })
})
