/** The parts of a formatted expiry, put in order by each locale's `expiry` pattern. */
export interface ExpiryParts {
  date: string
  time: string
  /** The zone's name in the locale's `timeZoneName` style, e.g. 'JST', '한국 표준시'. */
  timeZone: string
  /** The zone's offset from UTC, e.g. 'GMT+9', for a reader in a neighbouring zone. */
  offset: string
}

/** English e-mail texts; every other language's file in this folder has this shape. */
export const en = () => ({
  htmlLang: 'en',
  /** BCP 47 tag and IANA zone used to write dates; see formatExpiry(). */
  dateLocale: 'en-GB',
  timeZone: 'UTC',
  /** How the zone is named: 'short' (JST, UTC) or 'long' (한국 표준시). */
  timeZoneName: 'short' as 'short' | 'long',
  expiry: ({ date, time, timeZone }: ExpiryParts) => `${date}, ${time} ${timeZone}`,
  greeting: 'Hello,',
  automatedFooter: 'This e-mail was sent automatically; replies are not read.',
  initializedPassword: {
    subject: (serviceName: string) => `[${serviceName}] Your initialized password`,
    requested: (maskedLoginId: string) =>
      `We received a request to initialize the password for login ID ${maskedLoginId}.`,
    passwordLabel: 'Your initialized password:',
    expiry: (expiry: string) =>
      `It is valid until ${expiry}. It signs you in to the member site once, and then only sets a new password.`,
    changeIntro: 'Sign in with it on the page below and set a new password:',
    changeLinkLabel: 'Set a new password',
    notRequested:
      'If you did not ask for this, you can ignore this e-mail: your current password still works.',
  },
  loginIdNotification: {
    subject: (serviceName: string) => `[${serviceName}] Login ID notification`,
    intro: (count: number): string =>
      count === 1
        ? 'You asked us to send you your login ID. The login ID registered to this e-mail address is:'
        : 'You asked us to send you your login IDs. The login IDs registered to this e-mail address are:',
    initializationIntro:
      'If you have also forgotten your password, you can initialize it on the page below:',
    initializationLinkLabel: 'Initialize your password',
    notRequested:
      'If you did not ask for this, you can ignore this e-mail: nothing has changed on your account.',
  },
  currentPasswordSuspended: {
    subject: (serviceName: string) =>
      `[${serviceName}] Your current password can no longer be used here`,
    suspended: (maskedLoginId: string) =>
      `Wrong passwords for login ID ${maskedLoginId} have been entered 100 times in a row, so the current password can no longer be used to change it.`,
    recover:
      'Your account is safe. To set a new password, ask for an initialized password on the page below; it is sent only to this address.',
    initializationLinkLabel: 'Initialize your password',
  },
  passwordChanged: {
    subject: (serviceName: string) => `[${serviceName}] Your password was changed`,
    changed: (maskedLoginId: string, changedAt: string) =>
      `The password for login ID ${maskedLoginId} was changed on ${changedAt}.`,
    ifYou: 'If you made this change, there is nothing more to do.',
    notYou:
      'If you did not change it, someone else may know your password: initialize your password at once on the page below, and do not use the old password anywhere else.',
    contact: (contact: string) =>
      `If you did not make this change, please also tell us: ${contact}`,
    initializationLinkLabel: 'Initialize your password',
  },
  passwordChangeRefused: {
    subject: (serviceName: string) => `[${serviceName}] Your password was entered, but not changed`,
    refused: (maskedLoginId: string, enteredAt: string) =>
      `The password for login ID ${maskedLoginId} was entered on the password change page on ${enteredAt}, but the password was not changed: the new password contained your name or e-mail address.`,
    ifYou: 'If this was you, choose a new password without your name or e-mail address.',
    notYou:
      'If this was not you, someone else may know your password: initialize your password at once on the page below.',
    initializationLinkLabel: 'Initialize your password',
  },
})

export type MailMessages = ReturnType<typeof en>
