CREATE TABLE `budgets` (
	`team_id` text NOT NULL,
	`year` integer NOT NULL,
	`category` text NOT NULL,
	`amount_usd` real NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `budgets_team_id_year_category_idx` ON `budgets` (`team_id`,`year`,`category`);--> statement-breakpoint
CREATE TABLE `spend_records` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`user_email` text NOT NULL,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`amount_usd` real NOT NULL,
	`spent_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spend_records_team_id_category_spent_at_idx` ON `spend_records` (`team_id`,`category`,`spent_at`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`team_id` text NOT NULL,
	`user_email` text NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `team_members_user_email_idx` ON `team_members` (`user_email`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
