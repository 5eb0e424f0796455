ALTER TABLE `accounts` ADD `password_changed_at` integer;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `changed_fields` text;--> statement-breakpoint
-- A hash stored before this column existed dates from the account's last write: a re-sync whose password_changed_at is newer replaces it, an older one is kept (docs/decisions/021-wrapped-legacy-hashes.md).
UPDATE `accounts` SET `password_changed_at` = `updated_at` WHERE `password_hash` IS NOT NULL AND `password_changed_at` IS NULL;
