CREATE TABLE `streams` (
	`entry_id` text NOT NULL,
	`key` text NOT NULL,
	`chunk_count` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`done_seq` integer,
	`bytes` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `streams_entry_id_key_idx` ON `streams` (`entry_id`,`key`);--> statement-breakpoint
INSERT INTO `streams` (`entry_id`, `key`, `chunk_count`, `last_seq`, `done_seq`, `bytes`)
SELECT `entry_id`, `key`, count(*), max(`seq`),
	max(CASE WHEN `done` THEN `seq` END), sum(length(CAST(`delta` AS blob)))
FROM `chunks` GROUP BY `entry_id`, `key`;
