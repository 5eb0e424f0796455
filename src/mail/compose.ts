import { html } from 'hono/html'
import { groupInitializedPassword } from '../credentials/generate'
import { type MailLocale, type MailMessages, mailMessages } from '../i18n/mail'

/** One e-mail, ready for the mailer: a header-safe subject plus text and HTML parts. */
export interface ComposedMail {
  subject: string
  text: string
  html: string
}

type HtmlFragment = ReturnType<typeof html>

const styles = {
  body: 'margin:0;padding:24px;background:#f4f4f5;color:#18181b;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.6',
  card: 'max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px',
  paragraph: 'margin:0 0 16px',
  code: 'display:inline-block;padding:8px 12px;background:#f4f4f5;border:1px solid #d4d4d8;border-radius:4px;font-family:Menlo,Consolas,monospace;font-size:18px;letter-spacing:1px',
  link: 'color:#1d4ed8;font-weight:bold',
  url: 'color:#52525b;font-size:13px;word-break:break-all',
  list: 'margin:0 0 16px;padding-left:24px',
  footer:
    'margin:24px 0 0;padding-top:16px;border-top:1px solid #e4e4e7;color:#71717a;font-size:12px',
}

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

/** Who a mail is for: the language it is written in and the service that signs it. */
interface MailTo {
  locale: MailLocale
  serviceName: string
  /**
   * The account's language, when the mail is written in the requesting page's: if it differs,
   * the subject says it in both, the page's first (docs/decisions/024-e-mail-language.md).
   */
  accountLocale?: MailLocale
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

/**
 * One paragraph of a mail's body, written once and rendered into both parts: plain text, or text
 * followed by a code to copy (its own paragraph in HTML), a list of codes, or a link (shown with
 * its address, for clients that strip links).
 */
type Block =
  | string
  | { paragraph: string; code: string }
  | { paragraph: string; codes: readonly ListedCode[] }
  | { paragraph: string; link: { url: string; label: string } }

/** A code in a list, with what it belongs to (an organization's name) beside it. */
interface ListedCode {
  code: string
  note?: string | undefined
}

const blockText = (block: Block): string => {
  if (typeof block === 'string') return block
  if ('code' in block) return `${block.paragraph}\n${block.code}`
  if ('codes' in block) {
    const lines = block.codes.map(({ code, note }) => (note ? `${code} (${note})` : code))
    return [block.paragraph, ...lines].join('\n')
  }
  return `${block.paragraph}\n${block.link.url}`
}

const paragraph = (content: string | HtmlFragment) =>
  html`<p style="${styles.paragraph}">${content}</p>`

const code = (value: string) => html`<code style="${styles.code}">${value}</code>`

const blockHtml = (block: Block): HtmlFragment => {
  if (typeof block === 'string') return paragraph(block)
  if ('code' in block) return html`${paragraph(block.paragraph)}\n${paragraph(code(block.code))}`
  if ('codes' in block) {
    const items = block.codes.map(({ code: value, note }) =>
      note ? html`<li>${code(value)} ${note}</li>` : html`<li>${code(value)}</li>`,
    )
    return html`${paragraph(block.paragraph)}\n<ul style="${styles.list}">${items}</ul>`
  }
  const { url, label } = block.link
  // The address is shown as well as linked, for clients that strip links.
  return paragraph(
    html`${block.paragraph}<br><a href="${url}" style="${styles.link}">${label}</a><br><span style="${styles.url}">${url}</span>`,
  )
}

/** The mails there are, by their texts' key in the mail catalog. */
type MailKind =
  | 'initializedPassword'
  | 'loginIdNotification'
  | 'passwordChanged'
  | 'currentPasswordSuspended'
  | 'passwordChangeRefused'

/**
 * A mail of `kind` in the reader's language: its catalog's subject (also in the account's language
 * when that differs), then the greeting and the
 * blocks written with its texts, signed with the service name and the automated-mail footer.
 */
function composeMail<K extends MailKind>(
  { locale, serviceName, accountLocale }: MailTo,
  kind: K,
  blocks: (texts: MailMessages[K]) => readonly Block[],
): ComposedMail {
  const messages = mailMessages(locale)
  const texts = messages[kind]
  const subject =
    accountLocale === undefined || accountLocale === locale
      ? texts.subject(serviceName)
      : `${texts.subject(serviceName)} / ${mailMessages(accountLocale)[kind].subject(serviceName)}`
  const body = [messages.greeting, ...blocks(texts)]
  const text = `${body.map(blockText).join('\n\n')}\n\n-- \n${serviceName}\n${messages.automatedFooter}\n`
  const content = body.map(blockHtml).reduce((all, block) => html`${all}\n${block}`)
  const safeSubject = headerSafe(subject)
  return {
    subject: safeSubject,
    text,
    html: htmlDocument(messages, safeSubject, serviceName, content),
  }
}

// No submitted text reaches a header today; dropping line breaks keeps a header injection impossible.
function headerSafe(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function htmlDocument(
  messages: { htmlLang: string; automatedFooter: string },
  subject: string,
  serviceName: string,
  content: HtmlFragment,
): string {
  const document = html`<!doctype html>
<html lang="${messages.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${subject}</title>
</head>
<body style="${styles.body}">
<div style="${styles.card}">
${content}
<p style="${styles.footer}">${serviceName}<br>${messages.automatedFooter}</p>
</div>
</body>
</html>
`
  // Hono returns a Promise only when a Promise is interpolated; these templates never do.
  if (document instanceof Promise) throw new Error('Mail templates must render synchronously')
  return document.toString()
}
