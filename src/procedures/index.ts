import { loginIdNotification } from './login-id-notification'
import { passwordInitialization } from './password-initialization'
import type { AnyQueuedProcedure } from './queued-procedure'

/** The procedures whose account work runs on the queue: the app mounts them, the consumer runs them. */
export const QUEUED_PROCEDURES: readonly AnyQueuedProcedure[] = [
  passwordInitialization,
  loginIdNotification,
]
