import { and, eq, inArray, or } from 'drizzle-orm'
import { commonPasswordLookup } from '../../credentials/common-passwords'
import { commonPasswords } from '../../db/schema'
import type { Database } from '../../platform/context'

/**
 * True when the password is on the blocklist (credentials/common-passwords.ts has the four
 * rules): at most one D1 query, point lookups on the table's key for the normalized password, its
 * core and the unit its core repeats; none when a short unit repeated already makes it common.
 *
 * @example
 * await isCommonPassword(db, 'ManchesterUnited') // true (rule 1)
 * await isCommonPassword(db, 'violet harbour kettle') // false
 */
export async function isCommonPassword(db: Database, password: string): Promise<boolean> {
  const lookup = commonPasswordLookup(password)
  if (lookup.repeatsShortUnit) return true
  const { whole, cores } = lookup
  const rows = await db
    .select({ part: commonPasswords.part })
    .from(commonPasswords)
    .where(
      or(
        and(eq(commonPasswords.part, 'whole'), eq(commonPasswords.value, whole)),
        cores.length > 0
          ? and(eq(commonPasswords.part, 'core'), inArray(commonPasswords.value, cores))
          : undefined,
      ),
    )
    .limit(1)
  return rows.length > 0
}
