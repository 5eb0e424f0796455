import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { INITIALIZED_PASSWORD_ALPHABET } from '../../../src/credentials/generate'
import { verifyInitializedPassword } from '../../../src/credentials/keyed-hash'
import { DEMO_PASSWORD_HASH } from '../../../src/db/demo-accounts'
import { messages } from '../../../src/i18n'
import { bearer, insertApiKey } from '../../support/api-keys'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { from, HANAKO, HOUR, MINUTE, observable, T0, TARO } from '../../support/fixtures'
import { PASSWORD_INITIALIZATIONS, postJson, TARO_JSON } from '../../support/json-api'
import { initializedPasswordIn } from '../../support/recording-mailer'
import {
  auditRows,
  currentPasswordHashOf,
  initializedPasswordRows,
  verifiesAsInitialized,
} from '../../support/rows'

beforeEach(resetToDemoAccounts)

const INITIALIZED_PASSWORD_KEY = env.INITIALIZED_PASSWORD_KEY

const FORM = '/password/initialize'

const SENT = '/password/initialize/sent'

describe('the initialized password (docs/contract.md#initialized-passwords)', () => {
  it('e-mails 24 characters from the alphabet without look-alikes, in groups of four', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    expect(password).toHaveLength(24)
    for (const character of password) expect(INITIALIZED_PASSWORD_ALPHABET).toContain(character)
    expect(password).toMatch(/[A-Z]/)
    expect(password).toMatch(/[0-9]/)
    const grouped = password.match(/.{4}/g)?.join('-') ?? ''
    expect(client.mailer.sent[0]?.text).toContain(`\n${grouped}\n`)
    expect(client.mailer.sent[0]?.html).toContain(grouped)
  })

  it('stores only a salted HMAC-SHA-256 under the secret key, in a PHC-style string', async () => {
    const client = testClient()
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const password = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    const [row] = await initializedPasswordRows()
    const hash = row?.passwordHash ?? ''
    // 16 bytes of salt, 32 bytes of MAC, base64 without padding.
    expect(hash).toMatch(/^\$hmac-sha256\$v=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await verifyInitializedPassword(password, hash, INITIALIZED_PASSWORD_KEY)).toBe(true)
    expect(await verifyInitializedPassword(`${password}x`, hash, INITIALIZED_PASSWORD_KEY)).toBe(
      false,
    )
    // Useless without the key.
    expect(await verifyInitializedPassword(password, hash, 'another-key')).toBe(false)
    expect(JSON.stringify(row)).not.toContain(password)
    expect(JSON.stringify(await auditRows())).not.toContain(password)
    expect(row).toMatchObject({ usedAt: null, revokedAt: null })
  })

  it('is valid for 60 minutes from its issue by default', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    const [row] = await initializedPasswordRows()
    expect(row?.issuedAt).toBe(T0)
    expect((row?.expiresAt ?? 0) - (row?.issuedAt ?? 0)).toBe(60 * MINUTE)
    expect(client.mailer.sent[0]?.text).toContain('2026年11月30日 17:43 (JST)')
  })

  it('follows INITIALIZED_PASSWORD_TTL_MINUTES in the row, the e-mail and the confirmation page', async () => {
    const client = testClient({ env: { INITIALIZED_PASSWORD_TTL_MINUTES: '15' } })
    client.clock.now = T0
    const response = await client.postForm(FORM, TARO)
    expect(response.status).toBe(303)
    const [row] = await initializedPasswordRows()
    expect((row?.expiresAt ?? 0) - (row?.issuedAt ?? 0)).toBe(15 * MINUTE)
    expect(client.mailer.sent[0]?.text).toContain('2026年11月30日 16:58 (JST)')
    expect(client.mailer.sent[0]?.html).toContain('2026年11月30日 16:58 (JST)')

    const sentPage = await client.request(response.headers.get('Location') ?? SENT)
    expect(sentPage.status).toBe(200)
    expect(await sentPage.text()).toContain(messages('ja').passwordInitialization.sent.validity(15))
  })
})

