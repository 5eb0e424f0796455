ALTER TABLE `initialized_passwords` ADD `verified_at` integer;--> statement-breakpoint
ALTER TABLE `password_change_failures` ADD `client_hash` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `password_change_failures_login_id_client_failed_idx` ON `password_change_failures` (`login_id`,`client_hash`,`failed_at`);