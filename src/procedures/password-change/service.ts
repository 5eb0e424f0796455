import { and, eq, exists, gt, isNull, lt, type SQL, sql } from 'drizzle-orm'
import { hashPassword, verifyPassword } from '../../credentials/hash'
import { type Account, accounts, initializedPasswords } from '../../db/schema'
import { composePasswordChangedMail } from '../../mail/compose'
import { publicUrl } from '../../platform/config'
import type { Database, ServiceContext } from '../../platform/context'
import { admitTry, forgetTry } from './lockout'
import type { PasswordChangeRequest } from './schema'

/** SPEC 4.4: an initialized password allows at most 5 wrong tries. */
export const INITIALIZED_PASSWORD_MAX_WRONG_TRIES = 5

/**
 * PBKDF2 runs per try, whatever the login ID names (the current password, each usable initialized
 * one, and a dummy hash for what is missing), so the time taken does not tell an unknown login
 * ID from a known one, nor whether an initialized password is pending.
 */
const VERIFICATIONS_PER_TRY = 2

/** A PBKDF2 hash (100,000 iterations, like every stored one) of a random value nobody knows. */
const DUMMY_PASSWORD_HASH =
  '$pbkdf2-sha256$i=100000$+h0/kSJ06e2PcgX097nHcA$RmlxDVNt+dt3pvoVukx/uijsQEhCREBfKaPC8xkObCw'

export type PasswordChangeResult =
  | { outcome: 'changed'; account: Account; changedAt: number }
  | { outcome: 'wrong_password' | 'no_match' | 'inactive' }
  | { outcome: 'locked_out'; lockedUntil: number }

type PasswordMatch = { kind: 'initialized'; id: string } | { kind: 'current'; hash: string }

/** SPEC 4.4: unused, unrevoked, unexpired, and fewer than 5 wrong tries. */
const usableAt = (now: number) =>
  and(
    isNull(initializedPasswords.usedAt),
    isNull(initializedPasswords.revokedAt),
    gt(initializedPasswords.expiresAt, now),
    lt(initializedPasswords.wrongTries, INITIALIZED_PASSWORD_MAX_WRONG_TRIES),
  )

/**
 * Runs one password change whose new password is already valid (schema.ts): unless the login ID
 * is locked, checks the entered password against the account's usable initialized passwords and
 * its current password, and on a match stores the new password's hash and revokes every
 * initialized password. The caller answers and e-mails.
 */
export async function changePassword(
  ctx: ServiceContext,
  request: PasswordChangeRequest,
): Promise<PasswordChangeResult> {
  const now = ctx.now()
  const admission = await admitTry(ctx.db, request.loginId, now)
  if (!admission.admitted) return { outcome: 'locked_out', lockedUntil: admission.lockedUntil }

  const account = await ctx.db.query.accounts.findFirst({
    where: eq(accounts.loginId, request.loginId),
  })
  const usable = account
    ? await ctx.db
        .select({ id: initializedPasswords.id, hash: initializedPasswords.passwordHash })
        .from(initializedPasswords)
        .where(and(eq(initializedPasswords.loginId, account.loginId), usableAt(now)))
    : []
  const match = await matchPassword(request.password, account, usable)

  if (account && account.status === 'active' && match) {
    const newHash = await hashPassword(request.newPassword)
    if (await storeNewPassword(ctx.db, { account, match, newHash, tryId: admission.tryId, now })) {
      return { outcome: 'changed', account, changedAt: now }
    }
  }

  // A wrong try: it stays among the failures, and counts against each usable initialized one.
  await ctx.db
    .update(initializedPasswords)
    .set({ wrongTries: sql`${initializedPasswords.wrongTries} + 1` })
    .where(and(eq(initializedPasswords.loginId, request.loginId), usableAt(now)))
  if (!account) return { outcome: 'no_match' }
  if (account.status !== 'active') return { outcome: 'inactive' }
  return { outcome: 'wrong_password' }
}

