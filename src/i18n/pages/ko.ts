import type { Messages } from './en'

/** 한국어 화면 문구. `en.ts`와 같은 구조이며, 화면 구성 요소는 여기에서만 문구를 읽는다. */
export const ko = (): Messages => ({
  languageName: '한국어',
  skipToContent: '본문 바로가기',
  languageSwitch: '언어',
  required: '필수',
  information: '입력 안내',
  /** Put before the page title when the form came back with errors. */
  errorTitlePrefix: '오류: ',
  errorSummaryTitle: '입력하신 내용을 확인해 주십시오',
  errorSummaryCount: (n: number) => `${n}개 항목을 수정해 주십시오.`,
  footer: (service: string) =>
    `${service}. 비밀번호와 초기화 비밀번호는 누구에게도 알려 주지 마십시오.`,
  notFound: {
    title: '페이지를 찾을 수 없습니다',
    body: '요청하신 페이지가 존재하지 않습니다.',
    back: '비밀번호 초기화 페이지로 이동',
  },
  forbidden: {
    title: '다른 사이트에서 전송된 양식입니다',
    body: '고객님의 안전을 위해 이 양식은 본 서비스의 페이지에서만 전송할 수 있습니다. 양식을 다시 열어 해당 페이지에서 전송해 주십시오.',
  },
  tooLarge: {
    title: '전송된 내용이 너무 큽니다',
    body: '이 양식은 요청한 항목만 받습니다. 양식을 다시 열어 입력해 주십시오.',
  },
  unsupportedMediaType: {
    title: '이 서비스에서 받을 수 없는 형식으로 전송되었습니다',
    body: '이 양식은 브라우저가 본 서비스의 페이지에서 UTF-8로 보낸 내용만 받습니다. 양식을 다시 열어 그곳에서 보내 주십시오.',
  },
  unreadableForm: {
    title: '보내신 내용을 읽을 수 없습니다',
    body: '보내신 내용이 UTF-8 문자열이 아니거나 도중에 끊겼습니다. 아무것도 처리하지 않았습니다. 양식을 다시 열어 그곳에서 보내 주십시오.',
  },
  tooManyRequests: {
    title: '시도 횟수가 너무 많습니다',
    body: (minutes: number) =>
      `고객님의 안전을 위해 추가 시도를 잠시 중단했습니다. ${minutes}분 후에 다시 시도해 주십시오.`,
  },
  botCheck: {
    prompt: '고객님의 접속 환경에서 많은 시도가 있었습니다. 사람임을 확인한 후 다시 보내 주십시오.',
    contact: (contact: string) => `기다릴 수 없는 경우 ${contact}(으)로 문의해 주십시오.`,
  },
  unavailable: {
    title: '일시적으로 서비스를 이용할 수 없습니다',
    body: '지금은 요청을 접수할 수 없습니다. 이메일은 발송되지 않았습니다. 몇 분 후에 다시 시도해 주십시오.',
  },
  backToForm: '양식으로 돌아가기',
  serverError: {
    title: '오류가 발생했습니다',
    body: '요청을 완료하지 못했습니다. 이메일은 발송되지 않았습니다. 몇 분 후에 다시 시도해 주십시오.',
  },
  fields: {
    loginId: {
      label: '로그인 ID',
      help: '발급받은 계정의 ID(숫자 9자리)를 입력해 주십시오.',
    },
    name: {
      label: '성명',
      help: '"성"과 "이름" 사이에 전각 또는 반각 공백을 입력해 주십시오. 예: 성이 Koku, 이름이 Taro인 경우 "KOKU Taro" 또는 "Taro KOKU"로 입력해 주십시오.',
    },
    phone: {
      legend: '전화번호',
      help: '담당자에게 연락할 수 있는 전화번호를 입력해 주십시오.',
      countryLabel: '국가/지역',
      numberLabel: '번호',
      numberHint: '숫자만 입력해 주십시오(하이픈과 공백은 무시됩니다).',
    },
    email: {
      label: '이메일 주소',
      help: '담당자에게 연락할 수 있는 이메일 주소를 입력해 주십시오.',
    },
  },
  errors: {
    loginId: {
      required: '로그인 ID를 입력해 주십시오',
      format: '로그인 ID는 숫자 9자리로 입력해 주십시오(예: 123456789)',
      invalid_type: '로그인 ID는 하나만 입력해 주십시오',
    },
    name: {
      required: '성명을 입력해 주십시오',
      no_space: '성과 이름 사이에 공백을 입력해 주십시오',
      too_long: '성명은 100자 이내로 입력해 주십시오',
      control_characters: '성명에는 제어 문자를 사용할 수 없습니다',
      invalid_type: '성명은 하나만 입력해 주십시오',
    },
    phoneCountry: {
      required: '국가 또는 지역을 선택해 주십시오',
      unknown_country: '국가 또는 지역을 목록에서 선택해 주십시오',
      invalid_type: '국가 또는 지역은 하나만 선택해 주십시오',
    },
    phoneNumber: {
      required: '전화번호를 입력해 주십시오',
      format: '전화번호는 숫자로만 입력해 주십시오(예: 09012345678)',
      not_possible: '선택하신 국가 또는 지역에서 사용되는 전화번호를 입력해 주십시오',
      invalid_type: '전화번호는 하나만 입력해 주십시오',
    },
    email: {
      required: '이메일 주소를 입력해 주십시오',
      format: '이메일 주소를 올바른 형식으로 입력해 주십시오(예: name@example.com)',
      too_long: '이메일 주소는 254자 이내로 입력해 주십시오',
      control_characters: '이메일 주소에는 제어 문자를 사용할 수 없습니다',
      invalid_type: '이메일 주소는 하나만 입력해 주십시오',
    },
  },
  passwordInitialization: {
    title: '비밀번호를 잊으신 경우',
    intro:
      '비밀번호를 잊으신 경우 로그인 ID와 계정에 등록된 성명, 전화번호, 이메일 주소를 입력한 후 "초기화" 버튼을 눌러 주십시오. 입력하신 내용이 확인되면 계정에 등록된 이메일 주소로 초기화 비밀번호를 보내 드립니다.',
    submit: '초기화',
    forgotLoginId: '로그인 ID를 잊으셨습니까?',
    forgotLoginIdLink: '로그인 ID 안내 절차로 이동',
    precautions: {
      title: '유의 사항',
      note: [
        '개인 고객: 계정에 등록된 본인의 정보를 입력해 주십시오.',
        '법인/단체 고객: 계정에 등록된 담당자의 정보를 입력해 주십시오.',
      ],
      items: [
        '로그인 ID: 비밀번호를 잊으신 계정의 로그인 ID입니다. 로그인 ID를 잊으신 경우 먼저 로그인 ID 안내 절차를 진행해 주십시오.',
        '성명: "성"과 "이름" 사이에 공백을 넣어 주십시오. 순서는 상관없으며 반각·전각 공백 모두 가능합니다.',
        '전화번호: 하이픈(-)이나 공백은 넣어도 되고 빼도 됩니다.',
        '이메일 주소: 계정에 등록된 이메일 주소입니다. 새 이메일 주소는 여기서 등록할 수 없습니다.',
      ],
    },
    sent: {
      title: '이메일을 확인해 주십시오',
      body: '입력하신 내용이 계정의 등록 정보와 일치하는 경우, 해당 계정에 등록된 이메일 주소로 초기화 비밀번호를 보내 드렸습니다.',
      validity: (minutes: number) =>
        `초기화 비밀번호는 ${minutes}분 동안 유효하며 한 번만 사용할 수 있습니다. 초기화 비밀번호를 사용하기 전까지는 현재 비밀번호도 계속 사용하실 수 있습니다.`,
      noMail:
        '몇 분이 지나도 이메일이 도착하지 않으면 스팸 메일함을 확인하시고, 입력하신 내용이 계정의 등록 정보와 같은지 확인해 주십시오. 고객님의 안전을 위해 초기화 비밀번호는 5분에 한 번까지만 보내 드립니다.',
      lookFor: (sender: string, subject: string) =>
        `보낸 사람 ${sender}, 제목이 「${subject}」(으)로 시작하는 이메일을 확인해 주십시오. 이메일은 이 페이지와 같은 언어로 보내 드립니다.`,
      nextPage:
        '이메일의 링크로 새 비밀번호를 설정하는 페이지를 열 수 있습니다. 그 페이지에서는 9자리 로그인 ID 전체와 이메일에 적힌 초기화 비밀번호가 필요합니다.',
      unreachable: (contact: string) =>
        `등록된 이메일 주소로 이메일을 받을 수 없게 되었다면 ${contact}(으)로 연락해 주십시오.`,
      again: '5분 후에 다시 시도하기',
    },
  },
  loginIdNotification: {
    title: '로그인 ID를 잊으신 경우',
    intro:
      '로그인 ID를 잊으신 경우 계정에 등록된 성명, 전화번호, 이메일 주소를 입력한 후 "보내기" 버튼을 눌러 주십시오. 입력하신 내용이 확인되면 계정에 등록된 이메일 주소로 로그인 ID를 보내 드립니다.',
    submit: '보내기',
    toPasswordInitialization: '비밀번호를 잊으셨습니까?',
    toPasswordInitializationLink: '비밀번호 초기화 절차로 이동',
    precautions: {
      title: '유의 사항',
      items: [
        '개인 계정은 계정 명의인 본인의, 법인/단체 계정은 담당자의 성명, 전화번호, 이메일 주소를 입력해 주십시오.',
        '한 분의 담당자가 여러 계정에 등록되어 있는 경우, 모든 로그인 ID를 한 통의 이메일로 보내 드립니다.',
        '새 이메일 주소는 등록할 수 없습니다.',
      ],
    },
    sent: {
      title: '이메일을 확인해 주십시오',
      body: '입력하신 내용이 하나 이상의 계정 등록 정보와 일치하는 경우, 해당 계정에 등록된 이메일 주소로 로그인 ID를 보내 드렸습니다.',
      noMail:
        '몇 분이 지나도 이메일이 도착하지 않으면 스팸 메일함을 확인하시고, 입력하신 내용이 계정의 등록 정보와 같은지 확인해 주십시오. 고객님의 안전을 위해 로그인 ID는 5분에 한 번까지만 보내 드립니다.',
      next: '비밀번호 초기화 절차로 계속하기',
    },
  },
  passwordChange: {
    title: '비밀번호 변경',
    intro:
      '로그인 ID와 이메일로 받으신 초기화 비밀번호(또는 현재 비밀번호)를 입력하고, 새 비밀번호를 두 번 입력한 후 "비밀번호 변경" 버튼을 눌러 주십시오.',
    submit: '비밀번호 변경',
    show: '표시',
    hide: '숨기기',
    toPasswordInitialization: '초기화 비밀번호가 없거나 유효 기간이 지났습니까?',
    toPasswordInitializationLink: '비밀번호 초기화 절차로 이동',
    /** Under a password field that an error emptied. */
    typeAgain: '보안을 위해 이 칸을 비웠습니다. 다시 입력해 주십시오.',
    fields: {
      password: {
        label: '초기화 비밀번호(또는 현재 비밀번호)',
        help: '이메일에 적힌 초기화 비밀번호(공백, 하이픈, 대소문자는 구분하지 않습니다) 또는 현재 비밀번호를 입력해 주십시오.',
      },
      newPassword: {
        label: '새 비밀번호',
        help: (min: number, max: number) =>
          `${min}자 이상 ${max}자 이하로 입력해 주십시오. 로그인 ID·이름·이메일 주소가 포함된 비밀번호, 흔히 쓰이는 비밀번호, 위 칸의 비밀번호와 같은 비밀번호는 사용할 수 없습니다. 여러 단어를 이은 문구는 기억하기 쉽고 추측하기 어렵습니다.`,
      },
      newPasswordConfirmation: {
        label: '새 비밀번호 확인',
        help: '잘못 입력하지 않았는지 확인하기 위해 새 비밀번호를 한 번 더 입력해 주십시오.',
      },
    },
    errors: {
      password: {
        required: '초기화 비밀번호 또는 현재 비밀번호를 입력해 주십시오',
        invalid_type: '비밀번호는 하나만 입력해 주십시오',
      },
      newPassword: {
        required: '새 비밀번호를 입력해 주십시오',
        invalid_type: '새 비밀번호는 하나만 입력해 주십시오',
        control_characters: '새 비밀번호에는 제어 문자를 사용할 수 없습니다',
        too_short: '새 비밀번호는 15자 이상으로 입력해 주십시오',
        too_long: '새 비밀번호는 128자 이하로 입력해 주십시오',
        contains_login_id: '새 비밀번호에 로그인 ID를 포함할 수 없습니다',
        contains_context_word: '새 비밀번호에 로그인 ID 또는 서비스 이름을 포함할 수 없습니다',
        common:
          '많은 사람이 사용하여 추측하기 쉬운 비밀번호입니다. 다른 비밀번호를 입력해 주십시오',
        same_as_password: '새 비밀번호는 초기화 비밀번호 또는 현재 비밀번호와 달라야 합니다',
      },
      newPasswordConfirmation: {
        required: '확인을 위해 새 비밀번호를 한 번 더 입력해 주십시오',
        invalid_type: '새 비밀번호 확인은 하나만 입력해 주십시오',
        mismatch: '새 비밀번호가 일치하지 않습니다. 같은 비밀번호를 두 번 입력해 주십시오',
      },
      wrongPassword:
        '로그인 ID 또는 비밀번호가 올바르지 않거나, 새 비밀번호에 성명 또는 이메일 주소가 포함되어 있습니다',
    },
    lockedOut: {
      title: '비밀번호를 여러 번 잘못 입력하셨습니다',
      body: (minutes: number) =>
        `고객님의 안전을 위해 비밀번호를 여러 번 잘못 입력한 이 로그인 ID의 비밀번호 변경을 잠시 중단했습니다. ${minutes}분 후에 다시 시도해 주십시오.`,
    },
    changed: {
      title: '비밀번호가 변경되었습니다',
      body: '새 비밀번호가 적용되었습니다. 다음 로그인부터 새 비밀번호를 사용해 주십시오. 초기화 비밀번호와 이전 비밀번호는 더 이상 사용할 수 없습니다.',
      mail: '계정에 등록된 이메일 주소로 변경 안내를 보내 드렸습니다.',
      signIn: '새 비밀번호로 로그인하기',
    },
  },
})
