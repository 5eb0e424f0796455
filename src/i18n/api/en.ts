import { LOCALE_LIST } from './locale-list'

/** English texts of the JSON API's problem documents (RFC 9457) and field errors; the shape. */
export const en = {
  problems: {
    'malformed-json': { title: 'Malformed JSON', detail: 'The request body is not valid JSON.' },
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
    locale: {
      format: `locale must be one of ${LOCALE_LIST}`,
      invalid_type: 'locale must be a string',
    },
    unknownKey: 'Unknown field; remove it',
    invalidType: 'Send this field as a string',
  },
}

export type ApiMessages = typeof en
