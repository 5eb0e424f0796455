import { MAX_BODY_SIZE } from '../../max-body-size'
import type { ApiMessages } from './en'
import { LOCALE_LIST } from './locale-list'

/** JSON API 问题详情（RFC 9457）及字段错误的简体中文文案。 */
export const zhHans = (): ApiMessages => ({
  problems: {
    'malformed-json': { title: 'JSON格式不正确', detail: '请求正文不是有效的JSON。' },
    'invalid-encoding': { title: '字符编码不正确', detail: '请求正文不是有效的UTF-8。' },
    'duplicate-key': {
      title: '键重复',
      detail: '同一个JSON对象中多次出现同一个键；`errors` 中列出了该键。',
    },
    unauthorized: {
      title: '未通过认证',
      detail: 'API密钥无效或已被吊销。请发送 `Authorization: Bearer <key>`，或不附带密钥发送。',
    },
    'not-found': { title: '未找到', detail: '不存在该API路由。' },
    'api-key-required': {
      title: '需要API密钥',
      detail: '此路由供对接系统使用：请发送 `Authorization: Bearer <key>`。',
    },
    'https-required': {
      title: '需要HTTPS',
      detail:
        'API只通过HTTPS应答，请发送到 https:// 地址。通过明文HTTP发送过的API密钥应视为已泄露。',
    },
    'insufficient-scope': {
      title: '没有权限',
      detail: '此API密钥没有此路由所需的权限范围（scope）。',
    },
    'account-not-found': { title: '未找到', detail: '不存在此登录ID的账户。' },
    'method-not-allowed': {
      title: '不允许使用该方法',
      detail: '该路由不接受此方法，请参阅 `Allow` 标头。',
    },
    'payload-too-large': {
      title: '请求内容过大',
      detail: `请求正文超过了${MAX_BODY_SIZE}。`,
    },
    'unsupported-media-type': {
      title: '不支持的媒体类型',
      detail: '请以JSON格式发送正文，并指定 `Content-Type: application/json`。',
    },
    'invalid-fields': {
      title: '字段有误',
      detail: '有字段缺失或无效，请参阅 `errors`。',
    },
    'too-many-requests': {
      title: '请求过多',
      detail: '已达到请求上限，请在 `Retry-After` 所示的秒数之后重试。',
    },
    'service-unavailable': {
      title: '服务不可用',
      detail: '所依赖的服务暂时不可用，未进行任何处理，请稍后重试。',
    },
    'internal-error': { title: '内部错误', detail: '无法完成该请求。' },
  },
  fields: {
    body: { invalid_type: '请发送JSON对象' },
    phone: {
      required: '请发送电话号码',
      format: '请以E.164格式的字符串（例如 +819012345678）或 {country, number} 发送电话号码',
      not_possible: '该电话号码在其国家或地区不可能存在',
      invalid_type: '请以字符串或 {country, number} 发送电话号码',
    },
    locale: {
      format: `locale 必须是 ${LOCALE_LIST} 之一`,
      invalid_type: 'locale 必须是字符串',
    },
    account: {
      kind: { required: '请发送 kind', format: 'kind 必须为 "individual" 或 "organization"' },
      status: { format: 'status 必须为 "active"、"locked" 或 "closed"' },
      organizationName: {
        required: '法人·团体账户需要 organizationName',
        format: '只有法人·团体账户才能指定 organizationName，请删除',
        too_long: 'organizationName 不能超过200个字符',
        control_characters: 'organizationName 不能包含控制字符',
      },
      contact: { invalid_type: '请以 {givenName, familyName, phone, email} 发送 contact' },
      name: {
        required: '请发送姓名',
        too_long: '姓名不能超过100个字符（名和姓合计不超过99个字符）',
        control_characters: '姓名不能包含控制字符',
      },
      passwordHash: {
        format:
          '请以 $pbkdf2-sha256$i=N$salt$hash（PHC格式，无填充的base64，N在10000到100000之间）发送哈希，或省略',
      },
    },
    unknownKey: '未知字段，请删除',
    duplicateKey: '此键出现了多次，请只发送一次',
    invalidType: '请以字符串发送此字段',
  },
})
