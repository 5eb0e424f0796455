/** One e-mail to one stored address. Only the service composes these; no submitted text is used. */
export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
}

/**
 * Sends e-mail. The Cloudflare Email Service binding in production, a recording one in tests.
 * Answers the message ID its sending events name (docs/operations.md#delivery-outcomes), or null.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<string | null>
}

/**
 * The Email Service `send_email` binding. `wrangler dev` simulates it and writes each message
 * under `.wrangler/tmp/email/`.
 *
 * @example
 * const mailer = cloudflareMailer(env.EMAIL, { email: env.MAIL_FROM, name: env.SERVICE_NAME })
 */
export const cloudflareMailer = (binding: SendEmail, from: EmailAddress): Mailer => ({
  async send(mail) {
    const result = await binding.send({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    })
    return result?.messageId ?? null
  },
})

/**
 * Email Service error codes that say "not now" rather than "never": a rate or daily limit, an
 * internal error, a temporary delivery failure. An error without a code (a network fault) is
 * transient too. Everything else (a rejected sender, recipient or message) is permanent.
 */
const TRANSIENT_MAIL_ERROR_CODES: ReadonlySet<string> = new Set([
  'E_RATE_LIMIT_EXCEEDED',
  'E_DAILY_LIMIT_EXCEEDED',
  'E_INTERNAL_SERVER_ERROR',
  'E_DELIVERY_FAILED',
])

/** The Email Service's error `code`, when the error has one. */
export const mailErrorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined

export function isTransientMailError(error: unknown): boolean {
  const code = mailErrorCode(error)
  return code === undefined || TRANSIENT_MAIL_ERROR_CODES.has(code)
}

export type MailAttempt =
  | { sent: true; messageId: string | null }
  | { sent: false; retry: boolean; error: string }

/**
 * Sends one e-mail once: a transient failure asks for a retry unless this delivery is the last;
 * a permanent one, or a transient one on the last delivery, is final. The error is kept as its
 * code (or class name): binding errors may quote the recipient, so their text is not.
 */
export async function attemptMail(
  mailer: Mailer,
  mail: OutgoingMail,
  delivery: { last: boolean },
): Promise<MailAttempt> {
  try {
    return { sent: true, messageId: await mailer.send(mail) }
  } catch (error) {
    return {
      sent: false,
      retry: isTransientMailError(error) && !delivery.last,
      error: mailErrorCode(error) ?? (error instanceof Error ? error.name : typeof error),
    }
  }
}
