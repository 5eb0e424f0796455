import type { MailMessages } from './en'

/** 繁體中文郵件文字。時間以台北時間寫出，並註明與UTC的時差，方便香港、澳門的讀者。 */
export const zhHant = (): MailMessages => ({
  htmlLang: 'zh-Hant',
  dateLocale: 'zh-TW',
  timeZone: 'Asia/Taipei',
  timeZoneName: 'long',
  expiry: ({ date, time, timeZone, offset }) => `${date} ${time}（${timeZone}，${offset}）`,
  greeting: '親愛的客戶您好，感謝您一直以來的支持。',
  automatedFooter: '本郵件由系統自動寄出，請勿直接回覆，敬請見諒。',
  initializedPassword: {
    subject: (serviceName) => `【${serviceName}】初始化密碼通知`,
    requested: (maskedLoginId) => `我們已受理登入ID ${maskedLoginId} 的密碼初始化申請。`,
    passwordLabel: '您的初始化密碼如下：',
    expiry: (expiry) =>
      `此初始化密碼的有效期限至 ${expiry}。它僅能用於登入會員網站一次，之後僅能用於設定新密碼。`,
    changeIntro: '請在下列頁面輸入初始化密碼，並設定新密碼：',
    changeLinkLabel: '設定新密碼',
    notRequested: '如果您並未提出此申請，請忽略本郵件。您目前的密碼仍可繼續使用。',
  },
  loginIdNotification: {
    subject: (serviceName) => `【${serviceName}】登入ID通知`,
    intro: (count) =>
      count === 1
        ? '我們已受理您的登入ID通知申請。以此電子郵件地址登記的登入ID如下：'
        : '我們已受理您的登入ID通知申請。以此電子郵件地址登記的登入ID共有以下幾個：',
    initializationIntro: '如果您也忘記了密碼，請在下列頁面辦理密碼初始化手續：',
    initializationLinkLabel: '初始化密碼',
    notRequested: '如果您並未提出此申請，請忽略本郵件。您的帳戶資料沒有任何變更。',
  },
  currentPasswordSuspended: {
    subject: (serviceName) => `【${serviceName}】您目前的密碼已無法在此使用`,
    suspended: (maskedLoginId) =>
      `登入ID ${maskedLoginId} 已連續 100 次輸入錯誤的密碼，因此無法再使用目前的密碼變更密碼。`,
    recover: '如需設定新密碼，請在下方頁面申請初始化密碼。初始化密碼只會寄送到本電子郵件地址。',
    initializationLinkLabel: '初始化密碼',
  },
  passwordChanged: {
    subject: (serviceName) => `【${serviceName}】密碼變更通知`,
    changed: (maskedLoginId, changedAt) => `登入ID ${maskedLoginId} 的密碼已於 ${changedAt} 變更。`,
    ifYou: '如果是您本人進行的變更，則無需進行任何操作。',
    notYou:
      '如果您並未變更密碼，可能有他人知道您的密碼。請立即在下列頁面辦理密碼初始化手續，並且不要在其他任何服務中使用舊密碼。',
    contact: (contact: string) => `如果這不是您本人的操作，也請與我們聯絡：${contact}`,
    initializationLinkLabel: '初始化密碼',
  },
  passwordChangeRefused: {
    subject: (serviceName) => `【${serviceName}】密碼未被變更`,
    refused: (maskedLoginId, enteredAt) =>
      `登入ID ${maskedLoginId} 的密碼已於 ${enteredAt} 在密碼變更頁面輸入，但由於新密碼包含您的姓名或電子郵件地址，密碼未被變更。`,
    ifYou: '如果是您本人的操作，請設定不包含您姓名或電子郵件地址的新密碼。',
    notYou: '如果這不是您本人的操作，可能有他人知道您的密碼。請立即在下列頁面辦理密碼初始化手續。',
    initializationLinkLabel: '初始化密碼',
  },
})
