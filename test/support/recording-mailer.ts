import type { Mailer, OutgoingMail } from '../../src/platform/mailer'

/** An error as the Email Service binding throws it: an `Error` with a string `code`. */
export const emailServiceError = (code: string) =>
  Object.assign(new Error('The Email Service refused the message'), { code })

/**
 * Keeps every message instead of sending it. `failWith` makes every send throw; `failNext`
 * makes only the next sends throw, one error each, in order.
 */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = []
  /** Every call to `send`, sent or not. */
  attempts = 0
  failWith: Error | undefined
  readonly failNext: Error[] = []

  /** The message IDs answered, as the Email Service's would be, in the order of `sent`. */
  readonly messageIds: string[] = []

  async send(mail: OutgoingMail): Promise<string> {
    this.attempts++
    const failure = this.failNext.shift() ?? this.failWith
    if (failure) throw failure
    this.sent.push(mail)
    const messageId = `0101018f7d0c4d9a-msg-${crypto.randomUUID()}`
    this.messageIds.push(messageId)
    return messageId
  }
}

/** The initialized password as an e-mail shows it: six groups of four, joined by hyphens. */
export const INITIALIZED_PASSWORD_SHOWN = /^((?:[A-Z2-9]{4}-){5}[A-Z2-9]{4})$/m

/** An initialized password as issued and stored: 24 upper-case letters and digits. */
export const INITIALIZED_PASSWORD_PATTERN = /^[A-Z2-9]{24}$/

/** The initialized password written on its own line of the mail's text part, without hyphens. */
export function initializedPasswordIn(mail: OutgoingMail | undefined): string | undefined {
  return mail?.text.match(INITIALIZED_PASSWORD_SHOWN)?.[1]?.replaceAll('-', '')
}
