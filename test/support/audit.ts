import type { Procedure } from '../../src/db/audit'
import type { initializedPasswords, loginIdNotifications } from '../../src/db/schema'
import type { FormPost } from './fixtures'
import { db } from './rows'

// What the tests of src/db/ share: the clients, the personal data no row may hold, the form procedures.

export const CLIENT_IP = '203.0.113.7'

export const OTHER_IP = '198.51.100.23'

/** What the posts below submit, in every form: none of it may reach the audit trail. */
export const SUBMITTED_PERSONAL_DATA = [
  '@',
  'example.',
  'taro',
  'koku',
  'ken',
  'yama',
  '+819012345678',
  '819012345678',
  '09012345678',
  '9012345678',
  '090-1234-5678',
  '+819011112222',
  '9011112222',
  '1111-2222',
  CLIENT_IP,
  OTHER_IP,
]

/** The procedures people reach through a form (the credential verification has its own tests). */
export type FormProcedure = Exclude<
  Procedure,
  | 'credential_verification'
  | 'account_provisioning'
  | 'account_import'
  | 'api_key'
  | 'help_desk_recovery'
>

export interface OutcomeCase {
  procedure: FormProcedure
  outcome: string
  /** What leads to the outcome, for the test's name. */
  what: string
  /** The submission whose event is looked at. */
  post: FormPost
  status: number
  loginId: string | null
  env?: Partial<Env>
  /** Submissions made first (each leaves its own event). */
  before?: FormPost[]
  mailerFails?: boolean
}

export const PATHS: Record<FormProcedure, string> = {
  password_initialization: '/password/initialize',
  login_id_notification: '/login-id/notify',
  password_change: '/password/change',
}

export async function ids(table: typeof initializedPasswords | typeof loginIdNotifications) {
  const rows = await db.select({ id: table.id }).from(table).orderBy(table.id)
  return rows.map((row) => row.id)
}
