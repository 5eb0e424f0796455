import * as z from 'zod/mini'
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX } from '../../db/account-history-query'

/**
 * The query of `GET /api/v1/accounts/{loginId}/events`: `limit` (1 to 100, 50 unless given) and
 * the `cursor` a previous page answered with (docs/api.md#history-of-one-account).
 */
export const historyQuery = () =>
  z.object({
    limit: z.pipe(
      z._default(z.string().check(z.regex(/^[1-9][0-9]{0,2}$/)), String(HISTORY_PAGE_DEFAULT)),
      z.pipe(z.transform(Number), z.number().check(z.lte(HISTORY_PAGE_MAX))),
    ),
    cursor: z.optional(
      z.pipe(z.string().check(z.regex(/^[1-9][0-9]{0,15}$/)), z.transform(Number)),
    ),
  })

export type HistoryQuery = z.output<ReturnType<typeof historyQuery>>
