/** SPEC 3: every POST body, form or JSON, is limited to 16 KiB. */
export const MAX_BODY_BYTES = 16 * 1024
