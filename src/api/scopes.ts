/** What a key may do (docs/contract.md#api-keys-and-scopes); keys made before scopes existed have `recovery`. */
export const API_SCOPES = [
  'recovery',
  'accounts:read',
  'accounts:write',
  'accounts:recover',
  'credentials:verify',
] as const
export type ApiScope = (typeof API_SCOPES)[number]

const isApiScope = (value: string): value is ApiScope =>
  (API_SCOPES as ReadonlyArray<string>).includes(value)

/** The scopes of a stored `a,b` list; unknown names are dropped (they grant nothing). */
export const parseScopes = (value: string): ApiScope[] =>
  value
    .split(',')
    .map((scope) => scope.trim())
    .filter(isApiScope)
