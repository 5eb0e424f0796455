import type { MailMessages } from './en'

/** 简体中文邮件文案。时间以北京时间写出，并注明与UTC的时差。 */
export const zhHans = (): MailMessages => ({
  htmlLang: 'zh-Hans',
  dateLocale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  timeZoneName: 'long',
  expiry: ({ date, time, timeZone, offset }) => `${date} ${time}（${timeZone}，${offset}）`,
  greeting: '尊敬的客户，您好！感谢您一直以来的支持。',
  automatedFooter: '本邮件由系统自动发送，请勿直接回复，敬请谅解。',
  initializedPassword: {
    subject: (serviceName) => `【${serviceName}】初始化密码通知`,
    requested: (maskedLoginId) => `我们已受理登录ID ${maskedLoginId} 的密码初始化申请。`,
    passwordLabel: '您的初始化密码如下：',
    expiry: (expiry) =>
      `该初始化密码的有效期至 ${expiry}。它只能用于登录会员网站一次，之后只能用于设置新密码。`,
    changeIntro: '请在以下页面输入初始化密码，并设置新密码：',
    changeLinkLabel: '设置新密码',
    notRequested: '如果您并未提出此申请，请忽略本邮件。您当前的密码仍可继续使用。',
  },
  loginIdNotification: {
    subject: (serviceName) => `【${serviceName}】登录ID通知`,
    intro: (count) =>
      count === 1
        ? '我们已受理您的登录ID通知申请。以此电子邮箱地址登记的登录ID如下：'
        : '我们已受理您的登录ID通知申请。以此电子邮箱地址登记的登录ID共有以下几个：',
    initializationIntro: '如果您也忘记了密码，请在以下页面办理密码初始化手续：',
    initializationLinkLabel: '初始化密码',
    notRequested: '如果您并未提出此申请，请忽略本邮件。您的账户信息没有任何变更。',
  },
  currentPasswordSuspended: {
    subject: (serviceName) => `【${serviceName}】您当前的密码已无法在此使用`,
    suspended: (maskedLoginId) =>
      `登录ID ${maskedLoginId} 已连续 100 次输入错误的密码，因此无法再使用当前密码更改密码。`,
    recover: '如需设置新密码，请在下方页面申请初始化密码。初始化密码只会发送到本邮箱。',
    initializationLinkLabel: '初始化密码',
  },
  passwordChanged: {
    subject: (serviceName) => `【${serviceName}】密码更改通知`,
    changed: (maskedLoginId, changedAt) => `登录ID ${maskedLoginId} 的密码已于 ${changedAt} 更改。`,
    ifYou: '如果是您本人进行的更改，则无需进行任何操作。',
    notYou:
      '如果您并未更改密码，可能有他人知道您的密码。请立即在以下页面办理密码初始化手续，并且不要在其他任何服务中使用旧密码。',
    contact: (contact: string) => `如果这不是您本人的操作，也请联系我们：${contact}`,
    initializationLinkLabel: '初始化密码',
  },
  passwordChangeRefused: {
    subject: (serviceName) => `【${serviceName}】密码未被更改`,
    refused: (maskedLoginId, enteredAt) =>
      `登录ID ${maskedLoginId} 的密码已于 ${enteredAt} 在密码更改页面输入，但由于新密码中包含您的姓名或电子邮箱地址，密码未被更改。`,
    ifYou: '如果是您本人的操作，请设置不包含您姓名或电子邮箱地址的新密码。',
    notYou: '如果这不是您本人的操作，可能有他人知道您的密码。请立即在以下页面办理密码初始化手续。',
    initializationLinkLabel: '初始化密码',
  },
})
