// The description of a procedure whose account work runs on the queue: types only, so that its
// routes (queued-routes.ts) and its consumer's handler (queued-procedure.ts) name it apart.
import type { Context } from 'hono'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type * as z from 'zod/mini'
import type { Outcome } from '../db/audit'
import type { ServiceEvent } from '../events/catalog'
import type { AppEnv, ServiceContext } from '../platform/context'
import type { ShownError } from '../views/form'
import type { BatchRead, BatchReadContext, QueuedRequest } from './batch-read'
import type { FormValues } from './contact-form'

/** What only a route's own description can say of its operation; src/openapi/entry.ts builds the rest. */
export interface OperationDescription {
  operationId: string
  summary: string
  description: string
  /** Request examples by name; tests post each one to the live route. */
  examples: Record<string, { summary: string; value: object }>
}

/** Which delivery of a queue message this is (docs/contract.md#account-work-on-the-queue: transient failures are tried again). */
export interface Delivery {
  /** 1 for the first delivery. */
  attempt: number
  /** No retry follows this one: a transient failure now is given up as permanent. */
  last: boolean
}

/**
 * What the consumer does with a message: enqueue the events that followed (docs/contract.md#events-for-the-system-of-record), record the
 * outcome and acknowledge; or try it later.
 */
export type WorkResult = { outcome: Outcome; events?: readonly ServiceEvent[] } | { retry: true }

/** A queue message's work, its request read: runs once the read of its batch is in. */
export interface QueuedWork {
  /** The login ID the request names, for the audit row. */
  loginId: string | null
  /** The account work; fails as its own read would have when the batch's read fails. */
  run: (ctx: ServiceContext, delivery: Delivery) => Promise<WorkResult>
}

/**
 * One procedure whose account work runs on the queue (docs/contract.md#account-work-on-the-queue), described once: from this the
 * form route, the JSON route, the consumer's handler and the OpenAPI entry are all made.
 */
export interface QueuedProcedure<Request extends object, Preread> {
  name: 'password_initialization' | 'login_id_notification'
  /** Where the form lives, e.g. `/password/initialize` (its confirmation page is `${path}/sent`). */
  path: string
  /** The JSON route under `/api/v1`, e.g. `/password-initializations`. */
  apiPath: string
  /** The form post, validated and normalized into the request; built on first use (`lazy`). */
  formSchema: () => z.ZodMiniType<Request>
  /**
   * The JSON body (strict), into the same request; the consumer reads messages with it too.
   * Built on first use (`lazy`).
   */
  jsonSchema: () => z.ZodMiniType<Request & { locale?: string | undefined }>
  /** The login ID the submission names, for the per-login-ID limit and the audit trail. */
  loginIdOf: (request: Request) => string | null
  /** What the account work reads first, for a whole batch of messages in one D1 call. */
  readBatch: BatchRead<Request, Preread>
  /** The account work, in the queue's consumer, with its request's share of the batch read. */
  run: (
    ctx: ServiceContext,
    request: Request,
    delivery: Delivery,
    preread: Preread,
  ) => Promise<WorkResult>
  /**
   * What a form post accepted onto the queue also does to its answer, the same whatever the
   * account work will find (the password initialization remembers the typed login ID).
   */
  onFormAccepted?: (c: Context<AppEnv>, request: Request) => Promise<void>
  renderForm: (c: Context<AppEnv>, values: FormValues, errors: ShownError[]) => JSX.Element
  renderSent: (c: Context<AppEnv>) => JSX.Element
  /** What only this procedure says in the OpenAPI document; read by `npm run build:openapi`. */
  openapi: () => OperationDescription
}

/** A queued procedure of any request type, as the app and the consumer hold them side by side. */
export interface AnyQueuedProcedure {
  name: QueuedProcedure<object, unknown>['name']
  path: string
  apiPath: string
  /**
   * Reads a batch's queue messages of this procedure with the JSON schema (once each): each
   * message's work, null if its request is malformed. Their batch read is made once, when the
   * first of them runs.
   */
  worksOf: <Message extends QueuedRequest<unknown>>(
    ctx: BatchReadContext,
    messages: readonly Message[],
  ) => { message: Message; work: QueuedWork | null }[]
  /** The login ID of a queue message's request, for the audit trail of a dead letter. */
  loginIdOfMessage: (request: unknown) => string | null
  /** The JSON body's schema, as its JSON route validates with it. */
  jsonSchema: () => z.ZodMiniType
  /**
   * What only this procedure says in the OpenAPI document: `npm run build:openapi` makes its JSON
   * route's entry from it (src/openapi/queued-procedures.ts); the Worker never calls it.
   */
  openapi: () => OperationDescription
}
