import type { Messages } from './en'

/** 繁體中文頁面文字。與 `en.ts` 結構相同，頁面元件只從這裡讀取文字。 */
export const zhHant = (): Messages => ({
  languageName: '繁體中文',
  skipToContent: '跳至主要內容',
  languageSwitch: '語言',
  required: '必填',
  information: '填寫說明',
  /** Put before the page title when the form came back with errors. */
  errorTitlePrefix: '錯誤：',
  errorSummaryTitle: '請確認您填寫的內容',
  errorSummaryCount: (n: number) => `有${n}個欄位需要修正。`,
  footer: (service: string) => `${service}。請勿將密碼或初始化密碼告訴任何人。`,
  notFound: {
    title: '找不到此頁面',
    body: '您要瀏覽的頁面不存在。',
    back: '前往密碼初始化頁面',
  },
  forbidden: {
    title: '此表單是從其他網站送出的',
    body: '為保障您的安全，此表單只能從本服務的頁面送出。請重新開啟表單，並從該頁面送出。',
  },
  tooLarge: {
    title: '送出的內容過大',
    body: '此表單只接受所要求填寫的項目。請重新開啟表單並填寫。',
  },
  unsupportedMediaType: {
    title: '提交的格式不受本服務支援',
    body: '本表單只接受瀏覽器從本服務頁面以UTF-8提交的內容。請重新開啟表單並從那裡提交。',
  },
  unreadableForm: {
    title: '無法讀取提交的內容',
    body: '提交的內容不是UTF-8文字，或在傳送中途中斷。我們沒有進行任何處理。請重新開啟表單並從那裡提交。',
  },
  tooManyRequests: {
    title: '嘗試次數過多',
    body: (minutes: number) => `為保障您的安全，已暫停後續操作。請於${minutes}分鐘後再試一次。`,
  },
  botCheck: {
    prompt: '您的網路連線發出了較多嘗試。請先確認您是真人，然後再次送出。',
    contact: (contact: string) => `如無法等待，請聯絡 ${contact}。`,
  },
  unavailable: {
    title: '服務暫時無法使用',
    body: '目前無法受理您的申請，系統並未寄出任何郵件。請稍候幾分鐘後再試一次。',
  },
  backToForm: '返回表單',
  serverError: {
    title: '發生錯誤',
    body: '無法完成您的申請，系統並未寄出任何郵件。請稍候幾分鐘後再試一次。',
  },
  fields: {
    loginId: {
      label: '登入ID',
      help: '請輸入所核發帳戶的ID（9位數字）。',
    },
    name: {
      label: '姓名',
      help: '請在「姓」與「名」之間輸入一個空格（全形或半形皆可）。例如：姓為「國」、名為「太郎」時，請輸入「國 太郎」；使用羅馬拼音時，請輸入「KOKU Taro」或「Taro KOKU」。',
    },
    phone: {
      legend: '電話號碼',
      help: '請輸入可聯絡到負責人的電話號碼。',
      countryLabel: '國家/地區',
      numberLabel: '號碼',
      numberHint: '僅限數字（連字號及空格將被略過）。',
    },
    email: {
      label: '電子郵件地址',
      help: '請輸入可聯絡到負責人的電子郵件地址。',
    },
  },
  errors: {
    loginId: {
      required: '請輸入登入ID',
      format: '請輸入9位數字的登入ID（例如：123456789）',
      invalid_type: '登入ID只能輸入一個',
    },
    name: {
      required: '請輸入姓名',
      no_space: '請在姓與名之間輸入空格',
      too_long: '姓名不得超過100個字元',
      control_characters: '姓名不得包含控制字元',
      invalid_type: '姓名只能輸入一個',
    },
    phoneCountry: {
      required: '請選擇國家或地區',
      unknown_country: '請從清單中選擇國家或地區',
      invalid_type: '國家或地區只能選擇一個',
    },
    phoneNumber: {
      required: '請輸入電話號碼',
      format: '請僅以數字輸入電話號碼（例如：09012345678）',
      not_possible: '請輸入所選國家或地區實際使用的電話號碼',
      invalid_type: '電話號碼只能輸入一個',
    },
    email: {
      required: '請輸入電子郵件地址',
      format: '請以正確格式輸入電子郵件地址（例如：name@example.com）',
      too_long: '電子郵件地址不得超過254個字元',
      control_characters: '電子郵件地址不得包含控制字元',
      invalid_type: '電子郵件地址只能輸入一個',
    },
  },
  passwordInitialization: {
    title: '忘記密碼時的辦理手續',
    intro:
      '如果您忘記了密碼，請輸入登入ID，以及帳戶中登記的姓名、電話號碼和電子郵件地址，然後按下「初始化」按鈕。確認輸入內容無誤後，我們會將初始化密碼寄送至帳戶登記的電子郵件地址。',
    submit: '初始化',
    forgotLoginId: '忘記登入ID？',
    forgotLoginIdLink: '辦理登入ID通知手續',
    precautions: {
      title: '注意事項',
      note: [
        '個人客戶：請輸入帳戶中登記的本人資料。',
        '企業/團體客戶：請輸入帳戶中登記的負責人資料。',
      ],
      items: [
        '登入ID：忘記密碼之帳戶的登入ID。如果忘記了登入ID，請先辦理登入ID通知手續。',
        '姓名：「姓」與「名」之間請以空格隔開，順序不限，半形或全形空格皆可。',
        '電話號碼：連字號（-）與空格可輸入也可省略。',
        '電子郵件地址：帳戶中登記的電子郵件地址。此處無法登記新的電子郵件地址。',
      ],
    },
    sent: {
      title: '請查看您的電子郵件',
      body: '如果您輸入的內容與帳戶的登記資料相符，初始化密碼已寄送至該帳戶登記的電子郵件地址。',
      validity: (minutes: number) =>
        `初始化密碼的有效時間為${minutes}分鐘，且僅能使用一次。在使用初始化密碼之前，您目前的密碼仍可繼續使用。`,
      noMail:
        '如果幾分鐘後仍未收到郵件，請查看垃圾郵件資料夾，並確認您輸入的內容與帳戶的登記資料相符。為保障您的安全，初始化密碼每5分鐘最多寄送一次。',
      lookFor: (sender: string, subject: string) =>
        `請查找寄件者為 ${sender}、主旨以「${subject}」開頭的郵件。郵件使用與本頁面相同的語言。`,
      nextPage:
        '郵件中的連結可開啟設定新密碼的頁面。在該頁面需要輸入完整的9位數登入ID與郵件中的初始化密碼。',
      unreachable: (contact: string) =>
        `如果已登錄的電子郵件地址無法再收到郵件，請聯絡 ${contact}。`,
      again: '5分鐘後再試',
    },
  },
  loginIdNotification: {
    title: '忘記登入ID時的辦理手續',
    intro:
      '如果您忘記了登入ID，請輸入帳戶中登記的姓名、電話號碼和電子郵件地址，然後按下「寄送」按鈕。確認輸入內容無誤後，我們會將登入ID寄送至帳戶登記的電子郵件地址。',
    submit: '寄送',
    toPasswordInitialization: '忘記的是密碼？',
    toPasswordInitializationLink: '辦理密碼初始化手續',
    precautions: {
      title: '注意事項',
      items: [
        '個人帳戶請輸入帳戶持有人本人的姓名、電話號碼和電子郵件地址；企業/團體帳戶請輸入負責人的姓名、電話號碼和電子郵件地址。',
        '如果同一位負責人登記於多個帳戶，所有登入ID將以一封郵件寄送。',
        '本服務無法登記新的電子郵件地址。',
      ],
    },
    sent: {
      title: '請查看您的電子郵件',
      body: '如果您輸入的內容與一個或多個帳戶的登記資料相符，相應的登入ID已寄送至這些帳戶登記的電子郵件地址。',
      noMail:
        '如果幾分鐘後仍未收到郵件，請查看垃圾郵件資料夾，並確認您輸入的內容與帳戶的登記資料相符。為保障您的安全，登入ID每5分鐘最多寄送一次。',
      next: '繼續辦理密碼初始化手續',
    },
  },
  passwordChange: {
    title: '變更密碼',
    intro:
      '請輸入登入ID，以及以電子郵件寄送給您的初始化密碼（或目前的密碼），再輸入兩次新密碼，然後按下「變更密碼」按鈕。',
    submit: '變更密碼',
    show: '顯示',
    hide: '隱藏',
    toPasswordInitialization: '沒有初始化密碼，或初始化密碼已過期？',
    toPasswordInitializationLink: '辦理密碼初始化手續',
    /** Under a password field that an error emptied. */
    typeAgain: '為了安全，此欄已清空，請重新輸入。',
    fields: {
      password: {
        label: '初始化密碼（或目前的密碼）',
        help: '請輸入郵件中的初始化密碼（空格、連字號與大小寫皆不影響），也可以輸入目前的密碼。',
      },
      newPassword: {
        label: '新密碼',
        help: (min: number, max: number) =>
          `請使用${min}至${max}個字元。新密碼不得包含登入ID、姓名或電子郵件地址、不得為常用密碼，也不得與上方的密碼相同。由幾個單字組成的短句既好記又不易被猜中。`,
      },
      newPasswordConfirmation: {
        label: '再次輸入新密碼',
        help: '為確認輸入無誤，請再輸入一次新密碼。',
      },
    },
    errors: {
      password: {
        required: '請輸入初始化密碼或目前的密碼',
        invalid_type: '密碼只能輸入一個',
      },
      newPassword: {
        required: '請輸入新密碼',
        invalid_type: '新密碼只能輸入一個',
        control_characters: '新密碼不得包含控制字元',
        too_short: '新密碼至少需要15個字元',
        too_long: '新密碼不得超過128個字元',
        contains_login_id: '新密碼不得包含登入ID',
        contains_context_word: '新密碼不得包含登入ID或服務名稱',
        common: '此密碼有許多人使用，容易被猜中，請改用其他密碼',
        same_as_password: '新密碼必須與初始化密碼或目前的密碼不同',
      },
      newPasswordConfirmation: {
        required: '請再次輸入新密碼',
        invalid_type: '再次輸入的新密碼只能輸入一個',
        mismatch: '兩次輸入的新密碼不一致，請輸入相同的密碼',
      },
      wrongPassword: '登入ID或密碼不正確，或新密碼包含您的姓名或電子郵件地址',
    },
    lockedOut: {
      title: '密碼錯誤次數過多',
      body: (minutes: number) =>
        `為保障您的安全，由於多次輸入錯誤的密碼，此登入ID的密碼變更已暫停。請於${minutes}分鐘後再試一次。`,
    },
    changed: {
      title: '密碼已變更',
      body: '新密碼已生效，請於下次登入時使用。初始化密碼及先前的密碼皆已失效。',
      mail: '變更通知已寄送至帳戶登記的電子郵件地址。',
      signIn: '使用新密碼登入',
    },
  },
})
