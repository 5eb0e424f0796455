import type { Locale } from './index'

/** Texts of the JSON API's problem documents (RFC 9457) and of its field errors. */
const en = {
  problems: {
    'malformed-json': { title: 'Malformed JSON', detail: 'The request body is not valid JSON.' },
    'invalid-encoding': {
      title: 'Invalid encoding',
      detail: 'The request body is not valid UTF-8.',
    },
    'duplicate-key': {
      title: 'Duplicate key',
      detail: 'A key appears more than once in one JSON object; `errors` names it.',
    },
    unauthorized: {
      title: 'Unauthorized',
      detail: 'The API key is unknown or revoked. Send `Authorization: Bearer <key>`, or no key.',
    },
    'not-found': { title: 'Not found', detail: 'There is no such API route.' },
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
    unknownKey: 'Unknown field; remove it',
    duplicateKey: 'This key appears more than once; send it once',
    invalidType: 'Send this field as a string',
  },
}

const ja: typeof en = {
  problems: {
    'malformed-json': {
      title: 'JSONの形式が正しくありません',
      detail: 'リクエスト本文が正しいJSONではありません。',
    },
    'invalid-encoding': {
      title: '文字コードが正しくありません',
      detail: 'リクエスト本文が正しいUTF-8ではありません。',
    },
    'duplicate-key': {
      title: 'キーが重複しています',
      detail: '1つのJSONオブジェクトに同じキーが複数あります。`errors` にそのキーを示します。',
    },
    unauthorized: {
      title: '認証できません',
      detail:
        'APIキーが不明か、失効しています。`Authorization: Bearer <key>` を送るか、キーなしで送ってください。',
    },
    'not-found': { title: '見つかりません', detail: 'そのAPIルートはありません。' },
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
    unknownKey: '不明な項目です。削除してください',
    duplicateKey: 'このキーが複数回出現しています。1回だけ送ってください',
    invalidType: 'この項目は文字列で送ってください',
  },
}

export type ProblemSlug = keyof typeof en.problems

export const apiMessages = (locale: Locale) => (locale === 'ja' ? ja : en)
