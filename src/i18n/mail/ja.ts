import type { MailMessages } from './en'

/** 日本語のメール文言。 */
export const ja = (): MailMessages => ({
  htmlLang: 'ja',
  dateLocale: 'ja-JP',
  timeZone: 'Asia/Tokyo',
  timeZoneName: 'short',
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
      `有効期限は ${expiry} です。会員サイトへのログインには1回に限りご利用いただけ、その後は新しいパスワードの設定にのみご利用いただけます。`,
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
  currentPasswordSuspended: {
    subject: (serviceName) => `【${serviceName}】現在のパスワードがご利用いただけなくなりました`,
    suspended: (maskedLoginId) =>
      `ログインID ${maskedLoginId} について、誤ったパスワードが100回続けて入力されたため、現在のパスワードによるパスワード変更をお受けできなくなりました。`,
    recover:
      '新しいパスワードを設定するには、下記のページから初期化パスワードをお申し込みください。初期化パスワードはこのメールアドレスにのみお送りします。',
    initializationLinkLabel: 'パスワードを初期化する',
  },
  passwordChanged: {
    subject: (serviceName) => `【${serviceName}】パスワード変更のお知らせ`,
    changed: (maskedLoginId, changedAt) =>
      `ログインID ${maskedLoginId} のパスワードが ${changedAt} に変更されました。`,
    ifYou: 'お客様ご自身による変更の場合は、お手続きは不要です。',
    notYou:
      'お心当たりがない場合は、第三者がパスワードを知っているおそれがあります。ただちに下記のページからパスワードの初期化を行い、以前のパスワードは他のサービスでも使わないでください。',
    contact: (contact: string) =>
      `お心当たりがない場合は、あわせて次の窓口までご連絡ください：${contact}`,
    initializationLinkLabel: 'パスワードを初期化する',
  },
  passwordChangeRefused: {
    subject: (serviceName) => `【${serviceName}】パスワードは変更されませんでした`,
    refused: (maskedLoginId, enteredAt) =>
      `ログインID ${maskedLoginId} のパスワードが ${enteredAt} にパスワード変更ページで入力されましたが、新しいパスワードにお名前またはメールアドレスが含まれていたため、パスワードは変更されませんでした。`,
    ifYou:
      'ご本人の操作の場合は、お名前やメールアドレスを含まない新しいパスワードを設定してください。',
    notYou:
      'お心当たりがない場合は、第三者がパスワードを知っているおそれがあります。ただちに下記のページからパスワードの初期化を行ってください。',
    initializationLinkLabel: 'パスワードを初期化する',
  },
})
