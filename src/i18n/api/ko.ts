import { MAX_BODY_SIZE } from '../../max-body-size'
import type { ApiMessages } from './en'
import { LOCALE_LIST } from './locale-list'

/** JSON API 문제 세부 정보(RFC 9457)와 필드 오류의 한국어 문구. */
export const ko = (): ApiMessages => ({
  problems: {
    'malformed-json': {
      title: 'JSON 형식이 올바르지 않습니다',
      detail: '요청 본문이 올바른 JSON이 아닙니다.',
    },
    'invalid-encoding': {
      title: '문자 인코딩이 올바르지 않습니다',
      detail: '요청 본문이 올바른 UTF-8이 아닙니다.',
    },
    'duplicate-key': {
      title: '키가 중복되었습니다',
      detail: '하나의 JSON 객체에 같은 키가 여러 번 있습니다. `errors`에 해당 키를 표시합니다.',
    },
    unauthorized: {
      title: '인증할 수 없습니다',
      detail:
        'API 키를 알 수 없거나 폐기된 키입니다. `Authorization: Bearer <key>`를 보내거나 키 없이 보내 주십시오.',
    },
    'not-found': { title: '찾을 수 없습니다', detail: '해당 API 경로가 없습니다.' },
    'api-key-required': {
      title: 'API 키가 필요합니다',
      detail: '이 경로는 연동 시스템용입니다. `Authorization: Bearer <key>`를 보내 주십시오.',
    },
    'https-required': {
      title: 'HTTPS가 필요합니다',
      detail:
        'API는 HTTPS로만 응답합니다. https:// 주소로 보내십시오. 일반 HTTP로 보낸 API 키는 유출된 것으로 취급하십시오.',
    },
    'insufficient-scope': {
      title: '권한이 없습니다',
      detail: '이 API 키에는 이 경로에 필요한 범위(scope)가 없습니다.',
    },
    'account-not-found': {
      title: '찾을 수 없습니다',
      detail: '이 로그인 ID의 계정이 없습니다.',
    },
    'method-not-allowed': {
      title: '허용되지 않는 메서드입니다',
      detail: '이 경로는 이 메서드를 받지 않습니다. `Allow` 헤더를 확인해 주십시오.',
    },
    'payload-too-large': {
      title: '요청이 너무 큽니다',
      detail: `요청 본문이 ${MAX_BODY_SIZE}를 초과합니다.`,
    },
    'unsupported-media-type': {
      title: '지원하지 않는 미디어 유형입니다',
      detail: '본문은 `Content-Type: application/json`과 함께 JSON으로 보내 주십시오.',
    },
    'invalid-fields': {
      title: '입력 항목에 오류가 있습니다',
      detail: '누락되었거나 올바르지 않은 항목이 있습니다. `errors`를 확인해 주십시오.',
    },
    'too-many-requests': {
      title: '요청이 너무 많습니다',
      detail: '요청 한도에 도달했습니다. `Retry-After`의 초가 지난 후 다시 시도해 주십시오.',
    },
    'service-unavailable': {
      title: '서비스를 이용할 수 없습니다',
      detail:
        '의존하는 서비스를 이용할 수 없어 아무 처리도 하지 않았습니다. 나중에 다시 시도해 주십시오.',
    },
    'internal-error': { title: '내부 오류', detail: '요청을 완료하지 못했습니다.' },
  },
  fields: {
    body: { invalid_type: 'JSON 객체를 보내 주십시오' },
    phone: {
      required: '전화번호를 보내 주십시오',
      format:
        '전화번호는 +819012345678과 같은 E.164 형식의 문자열 또는 {country, number}로 보내 주십시오',
      not_possible: '해당 국가 또는 지역에서 사용될 수 없는 전화번호입니다',
      invalid_type: '전화번호는 문자열 또는 {country, number}로 보내 주십시오',
    },
    locale: {
      format: `locale은 ${LOCALE_LIST} 중 하나여야 합니다`,
      invalid_type: 'locale은 문자열이어야 합니다',
    },
    account: {
      kind: {
        required: 'kind를 보내 주십시오',
        format: 'kind는 "individual" 또는 "organization"이어야 합니다',
      },
      status: { format: 'status는 "active", "locked", "closed" 중 하나여야 합니다' },
      organizationName: {
        required: '법인·단체 계정에는 organizationName이 필요합니다',
        format: 'organizationName은 법인·단체 계정에만 지정해 주십시오',
        too_long: 'organizationName은 200자 이내여야 합니다',
        control_characters: 'organizationName에 제어 문자를 사용할 수 없습니다',
      },
      contact: {
        invalid_type: 'contact는 {givenName, familyName, phone, email}로 보내 주십시오',
      },
      name: {
        required: '이름을 보내 주십시오',
        too_long: '이름은 100자 이내(이름과 성을 합쳐 99자 이내)여야 합니다',
        control_characters: '이름에 제어 문자를 사용할 수 없습니다',
      },
      passwordHash: {
        format:
          '해시는 $pbkdf2-sha256$i=N$salt$hash(PHC 형식, 패딩 없는 base64, N은 10000 이상 100000 이하)로 보내거나 생략해 주십시오',
      },
    },
    unknownKey: '알 수 없는 항목입니다. 삭제해 주십시오',
    duplicateKey: '이 키가 여러 번 나타납니다. 한 번만 보내 주십시오',
    invalidType: '이 항목은 문자열로 보내 주십시오',
  },
})
