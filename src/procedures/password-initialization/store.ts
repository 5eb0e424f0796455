import { and, eq, sql } from 'drizzle-orm'
import { deliveryCapIsFree, issuerShareIsFree } from '../../db/delivery-cap'
import { accounts, initializedPasswords } from '../../db/schema'
import type { Database } from '../../platform/context'

/** An initialized password to store: its row's id is the request ID. */
interface Issue {
  id: string
  loginId: string
  passwordHash: string
  issuedAt: number
  expiresAt: number
  /** The client the cap's share counts it against: its keyed hash, or `key:<id>` for an API key. */
  issuer: string
}

/**
 * A first issue: one conditional INSERT … SELECT that re-checks the cap, so concurrent messages
 * for one account issue at most one (docs/contract.md#initialized-passwords). False, having
 * written nothing, when the cap is spent.
 */
export async function storeIssued(db: Database, issue: Issue): Promise<boolean> {
  const { id, loginId, passwordHash, issuedAt, expiresAt, issuer } = issue
  // Every column, as Drizzle wants them: the row is written only while the cap is free.
  const stored = await db.insert(initializedPasswords).select(
    db
      .select({
        id: sql<string>`${id}`.as('id'),
        loginId: accounts.loginId,
        passwordHash: sql<string>`${passwordHash}`.as('password_hash'),
        issuedAt: sql<number>`${issuedAt}`.as('issued_at'),
        expiresAt: sql<number>`${expiresAt}`.as('expires_at'),
        usedAt: sql<null>`NULL`.as('used_at'),
        verifiedAt: sql<null>`NULL`.as('verified_at'),
        revokedAt: sql<null>`NULL`.as('revoked_at'),
        revokedReason: sql<null>`NULL`.as('revoked_reason'),
        deliveryState: sql<'pending'>`'pending'`.as('delivery_state'),
        deliveryError: sql<null>`NULL`.as('delivery_error'),
        issuerClientHash: sql<string>`${issuer}`.as('issuer_client_hash'),
        messageId: sql<null>`NULL`.as('message_id'),
        deliveryOutcome: sql<null>`NULL`.as('delivery_outcome'),
      })
      .from(accounts)
      .where(
        and(
          eq(accounts.loginId, loginId),
          deliveryCapIsFree(initializedPasswords, {
            key: [initializedPasswords.loginId, loginId],
            time: [initializedPasswords.issuedAt, issuedAt],
          }),
          issuerShareIsFree(initializedPasswords, {
            key: [initializedPasswords.loginId, loginId],
            issuer: [initializedPasswords.issuerClientHash, issuer],
            time: [initializedPasswords.issuedAt, issuedAt],
          }),
        ),
      ),
  )
  return stored.meta.changes === 1
}

/**
 * A retry: the row whose e-mail was refused gets the new hash and expiry. False when it is no
 * longer waiting for a retry.
 */
export async function storeReissued(
  db: Database,
  reissue: Pick<Issue, 'id' | 'passwordHash' | 'expiresAt'>,
): Promise<boolean> {
  const { id, passwordHash, expiresAt } = reissue
  const stored = await db
    .update(initializedPasswords)
    .set({ passwordHash, expiresAt, deliveryState: 'pending' })
    .where(and(eq(initializedPasswords.id, id), eq(initializedPasswords.deliveryState, 'retrying')))
  return stored.meta.changes === 1
}

/** What became of the e-mail of the initialized password `id`: sent, to retry, or failed (revoked). */
export async function markDelivery(
  db: Database,
  id: string,
  state: Partial<
    Pick<
      typeof initializedPasswords.$inferInsert,
      'deliveryState' | 'deliveryError' | 'messageId' | 'revokedAt' | 'revokedReason'
    >
  >,
): Promise<void> {
  await db.update(initializedPasswords).set(state).where(eq(initializedPasswords.id, id))
}
