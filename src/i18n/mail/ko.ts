import type { MailMessages } from './en'

/** 한국어 메일 문구. 시각은 한국 표준시로 적는다. */
export const ko = (): MailMessages => ({
  htmlLang: 'ko',
  dateLocale: 'ko-KR',
  timeZone: 'Asia/Seoul',
  timeZoneName: 'long',
  expiry: ({ date, time, timeZone }) => `${date} ${time}(${timeZone})`,
  greeting: '고객님, 안녕하십니까. 저희 서비스를 이용해 주셔서 감사합니다.',
  automatedFooter:
    '본 메일은 발신 전용 주소에서 자동으로 발송되었습니다. 회신하셔도 답변을 드릴 수 없으니 양해 부탁드립니다.',
  initializedPassword: {
    subject: (serviceName) => `[${serviceName}] 초기화 비밀번호 안내`,
    requested: (maskedLoginId) =>
      `로그인 ID ${maskedLoginId}의 비밀번호 초기화 신청을 접수했습니다.`,
    passwordLabel: '초기화 비밀번호는 다음과 같습니다.',
    expiry: (expiry) =>
      `유효 기간은 ${expiry}까지입니다. 회원 사이트 로그인에는 한 번만 사용하실 수 있으며, 그 후에는 새 비밀번호 설정에만 사용하실 수 있습니다.`,
    changeIntro: '아래 페이지에서 초기화 비밀번호를 입력하고 새 비밀번호를 설정해 주십시오.',
    changeLinkLabel: '새 비밀번호 설정하기',
    notRequested:
      '신청하신 적이 없다면 이 메일은 무시하셔도 됩니다. 현재 비밀번호는 계속 사용하실 수 있습니다.',
  },
  loginIdNotification: {
    subject: (serviceName) => `[${serviceName}] 로그인 ID 안내`,
    intro: () =>
      '로그인 ID 안내 신청을 접수했습니다. 이 이메일 주소로 등록된 로그인 ID는 다음과 같습니다.',
    initializationIntro: '비밀번호도 잊으신 경우 아래 페이지에서 비밀번호를 초기화해 주십시오.',
    initializationLinkLabel: '비밀번호 초기화하기',
    notRequested:
      '신청하신 적이 없다면 이 메일은 무시하셔도 됩니다. 계정의 등록 정보는 변경되지 않았습니다.',
  },
  currentPasswordSuspended: {
    subject: (serviceName) => `[${serviceName}] 현재 비밀번호를 더 이상 사용할 수 없습니다`,
    suspended: (maskedLoginId) =>
      `로그인 ID ${maskedLoginId}에 잘못된 비밀번호가 100회 연속 입력되어, 현재 비밀번호로는 비밀번호를 변경할 수 없게 되었습니다.`,
    recover:
      '새 비밀번호를 설정하시려면 아래 페이지에서 초기화 비밀번호를 신청해 주십시오. 초기화 비밀번호는 이 이메일 주소로만 발송됩니다.',
    initializationLinkLabel: '비밀번호 초기화',
  },
  passwordChanged: {
    subject: (serviceName) => `[${serviceName}] 비밀번호 변경 안내`,
    changed: (maskedLoginId, changedAt) =>
      `로그인 ID ${maskedLoginId}의 비밀번호가 ${changedAt}에 변경되었습니다.`,
    ifYou: '고객님께서 직접 변경하신 경우에는 따로 하실 일이 없습니다.',
    notYou:
      '변경하신 적이 없다면 다른 사람이 비밀번호를 알고 있을 수 있습니다. 즉시 아래 페이지에서 비밀번호를 초기화하시고, 이전 비밀번호는 다른 서비스에서도 사용하지 마십시오.',
    contact: (contact: string) =>
      `본인이 변경하지 않았다면 다음 창구로도 연락해 주십시오: ${contact}`,
    initializationLinkLabel: '비밀번호 초기화하기',
  },
  passwordChangeRefused: {
    subject: (serviceName) => `[${serviceName}] 비밀번호가 변경되지 않았습니다`,
    refused: (maskedLoginId, enteredAt) =>
      `로그인 ID ${maskedLoginId}의 비밀번호가 ${enteredAt}에 비밀번호 변경 페이지에서 입력되었으나, 새 비밀번호에 성명 또는 이메일 주소가 포함되어 있어 비밀번호는 변경되지 않았습니다.`,
    ifYou: '본인이 하신 경우, 성명이나 이메일 주소를 포함하지 않는 새 비밀번호를 설정해 주십시오.',
    notYou:
      '본인이 하지 않았다면 다른 사람이 비밀번호를 알고 있을 수 있습니다. 즉시 아래 페이지에서 비밀번호를 초기화해 주십시오.',
    initializationLinkLabel: '비밀번호 초기화하기',
  },
})
