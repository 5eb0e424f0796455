import { env } from 'cloudflare:workers'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  hashChosenPassword,
  parseChosenPasswordHash,
  verifyChosenPassword,
} from '../../src/credentials/chosen-password'
import {
  hashInitializedPassword,
  verifyInitializedPassword,
} from '../../src/credentials/keyed-hash'
import { readConfig } from '../../src/platform/config'
import { testClient } from '../support/client'
import { resetToDemoAccounts } from '../support/demo'
import { T0, TARO } from '../support/fixtures'
import { initializedPasswordIn } from '../support/recording-mailer'
import { verifiesAsStandardWebhook, WEBHOOK_SECRET, WEBHOOKS_ON } from '../support/webhook-receiver'

beforeEach(resetToDemoAccounts)

const KEY_A = 'Xk3vQp9LmT2wRz7YbN4cHs8dJf6gKa1eUo5iPy0tWqE'
const KEY_B = 'Jd2Hq8VnL5xZc1RtY9bWm4Ks7Gf3Pa6Eu0Io2Ty8Nw5'
const HEX_64 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'
const SETTINGS = [
  'CLIENT_HASH_KEY',
  'INITIALIZED_PASSWORD_KEY',
  'PASSWORD_PEPPER',
  'QUEUE_MESSAGE_KEY',
] as const
const ROTATABLE = ['INITIALIZED_PASSWORD_KEY', 'PASSWORD_PEPPER', 'QUEUE_MESSAGE_KEY'] as const

const configWith = (values: Record<string, string>) => () =>
  readConfig({ ...env, ...values } as Env)

