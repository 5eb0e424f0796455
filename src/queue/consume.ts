import { type AuditEvent, type AuditRow, type Procedure, recordAuditEvents } from '../db/audit'
import { isEventMessage } from '../events/catalog'
import { deliverEvent, logDeadEvent } from '../events/deliver'
import { enqueueEvents } from '../events/publish'
import { writeTrafficPoints } from '../platform/analytics'
import { type Dependencies, serviceContext, type WorkerServices } from '../platform/context'
import { errorKind } from '../platform/log'
import type { SubmissionMeta } from '../platform/work-queue'
import { QUEUED_PROCEDURES } from '../procedures'
import { consumeSendingEvents, EMAIL_EVENTS_QUEUE } from '../procedures/delivery-outcome/consume'
import { helpDeskRecovery } from '../procedures/help-desk-recovery/service'
import type { AnyQueuedProcedure, QueuedWork } from '../procedures/queued-procedure'
import { opened, originOf, workMessage } from './work-message'

/** wrangler.toml's queues and the consumer's `max_retries`; a test pins them together. */
export const WORK_QUEUE = 'password-initialization-work'
export const DEAD_LETTER_QUEUE = 'password-initialization-work-dlq'
export const MAX_RETRIES = 5
/** Messages per delivery, both queues (wrangler.toml's `max_batch_size`; a test pins them together). */
export const MAX_BATCH_SIZE = 50
/** Growing delays between deliveries: 30 s, 1, 2, 4 and 8 minutes (about 15 minutes in all). */
export const retryDelaySeconds = (attempt: number) => 30 * 2 ** Math.max(0, attempt - 1)

/** What the consumer needs of a procedure: the queued ones', and help-desk recovery's. */
type ConsumedProcedure = Pick<AnyQueuedProcedure, 'worksOf' | 'loginIdOfMessage'> & {
  name: Procedure
}
const CONSUMED_PROCEDURES: readonly ConsumedProcedure[] = [...QUEUED_PROCEDURES, helpDeskRecovery]

type Read =
  | { ok: true; procedure: ConsumedProcedure; request: unknown; meta: SubmissionMeta }
  | { ok: false }

function read(body: unknown): Read {
  const parsed = workMessage().safeParse(body)
  if (!parsed.success) return { ok: false }
  const procedure = CONSUMED_PROCEDURES.find((p) => p.name === parsed.data.procedure)
  if (!procedure) return { ok: false }
  return { ok: true, procedure, request: parsed.data.request, meta: parsed.data.meta }
}

/** A message whose work is done: acknowledged once its audit row is written with its batch's. */
interface Done {
  message: Message<unknown>
  audit: AuditRow
}

/** The audit row of a message's submission, written by the consumer when its work is done. */
const auditRow = (meta: SubmissionMeta, event: AuditEvent, now: number): AuditRow => ({
  ...event,
  occurredAt: now,
  requestId: meta.requestId,
  apiKeyId: meta.apiKeyId,
  clientHash: meta.clientHash,
  country: meta.country,
})

/** A work message read: its procedure, its metadata and its work (null if malformed). */
interface QueuedMessage {
  procedure: ConsumedProcedure
  meta: SubmissionMeta
  work: QueuedWork | null
}

/**
 * Reads a batch's work messages, each procedure's together: their work shares one read of what
 * it needs from D1, the procedure's batch read (docs/performance.md), so that a batch of N mismatches reads
 * once, not N times. Events and unreadable messages have none.
 */
function readWorks(
  messages: readonly Message<unknown>[],
  batch: WorkerServices,
): Map<Message<unknown>, QueuedMessage> {
  const readable = messages.flatMap((message) => {
    if (isEventMessage(message.body)) return []
    const work = read(message.body)
    return work.ok ? [{ message, requestId: work.meta.requestId, ...work }] : []
  })
  return new Map(
    CONSUMED_PROCEDURES.flatMap((procedure) => {
      const mine = readable.filter((one) => one.procedure === procedure)
      return procedure
        .worksOf(batch, mine)
        .map(
          ({ message: { message, meta }, work }) => [message, { procedure, meta, work }] as const,
        )
    }),
  )
}

