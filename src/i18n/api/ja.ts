import type { ApiMessages } from './en'
import { LOCALE_LIST } from './locale-list'

/** JSON APIの問題詳細（RFC 9457）とフィールドエラーの日本語文言。 */
export const ja: ApiMessages = {
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
      format: `locale は ${LOCALE_LIST} のいずれかにしてください`,
      invalid_type: 'locale は文字列にしてください',
    },
    unknownKey: '不明な項目です。削除してください',
    invalidType: 'この項目は文字列で送ってください',
  },
}