describe('each secret', () => {
  const WEAK = [
    ['42 base64url characters', KEY_A.slice(0, 42)],
    ['63 hex digits', HEX_64.slice(0, 63)],
    ['a placeholder', 'x'.repeat(64)],
    ['characters outside base64url', `${KEY_A}+/=`],
  ]

  it.each(SETTINGS.flatMap((name) => WEAK.map(([weak, value]) => [name, weak, value])))(
    '%s is refused at startup when it is %s, naming the setting and never the value',
    (name, _weak, value = '') => {
      let message = ''
      try {
        configWith({ [String(name)]: value })()
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toMatch(new RegExp(`^${name} must be at least 32 random bytes`))
      expect(message).not.toContain(value)
    },
  )

  it.each(SETTINGS)('%s is refused when missing', (name) => {
    expect(configWith({ [name]: '' })).toThrow(`The ${name} secret is not set`)
  })

  it.each(
    SETTINGS.flatMap((name) => [
      [name, KEY_A],
      [name, HEX_64],
    ]),
  )('%s is accepted as 32 random bytes: %s', (name, value) => {
    expect(configWith({ [name]: value })).not.toThrow()
  })

  it.each(ROTATABLE)('%s_PREVIOUS is checked alike when set', (name) => {
    expect(configWith({ [`${name}_PREVIOUS`]: 'short' })).toThrow(
      new RegExp(`^${name}_PREVIOUS must be at least 32 random bytes`),
    )
    expect(configWith({ [`${name}_PREVIOUS`]: KEY_B })).not.toThrow()
  })

  it('makes every request answer 500, logging no part of it, when one is too weak', async () => {
    const weak = 'changeme-changeme-changeme'
    const client = testClient({ env: { PASSWORD_PEPPER: weak } })
    expect((await client.request('/password/initialize')).status).toBe(500)
    expect(client.logs.lines.join('\n')).not.toContain(weak)
  })
})

describe('a rotation of PASSWORD_PEPPER (current and previous, key ID in the hash)', () => {
  const before = { current: KEY_A, keyId: 1, previous: null }
  const after = { current: KEY_B, keyId: 2, previous: KEY_A }

  it('writes new hashes under the current pepper with its key ID', async () => {
    const hash = await hashChosenPassword('violet harbour kettle 42', after)
    expect(parseChosenPasswordHash(hash)?.keyId).toBe(2)
    expect(await verifyChosenPassword('violet harbour kettle 42', hash, after)).toEqual({
      valid: true,
      needsRehash: false,
    })
  })

  it('verifies a hash of the previous pepper, and asks for it to be rewritten', async () => {
    const hash = await hashChosenPassword('violet harbour kettle 42', before)
    expect(await verifyChosenPassword('violet harbour kettle 42', hash, after)).toEqual({
      valid: true,
      needsRehash: true,
    })
    expect((await verifyChosenPassword('wrong password here', hash, after)).valid).toBe(false)
  })

  it('verifies a hash written before key IDs (no k=): under the pepper, or the previous one after a rotation', async () => {
    const hash = (await hashChosenPassword('violet harbour kettle 42', before)).replace(',k=1', '')
    expect(parseChosenPasswordHash(hash)?.keyId).toBeNull()
    expect((await verifyChosenPassword('violet harbour kettle 42', hash, before)).valid).toBe(true)
    expect((await verifyChosenPassword('violet harbour kettle 42', hash, after)).valid).toBe(true)
  })

  it('no longer verifies the old hash once the previous pepper is removed', async () => {
    const hash = await hashChosenPassword('violet harbour kettle 42', before)
    const later = { current: KEY_B, keyId: 2, previous: null }
    expect((await verifyChosenPassword('violet harbour kettle 42', hash, later)).valid).toBe(false)
  })

  it('reads PASSWORD_PEPPER_KEY_ID from the settings, refusing anything but 1 to 999', () => {
    expect(readConfig({ ...env, PASSWORD_PEPPER_KEY_ID: '2' }).passwordPeppers.keyId).toBe(2)
    expect(configWith({ PASSWORD_PEPPER_KEY_ID: '0' })).toThrow(/PASSWORD_PEPPER_KEY_ID/)
    expect(configWith({ PASSWORD_PEPPER_KEY_ID: 'two' })).toThrow(/PASSWORD_PEPPER_KEY_ID/)
  })
})

describe('a rotation of INITIALIZED_PASSWORD_KEY', () => {
  it('still lets a password e-mailed before it set a new one, through the page', async () => {
    const client = testClient({ env: { INITIALIZED_PASSWORD_KEY: KEY_A } })
    await client.postForm('/password/initialize', TARO)
    const issued = initializedPasswordIn(client.mailer.sent.at(-1)) ?? ''
    expect(issued).not.toBe('')
    const rotated = testClient({
      env: {
        INITIALIZED_PASSWORD_KEY: KEY_B,
        INITIALIZED_PASSWORD_KEY_PREVIOUS: KEY_A,
      },
    })
    rotated.clock.now = client.clock.now
    const response = await rotated.postForm('/password/change', {
      loginId: TARO.loginId,
      password: issued,
      newPassword: 'violet harbour kettle 42',
      newPasswordConfirmation: 'violet harbour kettle 42',
    })
    expect(response.status).toBe(303)
  })

  it('verifies under the current or the previous key, and under no other', async () => {
    const hash = await hashInitializedPassword('q7HrZk3mWbN9xT4pGa2e', KEY_A)
    expect(
      await verifyInitializedPassword('q7HrZk3mWbN9xT4pGa2e', hash, {
        current: KEY_B,
        previous: KEY_A,
      }),
    ).toBe(true)
    expect(
      await verifyInitializedPassword('q7HrZk3mWbN9xT4pGa2e', hash, {
        current: KEY_B,
        previous: null,
      }),
    ).toBe(false)
  })
})

describe('a rotation of WEBHOOK_SECRET', () => {
  const NEW_SECRET = `whsec_${btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => 255 - i)))}`

  it('signs each post under both secrets, so the receiver accepts either', async () => {
    const client = testClient({
      env: { ...WEBHOOKS_ON, WEBHOOK_SECRET: NEW_SECRET, WEBHOOK_SECRET_PREVIOUS: WEBHOOK_SECRET },
    })
    client.clock.now = T0
    await client.postForm('/password/initialize', TARO)
    const [post] = client.receiver.received
    if (post === undefined) throw new Error('nothing was posted')
    expect(post.headers['webhook-signature']?.split(' ')).toHaveLength(2)
    expect(await verifiesAsStandardWebhook(NEW_SECRET, post, T0 / 1000)).toBe(true)
    expect(await verifiesAsStandardWebhook(WEBHOOK_SECRET, post, T0 / 1000)).toBe(true)
  })
})
