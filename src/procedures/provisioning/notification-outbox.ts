import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm'
import {
  type AccountNotification,
  accountNotifications,
  PASSWORD_APPLIED_NOTICE,
} from '../../db/schema'
import { enqueueEvents } from '../../events/publish'
import type { ServiceContext } from '../../platform/context'
import { errorKind } from '../../platform/log'
import type { WorkQueue } from '../../platform/work-queue'
import { passwordChangedMail } from '../password-changed-mail'
import { passwordAppliedEvents } from './password-applied'
import { getAccount } from './service'

/** Tries of one row before it is given up (logged, and left unsent with its `last_error`). */
export const NOTICE_MAX_ATTEMPTS = 5
/**
 * Rows one cron run takes: about three D1 queries, a queue send and an e-mail each, well under
 * an invocation's 1,000 subrequests; the rest wait for the next run (docs/operations.md).
 */
export const NOTICES_PER_RUN = 50

/**
 * How long a run's claim keeps other runs off a row: longer than a run takes (seconds), shorter
 * than the five minutes between runs, so a row whose run died is tried by the next one.
 */
export const NOTICE_CLAIM_MS = 4 * 60_000

/** What the drain needs: the services of a request, and the queue its events go on. */
export type OutboxServices = Pick<ServiceContext, 'db' | 'mailer' | 'config' | 'now' | 'logger'> & {
  workQueue: WorkQueue
}

export interface DrainResult {
  sent: number
  failed: number
  skipped: number
}

/**
 * Sends what the import's outbox holds (docs/decisions/027-import-notification-outbox.md): for
 * each unsent row, fewest tries and oldest first, the `password.changed` event and the holder's
 * e-mail that `PUT` sends (`passwordAppliedEvents`, `passwordChangedMail`), then marks it sent.
 * Each row is claimed first (its `attempts` raised and the claim dated only if no run holds it),
 * so neither a repeated run nor one that overlaps another sends it twice; a failed try is tried
 * again next run, up to NOTICE_MAX_ATTEMPTS. A row of an unknown kind or login ID is given up at
 * once. The logs name the row's ID, never the account.
 */
export async function drainAccountNotifications(services: OutboxServices): Promise<DrainResult> {
  const { db } = services
  const result: DrainResult = { sent: 0, failed: 0, skipped: 0 }
  const rows = await db
    .select()
    .from(accountNotifications)
    .where(
      and(
        isNull(accountNotifications.sentAt),
        lt(accountNotifications.attempts, NOTICE_MAX_ATTEMPTS),
        unclaimedSince(services.now()),
      ),
    )
    .orderBy(asc(accountNotifications.attempts), asc(accountNotifications.id))
    .limit(NOTICES_PER_RUN)
  for (const row of rows) {
    if (!(await claim(services, row))) continue
    const outcome = await sendOne(services, row)
    result[outcome]++
  }
  return result
}

/** Not taken by a run within the lease: never, or NOTICE_CLAIM_MS ago or longer. */
const unclaimedSince = (now: number) =>
  or(
    isNull(accountNotifications.claimedAt),
    lte(accountNotifications.claimedAt, now - NOTICE_CLAIM_MS),
  )

/**
 * Takes the row for this run: raises its attempts and dates the claim, if it is still unsent,
 * as read and unclaimed; false when another run has it.
 */
async function claim(services: OutboxServices, row: AccountNotification): Promise<boolean> {
  const now = services.now()
  const claimed = await services.db
    .update(accountNotifications)
    .set({ attempts: row.attempts + 1, claimedAt: now })
    .where(
      and(
        eq(accountNotifications.id, row.id),
        isNull(accountNotifications.sentAt),
        eq(accountNotifications.attempts, row.attempts),
        unclaimedSince(now),
      ),
    )
    .returning({ id: accountNotifications.id })
  return claimed.length === 1
}

const isPasswordApplied = (row: AccountNotification) =>
  row.kind === PASSWORD_APPLIED_NOTICE.kind && row.source === PASSWORD_APPLIED_NOTICE.source

async function sendOne(
  services: OutboxServices,
  row: AccountNotification,
): Promise<keyof DrainResult> {
  const { db, logger } = services
  const account = isPasswordApplied(row) ? await getAccount(db, row.loginId) : undefined
  if (account === undefined) {
    const reason = isPasswordApplied(row) ? 'unknown_account' : 'unknown_kind'
    await db
      .update(accountNotifications)
      .set({ attempts: NOTICE_MAX_ATTEMPTS, lastError: reason })
      .where(eq(accountNotifications.id, row.id))
    logger.warn('account_notification_skipped', { notification: row.id, reason })
    return 'skipped'
  }
  try {
    // The event first: its webhook ID comes from the row, so a retry that enqueues it again is
    // dropped by the receiver as a duplicate, while the e-mail goes out once it is sent.
    const eventContext = {
      config: services.config,
      now: services.now,
      requestId: `account-notification:${row.id}`,
    }
    await enqueueEvents(services.workQueue, eventContext, passwordAppliedEvents(account.loginId))
    await services.mailer.send(passwordChangedMail(services.config, account, row.passwordChangedAt))
    await db
      .update(accountNotifications)
      .set({ sentAt: services.now(), lastError: null })
      .where(eq(accountNotifications.id, row.id))
    return 'sent'
  } catch (error) {
    const kind = errorKind(error)
    await db
      .update(accountNotifications)
      .set({ lastError: kind })
      .where(eq(accountNotifications.id, row.id))
    const attempts = row.attempts + 1
    const fields = { notification: row.id, attempts, error: kind }
    if (attempts >= NOTICE_MAX_ATTEMPTS) logger.error('account_notification_gave_up', fields)
    else logger.warn('account_notification_failed', fields)
    return 'failed'
  }
}
