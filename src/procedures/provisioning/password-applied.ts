import type { StoredAccount } from '../../accounts/store'
import type { ServiceEvent } from '../../events/catalog'
import { composePasswordChangedMail } from '../../mail/compose'
import { publicUrl, type ServiceConfig } from '../../platform/config'
import type { OutgoingMail } from '../../platform/mailer'

/** What of an account the notices of an applied hash need. */
export type NotifiedAccount = Pick<StoredAccount, 'loginId' | 'locale' | 'contactEmail'>

/**
 * The holder's "your password was changed" e-mail when a hash from the system of record was
 * applied, by either way in: `PUT` sends it after its answer, the import's outbox from the cron
 * (docs/accounts-import.md, "The newest password wins").
 */
export function passwordAppliedMail(
  config: ServiceConfig,
  account: NotifiedAccount,
  changedAt: number,
): OutgoingMail {
  const mail = composePasswordChangedMail({
    locale: account.locale,
    serviceName: config.serviceName,
    loginId: account.loginId,
    changedAt: new Date(changedAt),
    passwordInitializationUrl: publicUrl(config, '/password/initialize'),
    supportContact: config.supportContact,
  })
  return { to: account.contactEmail, ...mail }
}

/** The system of record's event of the same: `password.changed`, source `system_of_record`. */
export const passwordAppliedEvents = (loginId: string): ServiceEvent[] => [
  {
    type: 'password.changed',
    data: { loginId, passwordKind: 'current', source: 'system_of_record' },
  },
]
