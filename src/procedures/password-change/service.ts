import { and, isNull } from 'drizzle-orm'
import {
  hashChosenPassword,
  verifyChosenPasswordAtFixedCost,
} from '../../credentials/chosen-password'
import { contextWordsIn } from '../../credentials/context-words'
import { verifyInitializedPassword } from '../../credentials/keyed-hash'
import { type Account, initializedPasswords } from '../../db/schema'
import {
  composeCurrentPasswordSuspendedMail,
  composePasswordChangeRefusedMail,
} from '../../mail/compose'
import { publicUrl } from '../../platform/config'
import type { ServiceContext } from '../../platform/context'
import { passwordChangedMail } from '../password-changed-mail'
import { countConsecutiveFailure } from './failure-limit'
import { admitTry, type TryAdmission } from './lockout'
import { accountWithPasswords, type PasswordMatch, usableAt } from './read'
import type { PasswordChangeRequest } from './schema'
import { storeNewPassword } from './store'

export type PasswordChangeResult =
  | { outcome: 'changed'; account: Account; changedAt: number; passwordKind: PasswordMatch['kind'] }
  | (FailedTry & {
      /**
       * The password was right, but the new one holds the account's name or e-mail address: the
       * answer is a wrong password's, and this holder is told by e-mail (docs/passwords.md).
       */
      refusedFor?: Account
    })

/** What a login ID and password come to: the account, which password matched, and the lockout. */
export interface CredentialCheck {
  /** When the check was made: the moment every write that follows from it is dated. */
  now: number
  account: Account | undefined
  /** Null when nothing matched (or only the current password did while its tries are locked). */
  match: PasswordMatch | null
  /** The password matched and the account is active: what a change or a verification goes on with. */
  accepted: { account: Account; match: PasswordMatch } | null
  /** The current password matched but is stored at less than today's cost. */
  currentNeedsRehash: boolean
  admission: TryAdmission
  /** This wrong try was the 100th in a row: current-password tries are now suspended. */
  suspendedNow: boolean
}

/**
 * When a try that was wrong made its login ID locked (the fifth failure), and the login ID is an
 * account's: the lockout's end, for the `password_change.locked_out` event. Else null.
 */
const lockoutStartedUntil = ({ account, admission }: CredentialCheck): number | null =>
  account && admission.admitted ? admission.locksUntilIfWrong : null

/**
 * Checks a password for a login ID (docs/contract.md#password-change). The same work whatever the login ID names: one
 * batch for the lockout, one SELECT of the account with its usable initialized passwords (no row
 * for an unknown ID), a keyed hash per usable initialized password, exactly one Argon2id and one
 * PBKDF2 derivation (the current password's, or a dummy's when there is no account or its
 * current-password tries are locked out or suspended), and for a failing try one UPDATE of the
 * 100-in-a-row count. An initialized password matches even during a lockout.
 */
export async function checkCredentials(
  ctx: ServiceContext,
  { loginId, password, clientHash }: { loginId: string; password: string; clientHash: string },
  purpose: 'change' | 'verification' = 'change',
): Promise<CredentialCheck> {
  const now = ctx.now()
  const admission = await admitTry(ctx.db, { loginId, clientHash }, now)
  // An initialized password verifies once; after that it only sets a new password.
  const usable =
    purpose === 'verification'
      ? and(usableAt(now), isNull(initializedPasswords.verifiedAt))
      : usableAt(now)
  const rows = await accountWithPasswords(ctx.db, loginId, usable)
  const account = rows[0]?.account

  let initializedMatch: string | null = null
  for (const { initialized } of rows) {
    if (
      initialized &&
      (await verifyInitializedPassword(
        password,
        initialized.hash,
        ctx.config.initializedPasswordKeys,
      )) &&
      initializedMatch === null
    ) {
      initializedMatch = initialized.id
    }
  }
  // No current password, tries of it locked out or suspended: a dummy stands in, at the same cost.
  const currentHash =
    admission.admitted && account?.passwordHash && account.currentPasswordSuspendedAt === null
      ? account.passwordHash
      : null
  const current = await verifyChosenPasswordAtFixedCost(
    password,
    currentHash,
    ctx.config.passwordPeppers,
    ctx.kdf,
  )
  const currentMatches = current.valid && currentHash !== null

  const match: PasswordMatch | null =
    initializedMatch !== null
      ? { kind: 'initialized', id: initializedMatch }
      : currentMatches
        ? { kind: 'current', hash: currentHash }
        : null
  // A try that was checked and fails (no match, or an inactive account) counts toward the 100
  // in a row: the same UPDATE for any login ID, known or not.
  const accepted = match !== null && account?.status === 'active' ? { account, match } : null
  const suspendedNow =
    admission.admitted && !accepted
      ? await countConsecutiveFailure(ctx.db, loginId, now, admission.countsTowardSuspension)
      : false
  return {
    now,
    account,
    match,
    accepted,
    currentNeedsRehash: currentMatches && current.needsRehash,
    admission,
    suspendedNow,
  }
}

