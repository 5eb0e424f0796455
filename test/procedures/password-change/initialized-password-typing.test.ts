import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import { hmacKey } from '../../../src/credentials/hash'
import { encodeBase64 } from '../../../src/credentials/phc'
import { initializedPasswords } from '../../../src/db/schema'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { MINUTE, T0, TARO } from '../../support/fixtures'
import {
  changeOf,
  FORM,
  initializedPasswordFor,
  NEW_PASSWORD,
  verifiesAsChosen,
} from '../../support/password-change'
import { currentPasswordHashOf, db, failureRows, initializedPasswordRows } from '../../support/rows'

beforeEach(resetToDemoAccounts)

/** How people bring the e-mailed password over: docs/journey.md folds every one of these. */
const typings: [string, (password: string) => string][] = [
  ['pasted with a space before and after', (password) => ` ${password} `],
  ['copied as the e-mail groups it', (password) => password.match(/.{4}/g)?.join('-') ?? ''],
  ['typed in groups with spaces', (password) => password.match(/.{4}/g)?.join(' ') ?? ''],
  ['typed in lower case', (password) => password.toLowerCase()],
  [
    'typed in full-width characters with an ideographic space',
    (password) =>
      `${[...password].map((c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0)).join('')}\u3000`,
  ],
]

describe('an initialized password as people type it', () => {
  it.each(typings)('changes the password when it is %s', async (_, typed) => {
    const client = testClient()
    client.clock.now = T0
    const initialized = await initializedPasswordFor(client)
    client.clock.now = T0 + MINUTE

    const response = await client.postForm(FORM, changeOf(typed(initialized)))
    expect(response.status).toBe(303)
    expect(
      await verifiesAsChosen(NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
    expect((await initializedPasswordRows())[0]?.usedAt).toBe(T0 + MINUTE)
    expect(await failureRows()).toEqual([])
  })

  it('is refused, and nothing changes, when one character differs', async () => {
    const client = testClient()
    const initialized = await initializedPasswordFor(client)
    const wrong = `${initialized.slice(0, -1)}${initialized.endsWith('A') ? 'C' : 'A'}`

    const response = await client.postForm(FORM, changeOf(` ${wrong} `))
    expect(response.status).toBe(422)
    expect((await initializedPasswordRows())[0]?.usedAt).toBeNull()
  })
})

describe('an initialized password issued before the upper-case alphabet', () => {
  const OLD = 'a88QqVxgfD8Y9y2SEpsg'

  async function storeOldRow(expiresAt: number) {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7)
    const message = new Uint8Array([...salt, ...new TextEncoder().encode(OLD)])
    const key = await hmacKey(env.INITIALIZED_PASSWORD_KEY)
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message))
    await db.insert(initializedPasswords).values({
      id: 'before-the-upper-case-alphabet',
      loginId: TARO.loginId,
      passwordHash: `$hmac-sha256$v=1$${encodeBase64(salt)}$${encodeBase64(mac)}`,
      issuedAt: T0,
      expiresAt,
      deliveryState: 'sent',
    })
  }

  it('still works while unexpired, pasted with spaces around it', async () => {
    const client = testClient()
    client.clock.now = T0 + MINUTE
    await storeOldRow(T0 + 60 * MINUTE)

    const response = await client.postForm(FORM, changeOf(`  ${OLD} `))
    expect(response.status).toBe(303)
    expect(
      await verifiesAsChosen(NEW_PASSWORD, (await currentPasswordHashOf(TARO.loginId)) ?? ''),
    ).toBe(true)
  })

  it('keeps its case: the same letters in upper case are refused', async () => {
    const client = testClient()
    client.clock.now = T0 + MINUTE
    await storeOldRow(T0 + 60 * MINUTE)

    const response = await client.postForm(FORM, changeOf(OLD.toUpperCase()))
    expect(response.status).toBe(422)
    expect((await initializedPasswordRows())[0]?.usedAt).toBeNull()
  })
})
