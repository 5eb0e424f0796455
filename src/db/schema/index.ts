import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { LOCALES } from '../../i18n/locales'
import { epochMs } from './columns'

// The accounts database's schema (binding `DB`), which drizzle-kit generates migrations/ from
// (drizzle.config.ts): the accounts and their passwords here, the other subjects in the files it
// re-exports. The audit database's tables are in audit-tables.ts (binding `AUDIT_DB`,
// migrations-audit/, drizzle-audit.config.ts; docs/decisions/029-audit-database.md).
export * from './api-key-tables'
export * from './outbox-tables'

/**
 * Where an e-mail is: `pending` (being sent; after a crash, unknown), `retrying` (the Email
 * Service refused it for now: not sent, tried again later), `sent`, or `failed` (given up).
 */
export const DELIVERY_STATES = ['pending', 'retrying', 'sent', 'failed'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

/**
 * What the Email Service reported after it accepted an e-mail, from its sending events
 * (docs/operations.md#delivery-outcomes); null until the first event arrives.
 */
export const DELIVERY_OUTCOMES = [
  'delivered',
  'deferred',
  'bounced',
  'failed',
  'rejected',
  'complained',
] as const
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number]

/**
 * An account and its registered contact: the holder for an individual, the person in charge for
 * an organization. The contact is only ever read here; this service never changes it.
 */
export const accounts = sqliteTable(
  'accounts',
  {
    loginId: text('login_id').primaryKey(),
    kind: text('kind', { enum: ['individual', 'organization'] }).notNull(),
    status: text('status', { enum: ['active', 'locked', 'closed'] }).notNull(),
    locale: text('locale', { enum: LOCALES }).notNull(),
    organizationName: text('organization_name'),
    /** PHC string; null: no current password until one is set with an initialized password. */
    passwordHash: text('password_hash'),
    /**
     * When the current password was set, here or in the system of record: the newest wins
     * (docs/accounts-import.md, "The newest password wins").
     */
    passwordChangedAt: epochMs('password_changed_at'),
    /** Wrong current-password tries in a row since the last success (NIST SP 800-63B-4 3.2.2). */
    failedPasswordTries: integer('failed_password_tries').notNull().default(0),
    /** Set at the 100th: current-password tries are refused until a password change succeeds. */
    currentPasswordSuspendedAt: epochMs('current_password_suspended_at'),
    contactGivenName: text('contact_given_name').notNull(),
    contactFamilyName: text('contact_family_name').notNull(),
    /** E.164, e.g. +819012345678 */
    contactPhone: text('contact_phone').notNull(),
    contactEmail: text('contact_email').notNull(),
    /**
     * When mail to contact_email bounced hard (docs/operations.md#delivery-outcomes); cleared
     * when the system of record sends another address.
     */
    emailBouncedAt: epochMs('email_bounced_at'),
    createdAt: epochMs('created_at').notNull(),
    updatedAt: epochMs('updated_at').notNull(),
  },
  (t) => [index('accounts_contact_phone_idx').on(t.contactPhone)],
)

/**
 * Initialized passwords, one row per issuance, its id the request ID of the submission that
 * issued it (so a redelivered queue message finds its own row). Only a salted, keyed hash is
 * stored (`$hmac-sha256$…`). A row is usable while used_at and revoked_at are null and expires_at
 * is in the future; wrong tries never use one up (docs/contract.md#initialized-passwords).
 */