/**
 * Runs one password change whose new password is already valid (schema.ts): checks the entered
 * password (checkCredentials) and on a match stores the new password's hash and revokes every
 * initialized password. The caller answers and e-mails.
 */
export async function changePassword(
  ctx: ServiceContext,
  request: PasswordChangeRequest,
): Promise<PasswordChangeResult> {
  const check = await checkCredentials(ctx, { ...request, clientHash: await ctx.client.hash() })
  const { now } = check
  if (check.accepted) {
    const { account, match } = check.accepted
    // Only now is it known whose words to refuse (ASVS 6.2.11). The refusal is a failed try in
    // every way a stranger could see: the same answer, statements and counts as a wrong password,
    // so it tells nobody that the password was right (docs/passwords.md).
    const contextWords = contextWordsIn(request.newPassword, {
      givenName: account.contactGivenName,
      familyName: account.contactFamilyName,
      email: account.contactEmail,
    })
    if (contextWords.length > 0) {
      const suspendedNow = check.admission.admitted
        ? await countConsecutiveFailure(
            ctx.db,
            account.loginId,
            now,
            check.admission.countsTowardSuspension,
          )
        : false
      return { ...failedTry({ ...check, suspendedNow }), refusedFor: account }
    }
    const newHash = await hashChosenPassword(request.newPassword, ctx.config.passwordPeppers)
    if (await storeNewPassword(ctx.db, { account, match, newHash, now })) {
      return { outcome: 'changed', account, changedAt: now, passwordKind: match.kind }
    }
  }
  // A wrong try stays among the failures; it uses up nothing.
  return failedTry(check)
}

/** A try that changed or verified nothing, one of each kind (shared with the verification). */
export type FailedTry =
  | { outcome: 'locked_out'; lockedUntil: number }
  | {
      outcome: 'wrong_password' | 'no_match' | 'inactive'
      /** When this wrong try locked an account's current-password tries: until when (docs/contract.md#events-for-the-system-of-record). */
      lockoutStartedUntil: number | null
      /** This try was the 100th wrong one in a row for this account; its holder is to be told. */
      suspendedAccount: Account | null
    }

/** What a check that matched no usable password of an active account comes to. */
export function failedTry(check: CredentialCheck): FailedTry {
  const { account, admission } = check
  if (!admission.admitted) return { outcome: 'locked_out', lockedUntil: admission.lockedUntil }
  const lockout = lockoutStartedUntil(check)
  const suspendedAccount = check.suspendedNow ? (account ?? null) : null
  if (!account) return { outcome: 'no_match', lockoutStartedUntil: lockout, suspendedAccount }
  if (account.status !== 'active') {
    return { outcome: 'inactive', lockoutStartedUntil: lockout, suspendedAccount }
  }
  return { outcome: 'wrong_password', lockoutStartedUntil: lockout, suspendedAccount }
}

/** E-mails the registered address that its password was changed, in the account's language. */
export async function sendPasswordChangedMail(
  ctx: ServiceContext,
  account: Account,
  changedAt: number,
): Promise<void> {
  await ctx.mailer.send(passwordChangedMail(ctx.config, account, changedAt))
}

/** E-mails the registered address that current-password tries stopped (100 wrong in a row). */
export async function sendCurrentPasswordSuspendedMail(
  ctx: ServiceContext,
  account: Account,
): Promise<void> {
  const mail = composeCurrentPasswordSuspendedMail({
    locale: account.locale,
    serviceName: ctx.config.serviceName,
    loginId: account.loginId,
    passwordInitializationUrl: publicUrl(ctx.config, '/password/initialize'),
  })
  await ctx.mailer.send({ to: account.contactEmail, ...mail })
}

/**
 * E-mails the registered address that its password was entered but the change was refused (the
 * new password held the account's name or e-mail address), in the account's language.
 */
export async function sendPasswordChangeRefusedMail(
  ctx: ServiceContext,
  account: Account,
  enteredAt: number,
): Promise<void> {
  const mail = composePasswordChangeRefusedMail({
    locale: account.locale,
    serviceName: ctx.config.serviceName,
    loginId: account.loginId,
    enteredAt: new Date(enteredAt),
    passwordInitializationUrl: publicUrl(ctx.config, '/password/initialize'),
  })
  await ctx.mailer.send({ to: account.contactEmail, ...mail })
}
