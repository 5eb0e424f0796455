CREATE TABLE `api_key_windows` (
	`key_id` text PRIMARY KEY NOT NULL,
	`window_end` integer NOT NULL,
	`count` integer NOT NULL,
	FOREIGN KEY (`key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
