import { MAX_BODY_SIZE } from '../../max-body-size'
import type { ApiMessages } from './en'
import { LOCALE_LIST } from './locale-list'

/** JSON APIの問題詳細（RFC 9457）とフィールドエラーの日本語文言。 */
export const ja = (): ApiMessages => ({
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
    'api-key-required': {
      title: 'APIキーが必要です',
      detail: 'このルートは連携システム用です。`Authorization: Bearer <key>` を送ってください。',
    },
    'https-required': {
      title: 'HTTPSが必要です',
      detail:
        'APIはHTTPSでのみ応答します。https:// のアドレスに送ってください。平文のHTTPで送ったAPIキーは漏えいしたものとして扱ってください。',
    },
    'insufficient-scope': {
      title: '権限がありません',
      detail: 'このAPIキーには、このルートに必要なスコープがありません。',
    },
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
      detail: `リクエスト本文が${MAX_BODY_SIZE}を超えています。`,
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
          'ハッシュは $pbkdf2-sha256$i=N$salt$hash（PHC形式、パディングなしのbase64、Nは10000以上100000以下）で送るか、省略してください',
      },
    },
    unknownKey: '不明な項目です。削除してください',
    duplicateKey: 'このキーが複数回出現しています。1回だけ送ってください',
    invalidType: 'この項目は文字列で送ってください',
  },
})
