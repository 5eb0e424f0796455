ALTER TABLE `accounts` ADD `email_bounced_at` integer;--> statement-breakpoint
ALTER TABLE `initialized_passwords` ADD `message_id` text;--> statement-breakpoint
ALTER TABLE `initialized_passwords` ADD `delivery_outcome` text;--> statement-breakpoint
CREATE INDEX `initialized_passwords_message_id_idx` ON `initialized_passwords` (`message_id`);--> statement-breakpoint
ALTER TABLE `login_id_notifications` ADD `message_id` text;--> statement-breakpoint
ALTER TABLE `login_id_notifications` ADD `delivery_outcome` text;--> statement-breakpoint
CREATE INDEX `login_id_notifications_message_id_idx` ON `login_id_notifications` (`message_id`);--> statement-breakpoint
CREATE INDEX `audit_events_login_id_idx` ON `audit_events` (`login_id`,`id`);