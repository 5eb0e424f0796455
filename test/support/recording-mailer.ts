import type { Mailer, OutgoingMail } from '../../src/platform/mailer'

/** Keeps every message instead of sending it; `failWith` makes the next sends throw. */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMail[] = []
  failWith: Error | undefined

  async send(mail: OutgoingMail): Promise<void> {
    if (this.failWith) throw this.failWith
    this.sent.push(mail)
  }
}
