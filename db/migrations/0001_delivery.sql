CREATE TABLE `answers` (
	`entry_id` text PRIMARY KEY NOT NULL,
	`verdict` text NOT NULL,
	`reason` text NOT NULL,
	`title` text NOT NULL,
	`text` text NOT NULL,
	`parts` text NOT NULL,
	`assembled_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `chat_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`thread` text NOT NULL,
	`user_email` text NOT NULL,
	`entry_id` text,
	`role` text NOT NULL,
	`body` text NOT NULL,
	`parts` text,
	`delivery_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_delivery_id_unique` ON `chat_messages` (`delivery_id`);--> statement-breakpoint
CREATE INDEX `chat_messages_user_email_thread_created_at_idx` ON `chat_messages` (`user_email`,`thread`,`created_at`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`purpose` text NOT NULL,
	`channel` text NOT NULL,
	`target` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`message` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_status_next_attempt_at_idx` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `deliveries_entry_id_idx` ON `deliveries` (`entry_id`);--> statement-breakpoint
CREATE TABLE `inbox_items` (
	`id` text PRIMARY KEY NOT NULL,
	`user_email` text NOT NULL,
	`entry_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`delivery_id` text,
	`read_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_items_delivery_id_unique` ON `inbox_items` (`delivery_id`);--> statement-breakpoint
CREATE INDEX `inbox_items_user_email_read_at_idx` ON `inbox_items` (`user_email`,`read_at`);--> statement-breakpoint
CREATE INDEX `inbox_items_user_email_created_at_idx` ON `inbox_items` (`user_email`,`created_at`);