ALTER TABLE `accounts` ADD `failed_password_tries` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `accounts` ADD `current_password_suspended_at` integer;