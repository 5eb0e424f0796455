import { html } from 'hono/html'
import { type MailLocale, mailMessages } from '../i18n/mail'

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

/** The e-mail that carries a freshly issued initialized password to the registered address. */
export function composeInitializedPasswordMail(input: {
  locale: MailLocale
  serviceName: string
  loginId: string
  initializedPassword: string
  expiresAt: Date
  passwordChangeUrl: string
}): ComposedMail {
  const messages = mailMessages(input.locale)
  const m = messages.initializedPassword
  const subject = headerSafe(m.subject(input.serviceName))
  const requested = m.requested(maskLoginId(input.loginId))
  const expiry = m.expiry(formatExpiry(input.expiresAt, input.locale))
  const url = input.passwordChangeUrl

  const text = textBody(input.serviceName, messages.automatedFooter, [
    messages.greeting,
    requested,
    `${m.passwordLabel}\n${input.initializedPassword}`,
    expiry,
    `${m.changeIntro}\n${url}`,
    m.notRequested,
  ])
  const content = html`<p style="${styles.paragraph}">${messages.greeting}</p>
<p style="${styles.paragraph}">${requested}</p>
<p style="${styles.paragraph}">${m.passwordLabel}</p>
<p style="${styles.paragraph}"><code style="${styles.code}">${input.initializedPassword}</code></p>
<p style="${styles.paragraph}">${expiry}</p>
<p style="${styles.paragraph}">${m.changeIntro}<br>${linkWithAddress(url, m.changeLinkLabel)}</p>
<p style="${styles.paragraph}">${m.notRequested}</p>`

  return { subject, text, html: htmlDocument(messages, subject, input.serviceName, content) }
}

/** The e-mail that lists, in full, every login ID registered to the address it is sent to. */
export function composeLoginIdNotificationMail(input: {
  locale: MailLocale
  serviceName: string
  loginIds: readonly string[]
  passwordInitializationUrl: string
}): ComposedMail {
  if (input.loginIds.length === 0) throw new Error('A login ID notification needs a login ID')
  const messages = mailMessages(input.locale)
  const m = messages.loginIdNotification
  const subject = headerSafe(m.subject(input.serviceName))
  const intro = m.intro(input.loginIds.length)
  const url = input.passwordInitializationUrl

  const text = textBody(input.serviceName, messages.automatedFooter, [
    messages.greeting,
    `${intro}\n${input.loginIds.join('\n')}`,
    `${m.initializationIntro}\n${url}`,
    m.notRequested,
  ])
  const content = html`<p style="${styles.paragraph}">${messages.greeting}</p>
<p style="${styles.paragraph}">${intro}</p>
<ul style="${styles.list}">${input.loginIds.map((loginId) => html`<li><code style="${styles.code}">${loginId}</code></li>`)}</ul>
<p style="${styles.paragraph}">${m.initializationIntro}<br>${linkWithAddress(url, m.initializationLinkLabel)}</p>
<p style="${styles.paragraph}">${m.notRequested}</p>`

  return { subject, text, html: htmlDocument(messages, subject, input.serviceName, content) }
}

/**
 * The e-mail that tells the registered address its account's password was changed, and what to
 * do if the holder did not change it.
 */
export function composePasswordChangedMail(input: {
  locale: MailLocale
  serviceName: string
  loginId: string
  changedAt: Date
  passwordInitializationUrl: string
  /** The operator's contact for "it was not me" (SUPPORT_CONTACT), when configured. */
  supportContact?: string | null
}): ComposedMail {
  const messages = mailMessages(input.locale)
  const m = messages.passwordChanged
  const subject = headerSafe(m.subject(input.serviceName))
  const changed = m.changed(maskLoginId(input.loginId), formatExpiry(input.changedAt, input.locale))
  const url = input.passwordInitializationUrl
  const contact = input.supportContact

  const text = textBody(input.serviceName, messages.automatedFooter, [
    messages.greeting,
    changed,
    m.ifYou,
    `${m.notYou}\n${url}`,
    ...(contact ? [m.contact(contact)] : []),
  ])
  const content = html`<p style="${styles.paragraph}">${messages.greeting}</p>
<p style="${styles.paragraph}">${changed}</p>
<p style="${styles.paragraph}">${m.ifYou}</p>
<p style="${styles.paragraph}">${m.notYou}<br>${linkWithAddress(url, m.initializationLinkLabel)}</p>${
    contact ? html`\n<p style="${styles.paragraph}">${m.contact(contact)}</p>` : ''
  }`

  return { subject, text, html: htmlDocument(messages, subject, input.serviceName, content) }
}

// No submitted text reaches a header today; dropping line breaks keeps a header injection impossible.
function headerSafe(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function textBody(serviceName: string, footer: string, paragraphs: readonly string[]): string {
  return `${paragraphs.join('\n\n')}\n\n-- \n${serviceName}\n${footer}\n`
}

// The address is shown as well as linked, for clients that strip links.
function linkWithAddress(url: string, label: string): HtmlFragment {
  return html`<a href="${url}" style="${styles.link}">${label}</a><br><span style="${styles.url}">${url}</span>`
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
