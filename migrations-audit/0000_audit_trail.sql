CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_at` integer NOT NULL,
	`procedure` text NOT NULL,
	`outcome` text NOT NULL,
	`login_id` text,
	`client_hash` text,
	`country` text,
	`request_id` text NOT NULL,
	`api_key_id` text,
	`changed_fields` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_traffic_idx` ON `audit_events` (`occurred_at`,`procedure`,`outcome`,`client_hash`);--> statement-breakpoint
CREATE INDEX `audit_events_login_id_idx` ON `audit_events` (`login_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_request_id_idx` ON `audit_events` (`request_id`);--> statement-breakpoint
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
CREATE INDEX `refused_submissions_last_at_idx` ON `refused_submissions` (`last_at`);