CREATE TABLE `account_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`login_id` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`password_changed_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `account_notifications_unsent_idx` ON `account_notifications` (`attempts`,`id`) WHERE sent_at IS NULL;