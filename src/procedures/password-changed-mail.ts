import type { Account } from '../db/schema'
import { composePasswordChangedMail } from '../mail/compose'
import { publicUrl, type ServiceConfig } from '../platform/config'
import type { OutgoingMail } from '../platform/mailer'

/**
 * The holder's "your password was changed" e-mail, to the registered address in the account's
 * language, whichever way the password changed: on `/password/change`, by `PUT` from the system of
 * record, or by the import's outbox (docs/accounts-import.md, "The newest password wins").
 */
export function passwordChangedMail(
  config: ServiceConfig,
  account: Pick<Account, 'loginId' | 'locale' | 'contactEmail'>,
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
