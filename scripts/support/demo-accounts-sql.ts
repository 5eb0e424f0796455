// The SQL that loads the demo accounts (docs/contract.md#accounts): `npm run db:seed:local`
// (scripts/seed.ts) runs it, and the browser tests' setup (e2e/global-setup.ts) runs it with
// the migrations. INSERT OR IGNORE: accounts that exist are left as they are.
import { DEMO_ACCOUNTS, DEMO_PASSWORD_HASH } from '../../src/db/demo-accounts.ts'

const quote = (value: string | null) =>
  value === null ? 'NULL' : `'${value.replaceAll("'", "''")}'`

/** One INSERT a line, each ending in `;`, created and updated at `now`. */
export function demoAccountsSql(now: number): string {
  const statements = DEMO_ACCOUNTS.map(
    (a) =>
      'INSERT OR IGNORE INTO accounts (login_id, kind, status, locale, organization_name, password_hash, ' +
      'contact_given_name, contact_family_name, contact_phone, contact_email, created_at, updated_at) VALUES (' +
      [
        a.loginId,
        a.kind,
        a.status,
        a.locale,
        a.organizationName,
        DEMO_PASSWORD_HASH,
        a.contactGivenName,
        a.contactFamilyName,
        a.contactPhone,
        a.contactEmail,
      ]
        .map(quote)
        .join(', ') +
      `, ${now}, ${now});`,
  )
  return `${statements.join('\n')}\n`
}

/** How many accounts that SQL loads. */
export const DEMO_ACCOUNT_COUNT = DEMO_ACCOUNTS.length
