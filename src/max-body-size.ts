/** docs/contract.md#matching-the-four-fields: every POST body, form or JSON, is limited to 16 KiB. The one place that says so. */
export const MAX_BODY_BYTES = 16 * 1024

/** The limit as texts write it ('16 KiB'): the problem documents' details, the OpenAPI document. */
export const MAX_BODY_SIZE = `${MAX_BODY_BYTES / 1024} KiB`
