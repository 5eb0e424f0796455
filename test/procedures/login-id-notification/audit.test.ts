import { beforeEach, describe, expect, it } from 'vitest'
import { testClient } from '../../support/client'
import { resetToDemoAccounts } from '../../support/demo'
import { JANE_CONTACT, KEN_CONTACT, MINUTE, TARO_CONTACT } from '../../support/fixtures'
import {
  type ContactForm,
  HANAKO_INTERNATIONAL,
  PERSONAL_DATA,
  T0,
} from '../../support/login-id-notification'
import { auditRows, expectNoneOf } from '../../support/rows'

beforeEach(resetToDemoAccounts)

const PATH = '/login-id/notify'

describe('audit events of login ID notifications', () => {
  const submissions: Array<{ who: string; outcome: string; fields: ContactForm }> = [
    { who: 'an individual matches', outcome: 'sent', fields: TARO_CONTACT },
    { who: 'an organization contact matches', outcome: 'sent', fields: HANAKO_INTERNATIONAL },
    {
      who: 'the name differs',
      outcome: 'no_match',
      fields: { ...TARO_CONTACT, name: 'Jiro KOKU' },
    },
    {
      who: 'the e-mail differs',
      outcome: 'no_match',
      fields: { ...JANE_CONTACT, email: 'jane@example.org' },
    },
    { who: 'the only account is locked', outcome: 'inactive', fields: KEN_CONTACT },
  ]
  for (const { who, outcome, fields } of submissions) {
    it(`records one "${outcome}" event without personal data when ${who}`, async () => {
      const client = testClient()
      client.clock.now = T0
      const response = await client.postForm(PATH, fields)
      expect(response.status).toBe(303)

      const events = await auditRows()
      expect(events).toHaveLength(1)
      const [event] = events
      expect(event).toMatchObject({
        procedure: 'login_id_notification',
        outcome,
        loginId: null,
        occurredAt: T0,
        requestId: response.headers.get('X-Request-Id'),
      })
      expectNoneOf(event ?? {}, [...PERSONAL_DATA, '123456789', '98765432', '555000111'])
    })
  }

  it('records a capped request as "cooldown"', async () => {
    const client = testClient()
    client.clock.now = T0
    await client.postForm(PATH, TARO_CONTACT)
    client.clock.now = T0 + MINUTE
    await client.postForm(PATH, TARO_CONTACT)

    const events = await auditRows()
    expect(events.map((event) => [event.procedure, event.outcome, event.loginId])).toEqual([
      ['login_id_notification', 'sent', null],
      ['login_id_notification', 'cooldown', null],
    ])
    for (const event of events) expectNoneOf(event, PERSONAL_DATA)
  })

  it('records a failed delivery as "mail_failed"', async () => {
    const client = testClient()
    client.mailer.failWith = new Error('x')
    await client.postForm(PATH, TARO_CONTACT)

    const events = await auditRows()
    expect(events.map((event) => [event.procedure, event.outcome, event.loginId])).toEqual([
      ['login_id_notification', 'mail_failed', null],
    ])
    expectNoneOf(events[0] ?? {}, PERSONAL_DATA)
  })
})
