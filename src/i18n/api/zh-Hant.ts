import type { ApiMessages } from './en'
import { LOCALE_LIST } from './locale-list'

/** JSON API 問題詳細資料（RFC 9457）及欄位錯誤的繁體中文文字。 */
export const zhHant: ApiMessages = {
  problems: {
    'malformed-json': { title: 'JSON格式不正確', detail: '請求本文不是有效的JSON。' },
    unauthorized: {
      title: '未通過驗證',
      detail: 'API金鑰無效或已被撤銷。請傳送 `Authorization: Bearer <key>`，或不附金鑰傳送。',
    },
    'not-found': { title: '找不到', detail: '沒有此API路由。' },
    'method-not-allowed': {
      title: '不允許使用此方法',
      detail: '此路由不接受此方法，請參閱 `Allow` 標頭。',
    },
    'payload-too-large': {
      title: '請求內容過大',
      detail: '請求本文超過16 KiB。',
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
    unknownKey: '不明的欄位，請移除',
    invalidType: '請以字串傳送此欄位',
  },
}
