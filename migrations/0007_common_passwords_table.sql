CREATE TABLE `common_passwords` (
	`part` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`part`, `value`)
);
