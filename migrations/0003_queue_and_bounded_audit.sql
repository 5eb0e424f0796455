CREATE TABLE `refused_submissions` (
	`client_hash` text NOT NULL,
	`procedure` text NOT NULL,
	`outcome` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	`country` text,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`first_request_id` text NOT NULL,
	PRIMARY KEY(`client_hash`, `procedure`, `outcome`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `refused_submissions_last_at_idx` ON `refused_submissions` (`last_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_request_id_idx` ON `audit_events` (`request_id`);--> statement-breakpoint
ALTER TABLE `initialized_passwords` DROP COLUMN `wrong_tries`;