import { lazy } from '../lazy'
import type { AnyQueuedProcedure, QueuedProcedure } from './queued-procedure-types'

export type {
  AnyQueuedProcedure,
  Delivery,
  QueuedProcedure,
  QueuedWork,
  WorkResult,
} from './queued-procedure-types'

/**
 * A procedure's description with its consumer's handler, made from it; its routes are made in its
 * folder's routes.ts (`queuedFormRoutes`, `queuedJsonRoutes` in queued-routes.ts).
 */
export function queuedProcedure<Request extends object, Preread>(
  procedure: QueuedProcedure<Request, Preread>,
): QueuedProcedure<Request, Preread> & AnyQueuedProcedure {
  const read = (request: unknown) => procedure.jsonSchema().safeParse(request)
  return {
    ...procedure,
    worksOf: (ctx, messages) => {
      const requests = messages.map((message) => {
        const parsed = read(message.request)
        const one = parsed.success ? { requestId: message.requestId, request: parsed.data } : null
        return { message, one }
      })
      const readable = requests.flatMap(({ one }) => (one === null ? [] : [one]))
      // One read for all of them, made when the first one's work starts.
      const shareOf = lazy(() => procedure.readBatch(ctx, readable))
      return requests.map(({ message, one }) => ({
        message,
        work: one && {
          loginId: procedure.loginIdOf(one.request),
          run: async (services, delivery) =>
            procedure.run(services, one.request, delivery, (await shareOf())(one)),
        },
      }))
    },
    loginIdOfMessage: (request) => {
      const parsed = read(request)
      return parsed.success ? procedure.loginIdOf(parsed.data) : null
    },
  }
}
