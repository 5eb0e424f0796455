import { html } from 'hono/html'
import { type MailLocale, type MailMessages, mailMessages } from '../i18n/mail'

// How every e-mail is written: blocks of its catalog's texts, rendered once into a plain-text
// part and an HTML part, under one greeting and one signature. compose.ts says what each mail says.

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

/** Who a mail is for: the language it is written in and the service that signs it. */
export interface MailTo {
  locale: MailLocale
  serviceName: string
  /**
   * The account's language, when the mail is written in the requesting page's: if it differs,
   * the subject says it in both, the page's first (docs/decisions/024-e-mail-language.md).
   */
  accountLocale?: MailLocale
}

/**
 * One paragraph of a mail's body, written once and rendered into both parts: plain text, or text
 * followed by a code to copy (its own paragraph in HTML), a list of codes, or a link (shown with
 * its address, for clients that strip links).
 */
export type Block =
  | string
  | { paragraph: string; code: string }
  | { paragraph: string; codes: readonly ListedCode[] }
  | { paragraph: string; link: { url: string; label: string } }

/** A code in a list, with what it belongs to (an organization's name) beside it. */
export interface ListedCode {
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
export type MailKind =
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
export function composeMail<K extends MailKind>(
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
