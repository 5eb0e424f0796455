import type { ServiceEvent } from '../../events/catalog'

/**
 * The system of record's event when a hash from it was applied, by either way in (`PUT` after its
 * answer, the import's outbox from the cron): `password.changed`, source `system_of_record`. The
 * holder's e-mail is `passwordChangedMail` (src/procedures/password-changed-mail.ts).
 */
export const passwordAppliedEvents = (loginId: string): ServiceEvent[] => [
  {
    type: 'password.changed',
    data: { loginId, passwordKind: 'current', source: 'system_of_record' },
  },
]
