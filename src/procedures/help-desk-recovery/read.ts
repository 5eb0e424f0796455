import { eq } from 'drizzle-orm'
import { accounts } from '../../db/schema'
import type { Database } from '../../platform/context'

/** The status of the account a login ID names; undefined when no account has it. */
export async function accountStatus(db: Database, loginId: string) {
  const [account] = await db
    .select({ status: accounts.status })
    .from(accounts)
    .where(eq(accounts.loginId, loginId))
  return account?.status
}
