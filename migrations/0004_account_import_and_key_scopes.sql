-- accounts.password_hash becomes nullable (an imported account may have no current password).
-- SQLite can not drop NOT NULL, so the table is rebuilt. drizzle-kit writes the rebuild with
-- PRAGMA foreign_keys=OFF, which D1 ignores inside its transaction (and local D1 commits each
-- statement), so dropping `accounts` would fail on initialized_passwords' foreign key. Instead
-- the child table is rebuilt too, referencing the new parent: renaming `__new_accounts` to
-- `accounts` rewrites that reference, and no statement ever leaves a dangling row.
CREATE TABLE `__new_accounts` (
	`login_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`locale` text NOT NULL,
	`organization_name` text,
	`password_hash` text,
	`contact_given_name` text NOT NULL,
	`contact_family_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_accounts`("login_id", "kind", "status", "locale", "organization_name", "password_hash", "contact_given_name", "contact_family_name", "contact_phone", "contact_email", "created_at", "updated_at") SELECT "login_id", "kind", "status", "locale", "organization_name", "password_hash", "contact_given_name", "contact_family_name", "contact_phone", "contact_email", "created_at", "updated_at" FROM `accounts`;--> statement-breakpoint
CREATE TABLE `__new_initialized_passwords` (
	`id` text PRIMARY KEY NOT NULL,
	`login_id` text NOT NULL,
	`password_hash` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`revoked_reason` text,
	`delivery_state` text DEFAULT 'pending' NOT NULL,
	`delivery_error` text,
	FOREIGN KEY (`login_id`) REFERENCES `__new_accounts`(`login_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_initialized_passwords` SELECT "id", "login_id", "password_hash", "issued_at", "expires_at", "used_at", "revoked_at", "revoked_reason", "delivery_state", "delivery_error" FROM `initialized_passwords`;--> statement-breakpoint
DROP TABLE `initialized_passwords`;--> statement-breakpoint
DROP TABLE `accounts`;--> statement-breakpoint
ALTER TABLE `__new_accounts` RENAME TO `accounts`;--> statement-breakpoint
ALTER TABLE `__new_initialized_passwords` RENAME TO `initialized_passwords`;--> statement-breakpoint
CREATE INDEX `accounts_contact_phone_idx` ON `accounts` (`contact_phone`);--> statement-breakpoint
CREATE INDEX `initialized_passwords_login_id_issued_idx` ON `initialized_passwords` (`login_id`,`issued_at`);--> statement-breakpoint
-- SPEC 11: keys made before scopes existed keep what they could do.
ALTER TABLE `api_keys` ADD `scopes` text DEFAULT 'recovery' NOT NULL;
