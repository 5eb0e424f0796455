import { MAX_BODY_SIZE } from '../../max-body-size'
import { LOCALE_LIST } from './locale-list'

/** English texts of the JSON API's problem documents (RFC 9457) and field errors; the shape. */
export const en = () => ({
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
    'api-key-required': {
      title: 'API key required',
      detail: 'This route is for integrations: send `Authorization: Bearer <key>`.',
    },
    'https-required': {
      title: 'Forbidden',
      detail:
        'The API answers only over HTTPS; send the request to its https:// address. Treat an API key sent over plain HTTP as disclosed.',
    },
    'insufficient-scope': {
      title: 'Forbidden',
      detail: 'The API key does not have the scope this route needs.',
    },
    'account-not-found': { title: 'Not found', detail: 'There is no account with this login ID.' },
    'method-not-allowed': {
      title: 'Method not allowed',
      detail: 'This route does not accept this method; see the `Allow` header.',
    },
    'payload-too-large': {
      title: 'Payload too large',
      detail: `The request body is larger than ${MAX_BODY_SIZE}.`,
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
          'Send the hash as $pbkdf2-sha256$i=N$salt$hash (PHC, base64 without padding, N from 10000 to 100000), or leave it out',
      },
    },
    unknownKey: 'Unknown field; remove it',
    duplicateKey: 'This key appears more than once; send it once',
    invalidType: 'Send this field as a string',
  },
})

export type ApiMessages = ReturnType<typeof en>