export const initializedPasswords = sqliteTable(
  'initialized_passwords',
  {
    id: text('id').primaryKey(),
    loginId: text('login_id')
      .notNull()
      .references(() => accounts.loginId),
    passwordHash: text('password_hash').notNull(),
    issuedAt: epochMs('issued_at').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
    usedAt: epochMs('used_at'),
    /**
     * When credential verification first answered `valid` for it: it verifies once, and then
     * only sets a new password on the password change (docs/passwords.md).
     */
    verifiedAt: epochMs('verified_at'),
    revokedAt: epochMs('revoked_at'),
    /**
     * Why it stopped working early: mail_failed, password_changed, account_closed,
     * account_locked, contact_changed, bounced, complained (superseded in rows from before).
     */
    revokedReason: text('revoked_reason'),
    deliveryState: text('delivery_state', { enum: DELIVERY_STATES }).notNull().default('pending'),
    /** A short, personal-data-free reason when delivery failed. */
    deliveryError: text('delivery_error'),
    /**
     * Who asked for it: the keyed hash of the client's address, or `key:<id>` for an API key;
     * one issuer spends at most two of an account's daily issuances (src/db/delivery-cap.ts).
     */
    issuerClientHash: text('issuer_client_hash'),
    /** The Email Service's message ID of the e-mail, matched by its sending events. */
    messageId: text('message_id'),
    deliveryOutcome: text('delivery_outcome', { enum: DELIVERY_OUTCOMES }),
  },
  (t) => [
    index('initialized_passwords_login_id_issued_idx').on(t.loginId, t.issuedAt),
    index('initialized_passwords_message_id_idx').on(t.messageId),
  ],
)

/**
 * Login ID notification e-mails, one row per e-mail (its id the request ID), keyed by an
 * HMAC-SHA-256 of the registered address (lower-cased) under CLIENT_HASH_KEY, so the per-address
 * cap needs no second copy of the address and a list of candidates can not reverse it.
 */
export const loginIdNotifications = sqliteTable(
  'login_id_notifications',
  {
    id: text('id').primaryKey(),
    recipientHash: text('recipient_hash').notNull(),
    sentAt: epochMs('sent_at').notNull(),
    deliveryState: text('delivery_state', { enum: DELIVERY_STATES }).notNull().default('pending'),
    deliveryError: text('delivery_error'),
    /** The Email Service's message ID of the e-mail, matched by its sending events. */
    messageId: text('message_id'),
    deliveryOutcome: text('delivery_outcome', { enum: DELIVERY_OUTCOMES }),
    /**
     * The login IDs the e-mail listed, comma-separated, for the `email.bounced` /
     * `email.complained` events of its delivery outcome; null in rows from before.
     */
    loginIds: text('login_ids'),
  },
  (t) => [
    index('login_id_notifications_recipient_sent_idx').on(t.recipientHash, t.sentAt),
    index('login_id_notifications_message_id_idx').on(t.messageId),
  ],
)

/**
 * Tries of the password change whose password was wrong, per typed login ID (known or not), for
 * the lockout (docs/contract.md#password-change). A try is recorded before its password is checked and deleted when the
 * password was right, so concurrent posts can not check more passwords than the lockout allows.
 */
export const passwordChangeFailures = sqliteTable(
  'password_change_failures',
  {
    id: text('id').primaryKey(),
    loginId: text('login_id').notNull(),
    /**
     * The keyed hash of the client that tried (the end user's address the login system passed, or
     * the API key's ID): the lockout counts per login ID and client (docs/passwords.md).
     */
    clientHash: text('client_hash').notNull().default(''),
    failedAt: epochMs('failed_at').notNull(),
  },
  (t) => [
    index('password_change_failures_login_id_failed_idx').on(t.loginId, t.failedAt),
    index('password_change_failures_login_id_client_failed_idx').on(
      t.loginId,
      t.clientHash,
      t.failedAt,
    ),
  ],
)

/** The two parts of the blocklist (src/credentials/common-passwords.ts explains its rules). */
export const COMMON_PASSWORD_PARTS = ['whole', 'core'] as const

/**
 * The blocklist of common passwords (docs/contract.md#password-change, ASVS 6.2.4 and 6.2.12), NFKC and in lower case:
 * `whole` corpus entries of 15+ characters and the most common `core`s. Kept in D1 rather than in
 * the bundle, since only a password change reads it. Its rows come only from migrations that
 * scripts/build-common-passwords.ts writes; the key serves the one point lookup per new password.
 */
export const commonPasswords = sqliteTable(
  'common_passwords',
  {
    part: text('part', { enum: COMMON_PASSWORD_PARTS }).notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.part, t.value] })],
)

export type Account = typeof accounts.$inferSelect
export type NewAccount = typeof accounts.$inferInsert
