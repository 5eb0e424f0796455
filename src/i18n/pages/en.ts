/** English page texts; every other language's file in this folder is typed `Messages`, this shape. */
export const en = () => ({
  languageName: 'English',
  skipToContent: 'Skip to main content',
  languageSwitch: 'Language',
  required: 'required',
  information: 'Information',
  /** Put before the page title when the form came back with errors. */
  errorTitlePrefix: 'Error: ',
  errorSummaryTitle: 'There is a problem',
  errorSummaryCount: (n: number) =>
    n === 1 ? '1 field needs attention.' : `${n} fields need attention.`,
  footer: (service: string) =>
    `${service}. Never share your password or initialized password with anyone.`,
  notFound: {
    title: 'Page not found',
    body: 'The page you asked for does not exist.',
    back: 'Go to the password initialization',
  },
  forbidden: {
    title: 'This form was sent from another site',
    body: "For your protection, the form can only be sent from this service's own page. Open the form again and send it from there.",
  },
  tooLarge: {
    title: 'What was sent is too large',
    body: 'The form accepts only the requested details. Open the form again and enter them.',
  },
  unsupportedMediaType: {
    title: 'The form was sent in a form this service does not accept',
    body: 'The form accepts only what a browser sends from its page, encoded as UTF-8. Open the form again and send it from there.',
  },
  unreadableForm: {
    title: 'The form could not be read',
    body: 'What was sent is not text encoded as UTF-8, or it arrived incomplete. Nothing was done. Open the form again and send it from there.',
  },
  tooManyRequests: {
    title: 'Too many attempts',
    body: (minutes: number) =>
      `For your protection, further attempts are paused. Please try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`,
  },
  /** The form again, with the bot check, for a client with many attempts (docs/operations.md#bot-check-turnstile). */
  botCheck: {
    prompt:
      'Many attempts have come from your connection. Confirm you are a person, then send again.',
    contact: (contact: string) => `If you cannot wait, contact ${contact}.`,
  },
  unavailable: {
    title: 'Service temporarily unavailable',
    body: 'We could not accept your request just now. Nothing was sent. Please try again in a few minutes.',
  },
  backToForm: 'Back to the form',
  serverError: {
    title: 'Something went wrong',
    body: 'We could not complete your request. Nothing was sent. Please try again in a few minutes.',
  },
  fields: {
    loginId: {
      label: 'Login ID',
      help: 'Enter the ID (nine digits) of the issued account.',
    },
    name: {
      label: 'Name',
      help: 'Enter a two-byte or one-byte space between "Family name" and "First name". e.g. When the family name is Koku and the first name is Taro, enter "Taro KOKU" or "KOKU Taro".',
    },
    phone: {
      legend: 'Phone number',
      help: 'Enter a phone number with which we can contact the person in charge.',
      countryLabel: 'Country/Region',
      numberLabel: 'Number',
      numberHint: 'Digits only; hyphens and spaces are ignored.',
    },
    email: {
      label: 'E-mail address',
      help: 'Enter an e-mail address with which we can contact the person in charge.',
    },
  },
  errors: {
    loginId: {
      required: 'Enter your login ID',
      format: 'Enter the login ID as nine digits, like 123456789',
      invalid_type: 'Enter the login ID once',
    },
    name: {
      required: 'Enter your name',
      no_space: 'Enter a space between your family name and first name',
      too_long: 'Name must be 100 characters or fewer',
      control_characters: 'Name must not contain control characters',
      invalid_type: 'Enter the name once',
    },
    phoneCountry: {
      required: 'Select a country or region',
      unknown_country: 'Select a country or region from the list',
      invalid_type: 'Select one country or region',
    },
    phoneNumber: {
      required: 'Enter your phone number',
      format: 'Enter the phone number using digits only, like 09012345678',
      not_possible: 'Enter a phone number that exists in the selected country or region',
      invalid_type: 'Enter the phone number once',
    },
    email: {
      required: 'Enter your e-mail address',
      format: 'Enter an e-mail address in the correct format, like name@example.com',
      too_long: 'E-mail address must be 254 characters or fewer',
      control_characters: 'E-mail address must not contain control characters',
      invalid_type: 'Enter the e-mail address once',
    },
  },
  passwordInitialization: {
    title: 'Procedure to be performed when you forget your password',
    intro:
      'If you have forgotten your password, enter your login ID, name, phone number, and e-mail address registered in your account and press the "Initialize" button. When the entered contents are confirmed, an initialized password is sent to the e-mail address registered to your account.',
    submit: 'Initialize',
    forgotLoginId: 'Forgot your login ID?',
    forgotLoginIdLink: 'Perform the login ID notification procedure',
    precautions: {
      title: 'Precautions',
      /** Two lines above the fields: whose details an account asks for. */
      note: [
        "Individual accounts: enter the account holder's details as registered.",
        'Company/organization accounts: enter the details of the person in charge as registered.',
      ],
      /** At the foot: one list for both kinds of account, as lenient as the checks. */
      items: [
        'Login ID: the login ID of the account whose password you have forgotten. If you have forgotten the login ID, use the login ID notification first.',
        'Name: family name and first name with a space between them, in either order; a one-byte or two-byte space both work.',
        'Phone number: hyphens (-) and spaces may be typed or left out.',
        'E-mail address: the address registered to the account. A new e-mail address cannot be registered here.',
      ],
    },
    sent: {
      title: 'Check your e-mail',
      body: 'If the details you entered match an account, an initialized password has been sent to the e-mail address registered to that account.',
      validity: (minutes: number) =>
        `The initialized password is valid for ${minutes} minutes and can be used once. Your current password keeps working until you use it.`,
      noMail:
        'If no e-mail arrives within a few minutes, check your spam folder and that the details you entered are those registered to the account. For your protection, a new initialized password can be sent at most once every 5 minutes.',
      lookFor: (sender: string, subject: string) =>
        `Look for an e-mail from ${sender} whose subject begins "${subject}"; it is written in the language of this page.`,
      nextPage:
        'The e-mail links to the page where you set a new password. There you need your full nine-digit login ID and the initialized password from the e-mail.',
      unreachable: (contact: string) =>
        `If you can no longer receive e-mail at the registered address, contact ${contact}.`,
      again: 'Try again after 5 minutes',
    },
  },
  loginIdNotification: {
    title: 'Procedure to be performed when you forget your login ID',
    intro:
      'If you have forgotten your login ID, enter your name, phone number, and e-mail address registered in your account and press the "Send" button. When the entered contents are confirmed, your login ID is sent to the e-mail address registered to your account.',
    submit: 'Send',
    toPasswordInitialization: 'Forgot your password instead?',
    toPasswordInitializationLink: 'Perform the password initialization procedure',
    precautions: {
      title: 'Precautions',
      items: [
        'For an individual account, enter the name, phone number and e-mail address of the account holder; for a company/organization account, those of the person in charge.',
        'When one person in charge is registered to several accounts, all of their login IDs are sent in one e-mail.',
        'You cannot register a new e-mail address.',
      ],
    },
    sent: {
      title: 'Check your e-mail',
      body: 'If the details you entered match one or more accounts, their login IDs have been sent to the e-mail address registered to them.',
      noMail:
        'If no e-mail arrives within a few minutes, check your spam folder and that the details you entered are those registered to the account. For your protection, the login IDs can be sent at most once every 5 minutes.',
      next: 'Continue to the password initialization',
    },
  },
  passwordChange: {
    title: 'Change your password',
    intro:
      'Enter your login ID and the initialized password sent to you by e-mail (or your current password), then enter a new password twice and press the "Change password" button.',
    submit: 'Change password',
    /** The optional show/hide button beside each password field (src/views/password-toggle.ts). */
    show: 'Show',
    hide: 'Hide',
    toPasswordInitialization: 'No initialized password, or has it expired?',
    toPasswordInitializationLink: 'Perform the password initialization procedure',
    /** Under a password field that an error emptied. */
    typeAgain: 'For your safety this field was emptied: type it again.',
    fields: {
      password: {
        label: 'Initialized password (or current password)',
        help: 'Enter the initialized password from the e-mail (spaces, hyphens and upper or lower case do not matter), or your current password.',
      },
      newPassword: {
        label: 'New password',
        help: (min: number, max: number) =>
          `Use ${min} to ${max} characters. It must not contain your login ID, name or e-mail address, be a commonly used password, or be the same as the password above. A phrase of several words is easy to remember and hard to guess.`,
      },
      newPasswordConfirmation: {
        label: 'New password again',
        help: 'Enter the new password once more, to make sure it is typed as you meant.',
      },
    },
    errors: {
      password: {
        required: 'Enter the initialized password or your current password',
        invalid_type: 'Enter the password once',
      },
      newPassword: {
        required: 'Enter a new password',
        invalid_type: 'Enter the new password once',
        control_characters: 'New password must not contain control characters',
        too_short: 'New password must be 15 characters or more',
        too_long: 'New password must be 128 characters or fewer',
        contains_login_id: 'New password must not contain your login ID',
        contains_context_word: 'New password must not contain your login ID or the service name',
        common: 'This password is used by many people and easy to guess; choose another',
        same_as_password: 'New password must differ from the initialized or current password',
      },
      newPasswordConfirmation: {
        required: 'Enter the new password again',
        invalid_type: 'Enter the new password again once',
        mismatch: 'The two new passwords do not match; enter the same password twice',
      },
      /** One answer for a wrong password, an unknown login ID and an account that is not active. */
      wrongPassword:
        'The login ID or password is not correct, or the new password contains your name or e-mail address',
    },
    lockedOut: {
      title: 'Too many wrong passwords',
      body: (minutes: number) =>
        `For your protection, password changes for this login ID are paused after several wrong passwords. Please try again in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}.`,
    },
    changed: {
      title: 'Your password has been changed',
      body: 'Your new password is now in effect: use it the next time you sign in. The initialized password and your previous password no longer work.',
      mail: 'A notice of this change has been sent to the e-mail address registered to your account.',
      /** The link to SIGN_IN_URL, when it is set. */
      signIn: 'Sign in with your new password',
    },
  },
})

export type Messages = ReturnType<typeof en>
