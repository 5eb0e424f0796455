import { describe, expect, it } from 'vitest'
import apiKeyScript from '../../scripts/api-key.ts?raw'
import {
  apiKeyExpiry,
  describeExpiry,
  MAX_API_KEY_DAYS,
} from '../../scripts/support/api-key-expiry'

const NOW = Date.UTC(2026, 11, 7, 21, 0, 0)
const DAY = 24 * 60 * 60 * 1000

describe('the expiry of a key made by npm run api-key -- create', () => {
  it('is none unless asked for', () => {
    expect(apiKeyExpiry({}, NOW)).toBeNull()
  })

  it('with --expires 2027-06-30, keeps the key working through that day (UTC)', () => {
    expect(apiKeyExpiry({ expires: '2027-06-30' }, NOW)).toBe(Date.UTC(2027, 6, 1))
  })

  it('with --expires-in-days 90, is 90 days from now', () => {
    expect(apiKeyExpiry({ expiresInDays: '90' }, NOW)).toBe(NOW + 90 * DAY)
  })

  it.each([
    [{ expires: '2027-02-30' }, /--expires must be a date/],
    [{ expires: '30.06.2027' }, /--expires must be a date/],
    [{ expires: '2026-12-06' }, /a day after today/],
    [{ expiresInDays: '0' }, /whole number of days/],
    [{ expiresInDays: '1.5' }, /whole number of days/],
    [{ expiresInDays: String(MAX_API_KEY_DAYS + 1) }, /at most/],
    [{ expires: '2027-06-30', expiresInDays: '3' }, /not both/],
  ])('refuses %o with a clear message', (options, message) => {
    expect(() => apiKeyExpiry(options, NOW)).toThrow(message)
  })

  it('is listed as a time, marked when past', () => {
    expect(describeExpiry(null, NOW)).toBe('never')
    expect(describeExpiry(NOW + DAY, NOW)).toBe('2026-12-08T21:00:00.000Z')
    expect(describeExpiry(NOW, NOW)).toBe('2026-12-07T21:00:00.000Z (expired)')
  })
})

describe('the api-key command', () => {
  it('writes an audit row with the key id, never the key, when it creates or revokes one', () => {
    const audit = /INSERT INTO audit_events \(([^)]*)\) VALUES \((.*)\)`$/m.exec(apiKeyScript)
    expect(audit?.[1]).toContain('api_key_id')
    expect(audit?.[2]).toContain("'api_key'")
    expect(audit?.[2]).not.toMatch(/\bkey\b(?!_)/)
    // Each right after its change, in the audit database of the period (docs/decisions/034-audit-rotation.md).
    expect(apiKeyScript).toMatch(
      /INSERT INTO api_keys[^`]*`,\s*\)\s*await writeAudit\('created', id, now\)/,
    )
    expect(apiKeyScript).toMatch(/UPDATE api_keys[^`]*`\)\s*await writeAudit\('revoked', id, now\)/)
  })
})