/**
 * Which stored password the entered one is, verifying every candidate (none is skipped once one
 * matched) and a dummy for each missing one, so the work does not depend on the result.
 * Initialized passwords come first: when one matches, it is the one used up.
 */
async function matchPassword(
  password: string,
  account: Account | undefined,
  usable: ReadonlyArray<{ id: string; hash: string }>,
): Promise<PasswordMatch | null> {
  const candidates: Array<{ match: PasswordMatch | null; hash: string }> = [
    ...usable.map(({ id, hash }) => ({ match: { kind: 'initialized' as const, id }, hash })),
    ...(account?.passwordHash
      ? [
          {
            match: { kind: 'current' as const, hash: account.passwordHash },
            hash: account.passwordHash,
          },
        ]
      : []),
  ]
  while (candidates.length < VERIFICATIONS_PER_TRY) {
    candidates.push({ match: null, hash: DUMMY_PASSWORD_HASH })
  }
  let found: PasswordMatch | null = null
  for (const candidate of candidates) {
    if ((await verifyPassword(password, candidate.hash)) && found === null) found = candidate.match
  }
  return found
}

/**
 * Stores the new password in one D1 batch (a transaction): the account's hash changes only if the
 * matched password is still what it was (the initialized one still usable, or the current hash
 * unchanged), the initialized one is used up by one conditional UPDATE, and every other unused
 * one is revoked. Of concurrent posts with one password, only the first changes anything.
 * Returns whether the change was made.
 */
async function storeNewPassword(
  db: Database,
  change: { account: Account; match: PasswordMatch; newHash: string; tryId: string; now: number },
): Promise<boolean> {
  const { account, match, newHash, tryId, now } = change
  // The new hash has a fresh salt, so finding it on the account means this change was made.
  const changeMade: SQL = exists(
    db
      .select({ loginId: accounts.loginId })
      .from(accounts)
      .where(and(eq(accounts.loginId, account.loginId), eq(accounts.passwordHash, newHash))),
  )
  const revokeUnused = db
    .update(initializedPasswords)
    .set({ revokedAt: now, revokedReason: 'password_changed' })
    .where(
      and(
        eq(initializedPasswords.loginId, account.loginId),
        isNull(initializedPasswords.usedAt),
        isNull(initializedPasswords.revokedAt),
        changeMade,
      ),
    )
  const setHash = (stillValid: SQL) =>
    db
      .update(accounts)
      .set({ passwordHash: newHash, updatedAt: now })
      .where(and(eq(accounts.loginId, account.loginId), eq(accounts.status, 'active'), stillValid))

  if (match.kind === 'current') {
    const [updated] = await db.batch([
      setHash(eq(accounts.passwordHash, match.hash)),
      revokeUnused,
      forgetTry(db, tryId, changeMade),
    ])
    return updated.meta.changes === 1
  }

  const thisOneUsable = and(eq(initializedPasswords.id, match.id), usableAt(now))
  const [updated, consumed] = await db.batch([
    setHash(
      exists(
        db.select({ id: initializedPasswords.id }).from(initializedPasswords).where(thisOneUsable),
      ),
    ),
    // Consuming: one conditional UPDATE, so the initialized password works once.
    db.update(initializedPasswords).set({ usedAt: now }).where(thisOneUsable),
    revokeUnused,
    forgetTry(db, tryId, changeMade),
  ])
  return updated.meta.changes === 1 && consumed.meta.changes === 1
}

/** E-mails the registered address that its password was changed, in the account's language. */
export async function sendPasswordChangedMail(
  ctx: ServiceContext,
  account: Account,
  changedAt: number,
): Promise<void> {
  const mail = composePasswordChangedMail({
    locale: account.locale,
    serviceName: ctx.config.serviceName,
    loginId: account.loginId,
    changedAt: new Date(changedAt),
    passwordInitializationUrl: publicUrl(ctx.config, '/password/initialize'),
  })
  await ctx.mailer.send({ to: account.contactEmail, ...mail })
}
