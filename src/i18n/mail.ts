/** The languages an e-mail can be written in; the account's preferred locale picks one. */
export type MailLocale = 'en' | 'ja'

/** The parts of a formatted expiry, put in order by each locale's `expiry` pattern. */
export interface ExpiryParts {
  date: string
  time: string
  timeZone: string
}

const en = {
  htmlLang: 'en',
  /** BCP 47 tag and IANA zone used to write dates; see formatExpiry(). */
  dateLocale: 'en-GB',
  timeZone: 'UTC',
  expiry: ({ date, time, timeZone }: ExpiryParts) => `${date}, ${time} ${timeZone}`,
  greeting: 'Hello,',
  automatedFooter: 'This e-mail was sent automatically; replies are not read.',
  initializedPassword: {
    subject: (serviceName: string) => `[${serviceName}] Your initialized password`,
    requested: (maskedLoginId: string) =>
      `We received a request to initialize the password for login ID ${maskedLoginId}.`,
    passwordLabel: 'Your initialized password:',
    expiry: (expiry: string) => `It is valid until ${expiry} and can be used only once.`,
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
  passwordChanged: {
    subject: (serviceName: string) => `[${serviceName}] Your password was changed`,
    changed: (maskedLoginId: string, changedAt: string) =>
      `The password for login ID ${maskedLoginId} was changed on ${changedAt}.`,
    ifYou: 'If you made this change, there is nothing more to do.',
    notYou:
      'If you did not change it, someone else may know your password: initialize your password at once on the page below, and do not use the old password anywhere else.',
    initializationLinkLabel: 'Initialize your password',
  },
}

const ja: typeof en = {
  htmlLang: 'ja',
  dateLocale: 'ja-JP',
  timeZone: 'Asia/Tokyo',
  expiry: ({ date, time, timeZone }) => `${date} ${time} (${timeZone})`,
  greeting: 'いつもご利用いただき、誠にありがとうございます。',
  automatedFooter:
    '本メールは送信専用アドレスから自動送信しています。ご返信いただいてもお答えできませんので、あらかじめご了承ください。',
  initializedPassword: {
    subject: (serviceName) => `【${serviceName}】パスワード初期化のお知らせ`,
    requested: (maskedLoginId) =>
      `ログインID ${maskedLoginId} のパスワード初期化のお申し込みを受け付けました。`,
    passwordLabel: '初期化パスワードは次のとおりです。',
    expiry: (expiry) =>
      `有効期限は ${expiry} です。この初期化パスワードは1回に限りご利用いただけます。`,
    changeIntro: '下記のページで初期化パスワードを入力し、新しいパスワードを設定してください。',
    changeLinkLabel: '新しいパスワードを設定する',
    notRequested:
      'お心当たりがない場合は、本メールを破棄してください。現在のパスワードは引き続きご利用いただけます。',
  },
  loginIdNotification: {
    subject: (serviceName) => `【${serviceName}】ログインIDのお知らせ`,
    intro: () =>
      'ログインID通知のお申し込みを受け付けました。このメールアドレスでご登録いただいているログインIDは次のとおりです。',
    initializationIntro:
      'パスワードもお忘れの場合は、下記のページからパスワードの初期化を行ってください。',
    initializationLinkLabel: 'パスワードを初期化する',
    notRequested:
      'お心当たりがない場合は、本メールを破棄してください。アカウントの登録内容に変更はありません。',
  },
  passwordChanged: {
    subject: (serviceName) => `【${serviceName}】パスワード変更のお知らせ`,
    changed: (maskedLoginId, changedAt) =>
      `ログインID ${maskedLoginId} のパスワードが ${changedAt} に変更されました。`,
    ifYou: 'お客様ご自身による変更の場合は、お手続きは不要です。',
    notYou:
      'お心当たりがない場合は、第三者がパスワードを知っているおそれがあります。ただちに下記のページからパスワードの初期化を行い、以前のパスワードは他のサービスでも使わないでください。',
    initializationLinkLabel: 'パスワードを初期化する',
  },
}

const catalogs: Record<MailLocale, typeof en> = { en, ja }

/** Every string the e-mails use, in one locale. */
export function mailMessages(locale: MailLocale): typeof en {
  return catalogs[locale]
}
