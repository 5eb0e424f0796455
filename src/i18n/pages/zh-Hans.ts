import type { Messages } from './en'

/** 简体中文页面文案。与 `en.ts` 结构相同，页面组件只从这里读取文字。 */
export const zhHans = (): Messages => ({
  languageName: '简体中文',
  skipToContent: '跳到正文',
  languageSwitch: '语言',
  required: '必填',
  information: '填写说明',
  /** Put before the page title when the form came back with errors. */
  errorTitlePrefix: '错误：',
  errorSummaryTitle: '请检查您填写的内容',
  errorSummaryCount: (n: number) => `有${n}项内容需要修改。`,
  footer: (service: string) => `${service}。请勿将密码或初始化密码告诉任何人。`,
  notFound: {
    title: '找不到该页面',
    body: '您要访问的页面不存在。',
    back: '前往密码初始化页面',
  },
  forbidden: {
    title: '此表单是从其他网站提交的',
    body: '为保护您的安全，此表单只能从本服务的页面提交。请重新打开表单，并从该页面提交。',
  },
  tooLarge: {
    title: '提交的内容过大',
    body: '此表单只接受所要求填写的项目。请重新打开表单并填写。',
  },
  unsupportedMediaType: {
    title: '提交的格式不受本服务支持',
    body: '本表单只接受浏览器从本服务页面以UTF-8提交的内容。请重新打开表单并从那里提交。',
  },
  unreadableForm: {
    title: '无法读取提交的内容',
    body: '提交的内容不是UTF-8文本，或在传输中途中断。我们没有进行任何处理。请重新打开表单并从那里提交。',
  },
  tooManyRequests: {
    title: '尝试次数过多',
    body: (minutes: number) => `为保护您的安全，已暂停继续操作。请在${minutes}分钟后重试。`,
  },
  botCheck: {
    prompt: '您的网络连接发出了较多尝试。请先确认您是真人，然后再次提交。',
    contact: (contact: string) => `如无法等待，请联系 ${contact}。`,
  },
  unavailable: {
    title: '服务暂时无法使用',
    body: '目前无法受理您的申请，系统未发送任何邮件。请稍候几分钟后重试。',
  },
  backToForm: '返回表单',
  serverError: {
    title: '发生错误',
    body: '未能完成您的申请，系统未发送任何邮件。请稍候几分钟后重试。',
  },
  fields: {
    loginId: {
      label: '登录ID',
      help: '请输入所发放账户的ID（9位数字）。',
    },
    name: {
      label: '姓名',
      help: '请在“姓”与“名”之间输入一个空格（全角或半角均可）。例如：姓为“国”、名为“太郎”时，请输入“国 太郎”；使用罗马字时，请输入“KOKU Taro”或“Taro KOKU”。',
    },
    phone: {
      legend: '电话号码',
      help: '请输入能够联系到负责人的电话号码。',
      countryLabel: '国家/地区',
      numberLabel: '号码',
      numberHint: '仅限数字（连字符和空格将被忽略）。',
    },
    email: {
      label: '电子邮箱地址',
      help: '请输入能够联系到负责人的电子邮箱地址。',
    },
  },
  errors: {
    loginId: {
      required: '请输入登录ID',
      format: '请输入9位数字的登录ID（例如：123456789）',
      invalid_type: '登录ID只能输入一个',
    },
    name: {
      required: '请输入姓名',
      no_space: '请在姓与名之间输入空格',
      too_long: '姓名不能超过100个字符',
      control_characters: '姓名中不能包含控制字符',
      invalid_type: '姓名只能输入一个',
    },
    phoneCountry: {
      required: '请选择国家或地区',
      unknown_country: '请从列表中选择国家或地区',
      invalid_type: '国家或地区只能选择一个',
    },
    phoneNumber: {
      required: '请输入电话号码',
      format: '请只用数字输入电话号码（例如：09012345678）',
      not_possible: '请输入所选国家或地区实际使用的电话号码',
      invalid_type: '电话号码只能输入一个',
    },
    email: {
      required: '请输入电子邮箱地址',
      format: '请按正确格式输入电子邮箱地址（例如：name@example.com）',
      too_long: '电子邮箱地址不能超过254个字符',
      control_characters: '电子邮箱地址中不能包含控制字符',
      invalid_type: '电子邮箱地址只能输入一个',
    },
  },
  passwordInitialization: {
    title: '忘记密码时的办理手续',
    intro:
      '如果您忘记了密码，请输入登录ID以及账户中登记的姓名、电话号码和电子邮箱地址，然后点击“初始化”按钮。输入内容确认无误后，我们会将初始化密码发送到账户登记的电子邮箱地址。',
    submit: '初始化',
    forgotLoginId: '忘记登录ID？',
    forgotLoginIdLink: '办理登录ID通知手续',
    precautions: {
      title: '注意事项',
      note: [
        '个人客户：请输入账户中登记的本人信息。',
        '企业/团体客户：请输入账户中登记的负责人信息。',
      ],
      items: [
        '登录ID：忘记密码的账户的登录ID。如果忘记了登录ID，请先办理登录ID通知手续。',
        '姓名：“姓”和“名”之间请用空格隔开，顺序不限，半角或全角空格均可。',
        '电话号码：连字符（-）和空格可输入也可省略。',
        '电子邮箱地址：账户中登记的电子邮箱地址。此处无法登记新的电子邮箱地址。',
      ],
    },
    sent: {
      title: '请查收邮件',
      body: '如果您输入的内容与账户的登记信息一致，初始化密码已发送到该账户登记的电子邮箱地址。',
      validity: (minutes: number) =>
        `初始化密码的有效时间为${minutes}分钟，且只能使用一次。在使用初始化密码之前，您当前的密码仍然有效。`,
      noMail:
        '如果几分钟后仍未收到邮件，请检查垃圾邮件文件夹，并确认您输入的内容与账户的登记信息一致。为保护您的安全，初始化密码每5分钟最多发送一次。',
      lookFor: (sender: string, subject: string) =>
        `请查找发件人为 ${sender}、主题以“${subject}”开头的邮件。邮件使用与本页面相同的语言。`,
      nextPage:
        '邮件中的链接可打开设置新密码的页面。在该页面需要输入完整的9位登录ID和邮件中的初始化密码。',
      unreachable: (contact: string) =>
        `如果已注册的电子邮箱地址无法再接收邮件，请联系 ${contact}。`,
      again: '5分钟后再试',
    },
  },
  loginIdNotification: {
    title: '忘记登录ID时的办理手续',
    intro:
      '如果您忘记了登录ID，请输入账户中登记的姓名、电话号码和电子邮箱地址，然后点击“发送”按钮。输入内容确认无误后，我们会将登录ID发送到账户登记的电子邮箱地址。',
    submit: '发送',
    toPasswordInitialization: '忘记的是密码？',
    toPasswordInitializationLink: '办理密码初始化手续',
    precautions: {
      title: '注意事项',
      items: [
        '个人账户请输入账户持有人本人的姓名、电话号码和电子邮箱地址；企业/团体账户请输入负责人的姓名、电话号码和电子邮箱地址。',
        '如果同一位负责人登记在多个账户中，所有登录ID将通过一封邮件发送。',
        '本服务无法登记新的电子邮箱地址。',
      ],
    },
    sent: {
      title: '请查收邮件',
      body: '如果您输入的内容与一个或多个账户的登记信息一致，相应的登录ID已发送到这些账户登记的电子邮箱地址。',
      noMail:
        '如果几分钟后仍未收到邮件，请检查垃圾邮件文件夹，并确认您输入的内容与账户的登记信息一致。为保护您的安全，登录ID每5分钟最多发送一次。',
      next: '继续办理密码初始化手续',
    },
  },
  passwordChange: {
    title: '更改密码',
    intro:
      '请输入登录ID以及通过邮件发送给您的初始化密码（或当前密码），再输入两次新密码，然后点击“更改密码”按钮。',
    submit: '更改密码',
    show: '显示',
    hide: '隐藏',
    toPasswordInitialization: '没有初始化密码，或初始化密码已过期？',
    toPasswordInitializationLink: '办理密码初始化手续',
    /** Under a password field that an error emptied. */
    typeAgain: '为了安全，此栏已清空，请重新输入。',
    fields: {
      password: {
        label: '初始化密码（或当前密码）',
        help: '请输入邮件中的初始化密码（空格、连字符和大小写均不影响），也可以输入当前密码。',
      },
      newPassword: {
        label: '新密码',
        help: (min: number, max: number) =>
          `请使用${min}至${max}个字符。新密码不能包含登录ID、姓名或电子邮箱地址，不能是常用密码，也不能与上面的密码相同。由几个单词组成的短语既好记又难以被猜到。`,
      },
      newPasswordConfirmation: {
        label: '再次输入新密码',
        help: '为确认输入无误，请再输入一次新密码。',
      },
    },
    errors: {
      password: {
        required: '请输入初始化密码或当前密码',
        invalid_type: '密码只能输入一个',
      },
      newPassword: {
        required: '请输入新密码',
        invalid_type: '新密码只能输入一个',
        control_characters: '新密码中不能包含控制字符',
        too_short: '新密码至少需要15个字符',
        too_long: '新密码不能超过128个字符',
        contains_login_id: '新密码中不能包含登录ID',
        contains_context_word: '新密码中不能包含登录ID或服务名称',
        common: '此密码使用者众多，容易被猜到，请换一个密码',
        same_as_password: '新密码必须与初始化密码或当前密码不同',
      },
      newPasswordConfirmation: {
        required: '请再次输入新密码',
        invalid_type: '再次输入的新密码只能输入一个',
        mismatch: '两次输入的新密码不一致，请输入相同的密码',
      },
      wrongPassword: '登录ID或密码不正确，或新密码中包含您的姓名或电子邮箱地址',
    },
    lockedOut: {
      title: '密码错误次数过多',
      body: (minutes: number) =>
        `为保护您的安全，由于多次输入错误的密码，此登录ID的密码更改已暂停。请在${minutes}分钟后重试。`,
    },
    changed: {
      title: '密码已更改',
      body: '新密码已生效，请在下次登录时使用。初始化密码和以前的密码均已失效。',
      mail: '更改通知已发送到账户登记的电子邮箱地址。',
      signIn: '使用新密码登录',
    },
  },
})
