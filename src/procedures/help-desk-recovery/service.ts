import * as z from 'zod/mini'
import { loginIdField } from '../../identity/fields'
import { lazy } from '../../lazy'
import type { ServiceContext } from '../../platform/context'
import type { BatchReadContext, QueuedRequest } from '../batch-read'
import { readInitializations } from '../password-initialization/read'
import { initializeMatched } from '../password-initialization/service'
import type { Delivery, QueuedWork, WorkResult } from '../queued-procedure'

/** What a help desk's request puts on the queue: the login ID alone, no contact to match. */
const recoveryRequest = lazy(() => z.strictObject({ loginId: loginIdField() }))

/**
 * A help desk's password initialization, in the queue's consumer
 * (docs/operations.md#help-desk-recovery): the work of a matched public request, the contact
 * check left out (the caller verified the holder by its own means). The password goes only to
 * the stored address; the per-account cap and the at-most-one-e-mail rules are the same.
 */
export async function recoverPassword(
  ctx: ServiceContext,
  loginId: string,
  delivery: Delivery,
): Promise<WorkResult> {
  const one = { requestId: ctx.requestId, request: { loginId } }
  const found = (await readInitializations(ctx, [one]))(one)
  if (found === null) return { outcome: 'no_match' }
  return initializeMatched(ctx, found, delivery)
}

/** The consumer's side of help-desk recovery, beside the queued procedures' (src/queue/consume.ts). */
export const helpDeskRecovery = {
  name: 'help_desk_recovery' as const,
  worksOf: <Message extends QueuedRequest<unknown>>(
    _ctx: BatchReadContext,
    messages: readonly Message[],
  ): { message: Message; work: QueuedWork | null }[] =>
    messages.map((message) => {
      const parsed = recoveryRequest().safeParse(message.request)
      if (!parsed.success) return { message, work: null }
      const { loginId } = parsed.data
      return {
        message,
        work: { loginId, run: (ctx, delivery) => recoverPassword(ctx, loginId, delivery) },
      }
    }),
  loginIdOfMessage: (request: unknown) => {
    const parsed = recoveryRequest().safeParse(request)
    return parsed.success ? parsed.data.loginId : null
  },
}
