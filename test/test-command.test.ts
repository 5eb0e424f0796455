// `npm test -- …` shares its arguments out between the two Vitest runs
// (scripts/support/test-arguments.ts, docs/testing.md#commands).
import { describe, expect, it } from 'vitest'
import { shareTestArguments } from '../scripts/support/test-arguments'

describe('npm test -- <arguments>', () => {
  it('runs both with nothing but their own arguments when none are given', () => {
    expect(shareTestArguments([])).toEqual({ browser: [], workers: [] })
  })

  it('gives options to both runs', () => {
    expect(shareTestArguments(['--reporter=verbose'])).toEqual({
      browser: ['--reporter=verbose'],
      workers: ['--reporter=verbose'],
    })
  })

  it('sends a filter under test/ to the workers projects and leaves the browser project out', () => {
    expect(shareTestArguments(['test/api', '--reporter=verbose'])).toEqual({
      browser: null,
      workers: ['--reporter=verbose', 'test/api'],
    })
  })

  it('sends an e2e filter to the browser project and leaves the workers projects out', () => {
    expect(shareTestArguments(['e2e/openapi'])).toEqual({ browser: ['e2e/openapi'], workers: null })
  })

  it('runs both when filters name files of each', () => {
    expect(shareTestArguments(['e2e/pages', 'test/views'])).toEqual({
      browser: ['e2e/pages'],
      workers: ['test/views'],
    })
  })
})