/** Runs a work message's procedure; settles the message itself unless its work is done. */
async function consumeOne(
  message: Message<unknown>,
  queued: QueuedMessage | undefined,
  env: Env,
  deps: Dependencies,
): Promise<Done | null> {
  if (queued === undefined) {
    // Nothing can ever make it readable: dropped, and said so (without its content).
    deps.logger.error('work_message_malformed', { messageId: message.id })
    message.ack()
    return null
  }
  const { procedure, meta, work } = queued
  const ctx = serviceContext(env, deps, originOf(meta))
  if (work === null) {
    ctx.logger.error('work_message_malformed', { messageId: message.id, requestId: meta.requestId })
    message.ack()
    return null
  }
  const attempt = message.attempts
  try {
    const result = await work.run(ctx, { attempt, last: attempt > MAX_RETRIES })
    if ('retry' in result) {
      message.retry({ delaySeconds: retryDelaySeconds(attempt) })
      return null
    }
    // Before the acknowledgement: if enqueueing fails, the redelivered work finds what it did
    // and enqueues its events again, with the same webhook IDs.
    await enqueueEvents(ctx.workQueue, ctx, result.events ?? [])
    const event = { procedure: procedure.name, outcome: result.outcome, loginId: work.loginId }
    return { message, audit: auditRow(meta, event, ctx.now()) }
  } catch (error) {
    // D1 (the batch's read included) or the runtime failed: the whole work is tried again; after
    // the last retry it is a dead letter.
    ctx.logger.error('work_failed', {
      requestId: meta.requestId,
      procedure: procedure.name,
      attempt,
      error: errorKind(error),
    })
    message.retry({ delaySeconds: retryDelaySeconds(attempt) })
    return null
  }
}

/** A message that failed its last retry: logged without personal data, audited `failed`, acknowledged. */
async function consumeDeadLetter(
  message: Message<unknown>,
  deps: Dependencies,
): Promise<Done | null> {
  if (isEventMessage(message.body)) {
    logDeadEvent(deps.logger, message.body, message.attempts)
    message.ack()
    return null
  }
  const work = read(message.body)
  deps.logger.error('work_dead_lettered', {
    messageId: message.id,
    requestId: work.ok ? work.meta.requestId : undefined,
    procedure: work.ok ? work.procedure.name : undefined,
    attempts: message.attempts,
  })
  if (!work.ok) {
    message.ack()
    return null
  }
  const loginId = work.procedure.loginIdOfMessage(work.request)
  const event = { procedure: work.procedure.name, outcome: 'failed', loginId } as const
  return { message, audit: auditRow(work.meta, event, deps.now()) }
}

/** An event's message: one attempt to post it; a failed one is tried again later. */
async function consumeEvent(message: Message<unknown>, env: Env, deps: Dependencies) {
  const attempt = message.attempts
  if ((await deliverEvent(message.body, attempt, env, deps)) === 'ack') message.ack()
  else message.retry({ delaySeconds: retryDelaySeconds(attempt) })
  return null
}

/** A work queue batch: each event posted, each work message's procedure run. */
function consumeLive(
  messages: readonly Message<unknown>[],
  env: Env,
  deps: Dependencies,
  batch: WorkerServices,
): Promise<Done | null>[] {
  const works = readWorks(messages, batch)
  return messages.map((message) =>
    isEventMessage(message.body)
      ? consumeEvent(message, env, deps)
      : consumeOne(message, works.get(message), env, deps),
  )
}

/**
 * The Worker's `queue` handler: the work queue's messages run their procedure's account work or
 * post their event; the dead-letter queue's are recorded and dropped; the Email Service's
 * sending events update their e-mail's delivery outcome. The work of one procedure's
 * messages starts from one D1 read for all of them (`readWorks`), and the audit rows of the
 * batch's finished work are written together, in one D1 call (docs/performance.md: not one each per
 * message); then their messages are acknowledged. If that write fails, it is logged and the
 * messages are acknowledged all the same, as before: their work is done and its events are
 * enqueued, and a retry would redo that work for the row alone (or end as a dead letter audited
 * `failed`).
 */
export async function consumeQueue(
  batch: MessageBatch<unknown>,
  env: Env,
  deps: Dependencies,
): Promise<void> {
  if (batch.queue === EMAIL_EVENTS_QUEUE) return consumeSendingEvents(batch, env, deps)
  const services = serviceContext(env, deps)
  const keys = services.config.queueMessageKeys
  const messages = await Promise.all(batch.messages.map((message) => opened(message, keys)))
  const consumed = await Promise.all(
    batch.queue === DEAD_LETTER_QUEUE
      ? messages.map((message) => consumeDeadLetter(message, deps))
      : consumeLive(messages, env, deps, services),
  )
  const rows = consumed.filter((one) => one !== null)
  await recordAuditEvents(
    services,
    rows.map(({ audit }) => audit),
  )
  writeTrafficPoints(
    services.traffic,
    rows.map(({ audit }) => audit),
  )
  for (const { message } of rows) message.ack()
}
