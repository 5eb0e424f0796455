import * as z from 'zod'
import { isEventMessage } from '../events/catalog'
import { deliverEvent, logDeadEvent } from '../events/deliver'
import { enqueueEvents } from '../events/publish'
import { lazy } from '../lazy'
import { recordAuditEvent } from '../platform/audit'
import { readConfig } from '../platform/config'
import { createDatabase, type Dependencies, type ServiceContext } from '../platform/context'
import { errorKind } from '../platform/log'
import type { SubmissionMeta } from '../platform/work-queue'
import { QUEUED_PROCEDURES } from '../procedures'
import type { AnyQueuedProcedure } from '../procedures/queued-procedure'

/** wrangler.toml's queues and the consumer's `max_retries`; a test pins them together. */
export const WORK_QUEUE = 'password-initialization-work'
export const DEAD_LETTER_QUEUE = 'password-initialization-work-dlq'
export const MAX_RETRIES = 5
/** Growing delays between deliveries: 30 s, 1, 2, 4 and 8 minutes (about 15 minutes in all). */
export const retryDelaySeconds = (attempt: number) => 30 * 2 ** Math.max(0, attempt - 1)

// Built on the first message (`lazy`): a Worker that only answers requests never needs it.
const workMessage = lazy(() =>
  z.object({
    procedure: z.string(),
    request: z.unknown(),
    meta: z.object({
      requestId: z.string(),
      // Messages enqueued before audit rows named the key have none.
      apiKeyId: z.string().nullable().default(null),
      clientHash: z.string(),
      country: z.string().nullable(),
      submittedAt: z.number(),
    }),
  }),
)

type Read =
  | { ok: true; procedure: AnyQueuedProcedure; request: unknown; meta: SubmissionMeta }
  | { ok: false }

function read(body: unknown): Read {
  const parsed = workMessage().safeParse(body)
  if (!parsed.success) return { ok: false }
  const procedure = QUEUED_PROCEDURES.find((p) => p.name === parsed.data.procedure)
  if (!procedure) return { ok: false }
  return { ok: true, procedure, request: parsed.data.request, meta: parsed.data.meta }
}

/** The services of one message's work: its request's ID and client, the consumer's bindings. */
function servicesFor(env: Env, deps: Dependencies, meta: SubmissionMeta): ServiceContext {
  const config = readConfig(env)
  return {
    db: createDatabase(env.DB),
    mailer: deps.mailer(env, config),
    now: deps.now,
    logger: deps.logger,
    config,
    requestId: meta.requestId,
    apiKeyId: meta.apiKeyId,
    client: { hash: () => Promise.resolve(meta.clientHash), country: meta.country },
  }
}

async function consumeOne(message: Message<unknown>, env: Env, deps: Dependencies) {
  const work = read(message.body)
  if (!work.ok) {
    // Nothing can ever make it readable: dropped, and said so (without its content).
    deps.logger.error('work_message_malformed', { messageId: message.id })
    message.ack()
    return
  }
  const { procedure, request, meta } = work
  const ctx = servicesFor(env, deps, meta)
  const attempt = message.attempts
  try {
    const done = await procedure.consume(ctx, request, { attempt, last: attempt > MAX_RETRIES })
    if (done === null) {
      ctx.logger.error('work_message_malformed', {
        messageId: message.id,
        requestId: meta.requestId,
      })
      message.ack()
      return
    }
    const { result, loginId } = done
    if ('retry' in result) {
      message.retry({ delaySeconds: retryDelaySeconds(attempt) })
      return
    }
    // Before the acknowledgement: if enqueueing fails, the redelivered work finds what it did
    // and enqueues its events again, with the same webhook IDs.
    await enqueueEvents(deps.workQueue(env), ctx, result.events ?? [])
    await recordAuditEvent(ctx, {
      procedure: procedure.name,
      outcome: result.outcome,
      loginId,
    })
    message.ack()
  } catch (error) {
    // D1 or the runtime failed: the whole work is tried again; after the last retry it is a dead letter.
    ctx.logger.error('work_failed', {
      requestId: meta.requestId,
      procedure: procedure.name,
      attempt,
      error: errorKind(error),
    })
    message.retry({ delaySeconds: retryDelaySeconds(attempt) })
  }
}

/** A message that failed its last retry: logged without personal data, audited `failed`, acknowledged. */
async function consumeDeadLetter(message: Message<unknown>, env: Env, deps: Dependencies) {
  if (isEventMessage(message.body)) {
    logDeadEvent(deps.logger, message.body, message.attempts)
    message.ack()
    return
  }
  const work = read(message.body)
  deps.logger.error('work_dead_lettered', {
    messageId: message.id,
    requestId: work.ok ? work.meta.requestId : undefined,
    procedure: work.ok ? work.procedure.name : undefined,
    attempts: message.attempts,
  })
  if (work.ok) {
    await recordAuditEvent(servicesFor(env, deps, work.meta), {
      procedure: work.procedure.name,
      outcome: 'failed',
      loginId: work.procedure.loginIdOfMessage(work.request),
    })
  }
  message.ack()
}

/** An event's message: one attempt to post it; a failed one is tried again later. */
async function consumeEvent(message: Message<unknown>, env: Env, deps: Dependencies) {
  const attempt = message.attempts
  if ((await deliverEvent(message.body, attempt, env, deps)) === 'ack') message.ack()
  else message.retry({ delaySeconds: retryDelaySeconds(attempt) })
}

/**
 * The Worker's `queue` handler: the work queue's messages run their procedure's account work or
 * post their event; the dead-letter queue's are recorded and dropped.
 */
export async function consumeQueue(
  batch: MessageBatch<unknown>,
  env: Env,
  deps: Dependencies,
): Promise<void> {
  const consumeLive = (message: Message<unknown>, env: Env, deps: Dependencies) =>
    isEventMessage(message.body) ? consumeEvent(message, env, deps) : consumeOne(message, env, deps)
  const consume = batch.queue === DEAD_LETTER_QUEUE ? consumeDeadLetter : consumeLive
  await Promise.all(batch.messages.map((message) => consume(message, env, deps)))
}
