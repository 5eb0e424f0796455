import { MAX_BODY_SIZE } from '../../max-body-size'
import type { ApiMessages } from './en'
import { LOCALE_LIST } from './locale-list'

/** JSON API 問題詳細資料（RFC 9457）及欄位錯誤的繁體中文文字。 */
export const zhHant = (): ApiMessages => ({
  problems: {
    'malformed-json': { title: 'JSON格式不正確', detail: '請求本文不是有效的JSON。' },
    'invalid-encoding': { title: '字元編碼不正確', detail: '請求本文不是有效的UTF-8。' },
    'duplicate-key': {
      title: '鍵重複',
      detail: '同一個JSON物件中多次出現同一個鍵；`errors` 中列出了該鍵。',
    },
    unauthorized: {
      title: '未通過驗證',
      detail: 'API金鑰無效或已被撤銷。請傳送 `Authorization: Bearer <key>`，或不附金鑰傳送。',
    },
    'not-found': { title: '找不到', detail: '沒有此API路由。' },
    'api-key-required': {
      title: '需要API金鑰',
      detail: '此路由供串接系統使用：請傳送 `Authorization: Bearer <key>`。',
    },
    'https-required': {
      title: '需要HTTPS',
      detail:
        'API只透過HTTPS回應，請傳送到 https:// 位址。透過明文HTTP傳送過的API金鑰應視為已外洩。',
    },
    'insufficient-scope': {
      title: '沒有權限',
      detail: '此API金鑰沒有此路由所需的權限範圍（scope）。',
    },
    'account-not-found': { title: '找不到', detail: '沒有此登入ID的帳戶。' },
    'method-not-allowed': {
      title: '不允許使用此方法',
      detail: '此路由不接受此方法，請參閱 `Allow` 標頭。',
    },
    'payload-too-large': {
      title: '請求內容過大',
      detail: `請求本文超過${MAX_BODY_SIZE}。`,
    },
    'unsupported-media-type': {
      title: '不支援的媒體類型',
      detail: '請以JSON格式傳送本文，並指定 `Content-Type: application/json`。',
    },
    'invalid-fields': {
      title: '欄位有誤',
      detail: '有欄位缺漏或無效，請參閱 `errors`。',
    },
    'too-many-requests': {
      title: '請求過多',
      detail: '已達請求上限，請於 `Retry-After` 所示的秒數之後再試。',
    },
    'service-unavailable': {
      title: '服務無法使用',
      detail: '所依賴的服務暫時無法使用，並未進行任何處理，請稍後再試。',
    },
    'internal-error': { title: '內部錯誤', detail: '無法完成此請求。' },
  },
  fields: {
    body: { invalid_type: '請傳送JSON物件' },
    phone: {
      required: '請傳送電話號碼',
      format: '請以E.164格式的字串（例如 +819012345678）或 {country, number} 傳送電話號碼',
      not_possible: '此電話號碼在其國家或地區不可能存在',
      invalid_type: '請以字串或 {country, number} 傳送電話號碼',
    },
    locale: {
      format: `locale 必須是 ${LOCALE_LIST} 其中之一`,
      invalid_type: 'locale 必須是字串',
    },
    account: {
      kind: { required: '請傳送 kind', format: 'kind 必須為 "individual" 或 "organization"' },
      status: { format: 'status 必須為 "active"、"locked" 或 "closed"' },
      organizationName: {
        required: '法人·團體帳戶需要 organizationName',
        format: '只有法人·團體帳戶才能指定 organizationName，請移除',
        too_long: 'organizationName 不能超過200個字元',
        control_characters: 'organizationName 不能包含控制字元',
      },
      contact: { invalid_type: '請以 {givenName, familyName, phone, email} 傳送 contact' },
      name: {
        required: '請傳送姓名',
        too_long: '姓名不能超過100個字元（名和姓合計不超過99個字元）',
        control_characters: '姓名不能包含控制字元',
      },
      passwordHash: {
        format:
          '請以 $pbkdf2-sha256$i=N$salt$hash（PHC格式，無填充的base64，N在10000到100000之間）傳送雜湊，或省略',
      },
    },
    unknownKey: '不明的欄位，請移除',
    duplicateKey: '此鍵出現了多次，請只傳送一次',
    invalidType: '請以字串傳送此欄位',
  },
})