describe('revocation and caps (docs/contract.md#per-account-cap)', () => {
  it('sends nothing within 5 minutes of an issue and answers the same', async () => {
    const client = testClient()
    client.clock.now = T0
    const first = await observable(await client.postForm(FORM, TARO))
    client.clock.now = T0 + 5 * MINUTE - 1000
    const second = await observable(await client.postForm(FORM, TARO))

    expect(second.status).toBe(303)
    expect(second).toEqual(first)
    expect(client.mailer.sent).toHaveLength(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.revokedAt).toBeNull()
  })

  it('issues a new one after 5 minutes and leaves the earlier unexpired one usable, keeping the current password', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, TARO)).status).toBe(303)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)

    // Whoever sent the second matching submission, it takes nothing from the holder.
    client.clock.now = T0 + 5 * MINUTE + 1000
    expect((await client.postForm(FORM, TARO, from('203.0.113.66'))).status).toBe(303)

    expect(client.mailer.sent).toHaveLength(2)
    const [earlier, later] = await initializedPasswordRows()
    expect(earlier).toMatchObject({ revokedAt: null, revokedReason: null, usedAt: null })
    expect(later).toMatchObject({ revokedAt: null, revokedReason: null, deliveryState: 'sent' })
    const earlierPassword = initializedPasswordIn(client.mailer.sent[0]) ?? ''
    const laterPassword = initializedPasswordIn(client.mailer.sent[1]) ?? ''
    expect(await verifiesAsInitialized(earlierPassword, earlier?.passwordHash)).toBe(true)
    expect(await verifiesAsInitialized(laterPassword, later?.passwordHash)).toBe(true)
    expect(earlierPassword).not.toBe(laterPassword)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('issues at most 5 in 24 hours, however far apart, and again once 24 hours have passed', async () => {
    const client = testClient()
    // An hour apart, so the cap met is the one in D1 and not the per-login-ID edge limit (docs/contract.md#abuse-limits);
    // each from an address of its own, so no client meets its own share of two.
    const spacing = HOUR + MINUTE
    const clientNo = (n: number) => from(`198.51.100.${n + 1}`)
    for (let issue = 0; issue < 5; issue++) {
      client.clock.now = T0 + issue * spacing
      expect((await client.postForm(FORM, TARO, clientNo(issue))).status).toBe(303)
    }
    expect(client.mailer.sent).toHaveLength(5)

    client.clock.now = T0 + 5 * spacing
    expect((await client.postForm(FORM, TARO, clientNo(5))).status).toBe(303)
    client.clock.now = T0 + 24 * HOUR - MINUTE
    expect((await client.postForm(FORM, TARO, clientNo(6))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(5)
    expect(await initializedPasswordRows()).toHaveLength(5)

    client.clock.now = T0 + 24 * HOUR + 1000
    expect((await client.postForm(FORM, TARO, clientNo(7))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(6)
    expect(await initializedPasswordRows()).toHaveLength(6)
    expect(await currentPasswordHashOf(TARO.loginId)).toBe(DEMO_PASSWORD_HASH)
  })

  it('lets one client spend at most two of the five, leaving the rest to the holder', async () => {
    const client = testClient()
    const stranger = from('203.0.113.99')
    const spacing = HOUR + MINUTE
    for (let issue = 0; issue < 4; issue++) {
      client.clock.now = T0 + issue * spacing
      expect((await client.postForm(FORM, TARO, stranger)).status).toBe(303)
    }
    // Answered alike, but only two were sent; the others are refused like a cooldown.
    expect(client.mailer.sent).toHaveLength(2)
    expect((await auditRows()).map((row) => row.outcome)).toEqual([
      'issued',
      'issued',
      'cooldown',
      'cooldown',
    ])
    const rows = await initializedPasswordRows()
    expect(new Set(rows.map((row) => row.issuerClientHash)).size).toBe(1)
    expect(rows[0]?.issuerClientHash).toMatch(/^[0-9a-f]{64}$/)

    // The holder, from their own address, still gets theirs, and the stranger's stay unrevoked.
    client.clock.now = T0 + 4 * spacing
    expect((await client.postForm(FORM, TARO, from('192.0.2.10'))).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(3)
    expect((await initializedPasswordRows()).map((row) => row.revokedAt)).toEqual([
      null,
      null,
      null,
    ])
  })

  it('counts an API key as one client wherever its requests come from', async () => {
    const client = testClient()
    const { key, id } = await insertApiKey({ quota: '1000/600' })
    const spacing = HOUR + MINUTE
    for (let issue = 0; issue < 3; issue++) {
      client.clock.now = T0 + issue * spacing
      const response = await postJson(client, PASSWORD_INITIALIZATIONS, TARO_JSON, {
        ...from(`198.51.100.${issue + 1}`),
        ...bearer(key),
      })
      expect(response.status).toBe(202)
    }
    expect(client.mailer.sent).toHaveLength(2)
    expect((await initializedPasswordRows()).map((row) => row.issuerClientHash)).toEqual([
      `key:${id}`,
      `key:${id}`,
    ])
  })

  it('counts the cap per account, not per contact', async () => {
    const client = testClient()
    client.clock.now = T0
    expect((await client.postForm(FORM, HANAKO)).status).toBe(303)
    expect((await client.postForm(FORM, { ...HANAKO, loginId: '987654322' })).status).toBe(303)
    expect(client.mailer.sent).toHaveLength(2)
    expect((await initializedPasswordRows()).map((row) => row.loginId).sort()).toEqual([
      '987654321',
      '987654322',
    ])
  })

  it('issues exactly one initialized password for concurrent posts', async () => {
    const client = testClient()
    client.clock.now = T0
    // Five, the per-login-ID edge limit (docs/contract.md#abuse-limits), so every post reaches the D1 cap.
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => client.postForm(FORM, TARO)),
    )
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(303))
    expect(client.mailer.sent).toHaveLength(1)
    const rows = await initializedPasswordRows()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.revokedAt).toBeNull()
    const outcomes = (await auditRows()).map((row) => row.outcome).sort()
    expect(outcomes).toEqual(['cooldown', 'cooldown', 'cooldown', 'cooldown', 'issued'])
  })
})
