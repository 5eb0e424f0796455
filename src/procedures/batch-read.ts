import type { ServiceContext } from '../platform/context'

/** A queue message's request with its request ID (the id of the rows its work writes). */
export interface QueuedRequest<Request> {
  requestId: string
  request: Request
}

/** What a batch read uses: the database and the clock (the consumer's, or one message's). */
export type BatchReadContext = Pick<ServiceContext, 'db' | 'now'>

/**
 * What a procedure's account work reads first, for a whole batch of queue messages in one D1
 * call rather than one per message (docs/performance.md): each request's share of what it read.
 */
export type BatchRead<Request, Preread> = (
  ctx: BatchReadContext,
  requests: readonly QueuedRequest<Request>[],
) => Promise<(one: QueuedRequest<Request>) => Preread>

/** A batch read made for one request alone: for work run on its own, outside a batch. */
export async function readAlone<Request, Preread>(
  readBatch: BatchRead<Request, Preread>,
  ctx: ServiceContext,
  request: Request,
): Promise<Preread> {
  const one = { requestId: ctx.requestId, request }
  return (await readBatch(ctx, [one]))(one)
}
