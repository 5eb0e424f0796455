import type { Locale } from './index'

/** Texts of the JSON API's problem documents (RFC 9457) and of its field errors. */
const en = {
  problems: {
    'malformed-json': { title: 'Malformed JSON', detail: 'The request body is not valid JSON.' },
    unauthorized: {
      title: 'Unauthorized',
      detail: 'The API key is unknown or revoked. Send `Authorization: Bearer <key>`, or no key.',
    },
    'api-key-required': {
      title: 'API key required',
      detail: 'This route is for integrations: send `Authorization: Bearer <key>`.',
    },
    'insufficient-scope': {
      title: 'Forbidden',
      detail: 'The API key does not have the scope this route needs.',
    },
    'not-found': { title: 'Not found', detail: 'There is no such API route.' },
    'account-not-found': { title: 'Not found', detail: 'There is no account with this login ID.' },
    'method-not-allowed': {
      title: 'Method not allowed',
      detail: 'This route does not accept this method; see the `Allow` header.',
    },
    'payload-too-large': {
      title: 'Payload too large',
      detail: 'The request body is larger than 16 KiB.',
    },
    'unsupported-media-type': {
      title: 'Unsupported media type',
      detail: 'Send the body as JSON with `Content-Type: application/json`.',
    },
    'invalid-fields': {
      title: 'Invalid fields',
      detail: 'One or more fields are missing or invalid; see `errors`.',
    },
    'too-many-requests': {
      title: 'Too many requests',
      detail: 'A rate limit was reached; retry after the number of seconds in `Retry-After`.',
    },
    'service-unavailable': {
      title: 'Service unavailable',
      detail: 'A dependency is unavailable. Nothing was done; retry later.',
    },
    'internal-error': { title: 'Internal error', detail: 'The request could not be completed.' },
  },
  fields: {
    body: { invalid_type: 'Send a JSON object' },
    phone: {
      required: 'Send the phone number',
      format: 'Send the phone number in E.164 form, like +819012345678, or as {country, number}',
      not_possible: 'The phone number is not possible for its country',
      invalid_type: 'Send the phone number as a string or as {country, number}',
    },
    locale: { format: 'locale must be "en" or "ja"', invalid_type: 'locale must be a string' },
    account: {
      kind: { required: 'Send the kind', format: 'kind must be "individual" or "organization"' },
      status: { format: 'status must be "active", "locked" or "closed"' },
      organizationName: {
        required: 'An organization account needs organizationName',
        format: 'Only an organization account has an organizationName; leave it out',
        too_long: 'organizationName must be 200 characters or fewer',
        control_characters: 'organizationName must not contain control characters',
      },
      contact: { invalid_type: 'Send contact as {givenName, familyName, phone, email}' },
      name: {
        required: 'Send the name',
        too_long: 'Names must be 100 characters or fewer, given and family name together 99',
        control_characters: 'Names must not contain control characters',
      },
      passwordHash: {
        format:
          'Send the hash as $pbkdf2-sha256$i=N$salt$hash (PHC, base64 without padding, N at most 100000), or leave it out',
      },
    },
    unknownKey: 'Unknown field; remove it',
    invalidType: 'Send this field as a string',
  },
}

const ja: typeof en = {
  problems: {
    'malformed-json': {
      title: 'JSONの形式が正しくありません',
      detail: 'リクエスト本文が正しいJSONではありません。',
    },
    unauthorized: {
      title: '認証できません',
      detail:
        'APIキーが不明か、失効しています。`Authorization: Bearer <key>` を送るか、キーなしで送ってください。',
    },
    'api-key-required': {
      title: 'APIキーが必要です',
      detail: 'このルートは連携システム用です。`Authorization: Bearer <key>` を送ってください。',
    },
    'insufficient-scope': {
      title: '権限がありません',
      detail: 'このAPIキーには、このルートに必要なスコープがありません。',
    },
    'not-found': { title: '見つかりません', detail: 'そのAPIルートはありません。' },
    'account-not-found': {
      title: '見つかりません',
      detail: 'このログインIDのアカウントはありません。',
    },
    'method-not-allowed': {
      title: '許可されていないメソッドです',
      detail: 'このルートはこのメソッドを受け付けません。`Allow` ヘッダーをご確認ください。',
    },
    'payload-too-large': {
      title: 'リクエストが大きすぎます',
      detail: 'リクエスト本文が16 KiBを超えています。',
    },
    'unsupported-media-type': {
      title: 'サポートされていないメディアタイプです',
      detail: '本文は `Content-Type: application/json` のJSONで送ってください。',
    },
    'invalid-fields': {
      title: '入力項目に誤りがあります',
      detail: '不足している項目または誤りのある項目があります。`errors` をご確認ください。',
    },
    'too-many-requests': {
      title: 'リクエストが多すぎます',
      detail: '上限に達しました。`Retry-After` の秒数が経過してから再試行してください。',
    },
    'service-unavailable': {
      title: 'サービスを利用できません',
      detail: '依存するサービスを利用できません。処理は行っていません。後ほど再試行してください。',
    },
    'internal-error': { title: '内部エラー', detail: 'リクエストを完了できませんでした。' },
  },
  fields: {
    body: { invalid_type: 'JSONオブジェクトを送ってください' },
    phone: {
      required: '電話番号を送ってください',
      format:
        '電話番号は +819012345678 のようなE.164形式の文字列、または {country, number} で送ってください',
      not_possible: 'その国・地域では使われていない電話番号です',
      invalid_type: '電話番号は文字列または {country, number} で送ってください',
    },
    locale: {
      format: 'locale は "en" または "ja" にしてください',
      invalid_type: 'locale は文字列にしてください',
    },
    account: {
      kind: {
        required: 'kind を送ってください',
        format: 'kind は "individual" または "organization" にしてください',
      },
      status: { format: 'status は "active"、"locked"、"closed" のいずれかにしてください' },
      organizationName: {
        required: '法人・団体のアカウントには organizationName が必要です',
        format: 'organizationName は法人・団体のアカウントだけに指定してください',
        too_long: 'organizationName は200文字以内にしてください',
        control_characters: 'organizationName に制御文字は使えません',
      },
      contact: {
        invalid_type: 'contact は {givenName, familyName, phone, email} で送ってください',
      },
      name: {
        required: '氏名を送ってください',
        too_long: '氏名は100文字以内（名と姓を合わせて99文字以内）にしてください',
        control_characters: '氏名に制御文字は使えません',
      },
      passwordHash: {
        format:
          'ハッシュは $pbkdf2-sha256$i=N$salt$hash（PHC形式、パディングなしのbase64、Nは100000以下）で送るか、省略してください',
      },
    },
    unknownKey: '不明な項目です。削除してください',
    invalidType: 'この項目は文字列で送ってください',
  },
}

export type ProblemSlug = keyof typeof en.problems

export const apiMessages = (locale: Locale) => (locale === 'ja' ? ja : en)
