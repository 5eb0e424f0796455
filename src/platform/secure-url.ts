/** The hosts `wrangler dev` serves on; plain HTTP is allowed there alone (docs/decisions/023-plain-http-on-localhost.md). */
const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/** True for a URL on this machine: local development, where TLS is not set up. */
export const isLocalUrl = (url: URL): boolean => LOCAL_HOSTNAMES.has(url.hostname)

/** `https:`, or `http:` on localhost only: what `WEBHOOK_URL`, `PUBLIC_BASE_URL` and the API accept. */
export const isSecureOrLocal = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && isLocalUrl(url))
