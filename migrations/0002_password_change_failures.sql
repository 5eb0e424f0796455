CREATE TABLE `password_change_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`login_id` text NOT NULL,
	`failed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `password_change_failures_login_id_failed_idx` ON `password_change_failures` (`login_id`,`failed_at`);