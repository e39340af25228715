CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_secret_hash_unique` ON `api_keys` (`secret_hash`);--> statement-breakpoint
CREATE TABLE `chunks` (
	`entry_id` text NOT NULL,
	`key` text NOT NULL,
	`seq` integer NOT NULL,
	`delta` text NOT NULL,
	`done` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chunks_entry_id_key_seq_idx` ON `chunks` (`entry_id`,`key`,`seq`);--> statement-breakpoint
CREATE TABLE `closures` (
	`entry_id` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`verdict` text NOT NULL,
	`clause` text,
	`clause_path` text,
	`deciding_fragment_id` text,
	`explanation` text,
	`detail` text NOT NULL,
	`closed_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `entries` (
	`id` text PRIMARY KEY NOT NULL,
	`requester` text NOT NULL,
	`question` text NOT NULL,
	`channel` text NOT NULL,
	`criterion` text NOT NULL,
	`veto` text NOT NULL,
	`deadline_at` integer,
	`on_deadline` text NOT NULL,
	`state` text NOT NULL,
	`parent_entry_id` text,
	`parent_key` text,
	`template` text,
	`metadata` text NOT NULL,
	`idempotency_key` text,
	`request_hash` text,
	`owner_key_id` text,
	`created_at` integer NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entries_idempotency_key_idx` ON `entries` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `entries_state_created_at_idx` ON `entries` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `entries_requester_idx` ON `entries` (`requester`);--> statement-breakpoint
CREATE INDEX `entries_parent_entry_id_idx` ON `entries` (`parent_entry_id`);--> statement-breakpoint
CREATE TABLE `expectations` (
	`entry_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`required` integer NOT NULL,
	`weight` real NOT NULL,
	`timeout_ms` integer,
	`timeout_at` integer,
	`after` text NOT NULL,
	`assignee` text,
	`prompt` text,
	`repeat` text NOT NULL,
	`definitive` integer NOT NULL,
	`child_entry_id` text,
	`created_at` integer NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `expectations_entry_id_key_idx` ON `expectations` (`entry_id`,`key`);--> statement-breakpoint
CREATE INDEX `expectations_kind_state_idx` ON `expectations` (`kind`,`state`);--> statement-breakpoint
CREATE TABLE `fragments` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`key` text NOT NULL,
	`outcome` text NOT NULL,
	`payload` text,
	`definitive` integer NOT NULL,
	`disposition` text NOT NULL,
	`idempotency_key` text,
	`source` text,
	`late_by_ms` integer,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fragments_entry_id_disposition_idx` ON `fragments` (`entry_id`,`disposition`);--> statement-breakpoint
CREATE UNIQUE INDEX `fragments_entry_id_idempotency_key_idx` ON `fragments` (`entry_id`,`idempotency_key`) WHERE idempotency_key is not null;--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_name` text NOT NULL,
	`user_id` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_members_group_name_user_id_idx` ON `group_members` (`group_name`,`user_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`payload` text NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_status_next_attempt_at_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `timeline_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_events_entry_id_id_idx` ON `timeline_events` (`entry_id`,`id`);--> statement-breakpoint
CREATE TABLE `timers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` text NOT NULL,
	`kind` text NOT NULL,
	`target` text,
	`due_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timers_due_at_idx` ON `timers` (`due_at`);--> statement-breakpoint
CREATE INDEX `timers_entry_id_idx` ON `timers` (`entry_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);