DROP INDEX `entries_idempotency_key_idx`;--> statement-breakpoint
-- Who opened the entries already here was never recorded: 'unknown' is no
-- opener a request can have, so their idempotency keys match no new open.
ALTER TABLE `entries` ADD `opened_by` text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `entries_opened_by_idempotency_key_idx` ON `entries` (`opened_by`,`idempotency_key`) WHERE idempotency_key is not null;--> statement-breakpoint
ALTER TABLE `entries` DROP COLUMN `owner_key_id`;
