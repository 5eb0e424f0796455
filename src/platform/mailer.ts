/** One e-mail to one stored address. Only the service composes these; no submitted text is used. */
export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
}

/** Sends e-mail. The Cloudflare Email Service binding in production, a recording one in tests. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>
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
    await binding.send({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    })
  },
})
