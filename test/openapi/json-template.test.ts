import { describe, expect, it } from 'vitest'
import { filledIn, templateOf } from '../../src/openapi/json-template'

const card = ({ name, url }: { name: string; url: string }) => ({
  title: `${name} API`,
  links: [{ href: url }, { href: `${url}/help`, label: name }],
  [`${name} key`]: 1,
})

describe('a JSON template', () => {
  it('is filled in byte for byte as JSON.stringify writes the values, however often each appears', () => {
    const template = templateOf(['name', 'url'], card)
    expect(template.holes).toEqual(['name', 'url', 'url', 'name', 'name'])
    expect(template.texts).toHaveLength(6)
    for (const values of [
      { name: 'Example', url: 'https://example.com' },
      { name: 'Quote " backslash \\ tab \t', url: 'https://example.com/a?b=c&d=é' },
      { name: 'Line\u2028separator, lone \ud800 surrogate, 😀', url: '' },
    ]) {
      expect(filledIn(template, values)).toBe(JSON.stringify(card(values)))
    }
  })

  it('refuses a build that changes a value or leaves it out, which no filling in could match', () => {
    expect(() => templateOf(['name'], ({ name }) => ({ title: name.toUpperCase() }))).toThrow(
      'A value was changed on its way into the JSON: "NAME"',
    )
    expect(() => templateOf(['name'], ({ name }) => ({ length: name.length }))).toThrow(
      'name is not in the JSON',
    )
  })
})
