CREATE TABLE `accounts` (
	`login_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`locale` text NOT NULL,
	`organization_name` text,
	`password_hash` text NOT NULL,
	`contact_given_name` text NOT NULL,
	`contact_family_name` text NOT NULL,
	`contact_phone` text NOT NULL,
	`contact_email` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_contact_phone_idx` ON `accounts` (`contact_phone`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_at` integer NOT NULL,
	`procedure` text NOT NULL,
	`outcome` text NOT NULL,
	`login_id` text,
	`client_hash` text,
	`country` text,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_events_occurred_at_idx` ON `audit_events` (`occurred_at`);--> statement-breakpoint
CREATE TABLE `initialized_passwords` (
	`id` text PRIMARY KEY NOT NULL,
	`login_id` text NOT NULL,
	`password_hash` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`revoked_reason` text,
	`wrong_tries` integer DEFAULT 0 NOT NULL,
	`delivery_state` text DEFAULT 'pending' NOT NULL,
	`delivery_error` text,
	FOREIGN KEY (`login_id`) REFERENCES `accounts`(`login_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `initialized_passwords_login_id_issued_idx` ON `initialized_passwords` (`login_id`,`issued_at`);--> statement-breakpoint
CREATE TABLE `login_id_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`recipient_hash` text NOT NULL,
	`sent_at` integer NOT NULL,
	`delivery_state` text DEFAULT 'pending' NOT NULL,
	`delivery_error` text
);
--> statement-breakpoint
CREATE INDEX `login_id_notifications_recipient_sent_idx` ON `login_id_notifications` (`recipient_hash`,`sent_at`);