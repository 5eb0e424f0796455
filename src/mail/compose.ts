import { groupInitializedPassword } from '../credentials/generate'
import { type MailLocale, mailMessages } from '../i18n/mail'
import { type ComposedMail, composeMail, type MailTo } from './render'

/**
 * Shows only the last four characters of a login ID.
 * @example maskLoginId('123456789') // '*****6789'
 */
export function maskLoginId(loginId: string): string {
  const visible = loginId.slice(-4)
  return '*'.repeat(loginId.length - visible.length) + visible
}

/**
 * Writes an expiry (or any other moment an e-mail names) with its time zone named, to the minute.
 * @example formatExpiry(new Date('2026-11-30T08:43:00Z'), 'ja') // '2026年11月30日 17:43 (JST)'
 */
export function formatExpiry(expiresAt: Date, locale: MailLocale): string {
  // Accounts have no time zone column: each language names the zone most of its readers live in
  // (Japan time for Japanese, UTC for English, Beijing, Taipei and Seoul time), with its offset.
  const { dateLocale, timeZone, timeZoneName, expiry } = mailMessages(locale)
  const date = new Intl.DateTimeFormat(dateLocale, { timeZone, dateStyle: 'long' }).format(
    expiresAt,
  )
  const parts = new Intl.DateTimeFormat(dateLocale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName,
  }).formatToParts(expiresAt)
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? ''
  const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(expiresAt)
    .find((candidate) => candidate.type === 'timeZoneName')?.value
  return expiry({
    date,
    time: `${part('hour')}:${part('minute')}`,
    timeZone: part('timeZoneName'),
    offset: offset ?? 'UTC',
  })
}

/** A login ID as the login ID e-mail lists it: with its organization's name, if it has one. */
export interface ListedLoginId {
  loginId: string
  organizationName: string | null
}

/** A mail about one account, whose login ID it names masked. */
interface AccountMailTo extends MailTo {
  loginId: string
}

/** The e-mail that carries a freshly issued initialized password to the registered address. */
export function composeInitializedPasswordMail(
  input: AccountMailTo & {
    initializedPassword: string
    expiresAt: Date
    passwordChangeUrl: string
  },
): ComposedMail {
  return composeMail(input, 'initializedPassword', (m) => [
    m.requested(maskLoginId(input.loginId)),
    { paragraph: m.passwordLabel, code: groupInitializedPassword(input.initializedPassword) },
    m.expiry(formatExpiry(input.expiresAt, input.locale)),
    { paragraph: m.changeIntro, link: { url: input.passwordChangeUrl, label: m.changeLinkLabel } },
    m.notRequested,
  ])
}

/** The e-mail that lists, in full, every login ID registered to the address it is sent to. */
export function composeLoginIdNotificationMail(
  input: MailTo & {
    loginIds: readonly (string | ListedLoginId)[]
    passwordInitializationUrl: string
  },
): ComposedMail {
  if (input.loginIds.length === 0) throw new Error('A login ID notification needs a login ID')
  const codes = input.loginIds.map((one) =>
    typeof one === 'string'
      ? { code: one }
      : { code: one.loginId, note: one.organizationName ?? undefined },
  )
  return composeMail(input, 'loginIdNotification', (m) => [
    { paragraph: m.intro(input.loginIds.length), codes },
    {
      paragraph: m.initializationIntro,
      link: { url: input.passwordInitializationUrl, label: m.initializationLinkLabel },
    },
    m.notRequested,
  ])
}

/**
 * The e-mail that tells the registered address its account's password was changed, and what to
 * do if the holder did not change it.
 */
export function composePasswordChangedMail(
  input: AccountMailTo & {
    changedAt: Date
    passwordInitializationUrl: string
    /** The operator's contact for "it was not me" (SUPPORT_CONTACT), when configured. */
    supportContact?: string | null
  },
): ComposedMail {
  const contact = input.supportContact
  return composeMail(input, 'passwordChanged', (m) => [
    m.changed(maskLoginId(input.loginId), formatExpiry(input.changedAt, input.locale)),
    m.ifYou,
    {
      paragraph: m.notYou,
      link: { url: input.passwordInitializationUrl, label: m.initializationLinkLabel },
    },
    ...(contact ? [m.contact(contact)] : []),
  ])
}

/**
 * Tells the registered address that its password was entered on the password change page but
 * nothing changed, because the new password held the account's name or e-mail address: the page
 * answered as for a wrong password (docs/passwords.md), so only the holder learns it was right.
 */
export function composePasswordChangeRefusedMail(
  input: AccountMailTo & { enteredAt: Date; passwordInitializationUrl: string },
): ComposedMail {
  return composeMail(input, 'passwordChangeRefused', (m) => [
    m.refused(maskLoginId(input.loginId), formatExpiry(input.enteredAt, input.locale)),
    m.ifYou,
    {
      paragraph: m.notYou,
      link: { url: input.passwordInitializationUrl, label: m.initializationLinkLabel },
    },
  ])
}

/**
 * Tells the registered address that current-password tries stopped after 100 wrong ones in a row
 * (NIST SP 800-63B-4 3.2.2, ASVS 6.3.5), and how to get back in: an initialized password.
 */
export function composeCurrentPasswordSuspendedMail(
  input: AccountMailTo & {
    passwordInitializationUrl: string
  },
): ComposedMail {
  return composeMail(input, 'currentPasswordSuspended', (m) => [
    m.suspended(maskLoginId(input.loginId)),
    {
      paragraph: m.recover,
      link: { url: input.passwordInitializationUrl, label: m.initializationLinkLabel },
    },
  ])
}
