-- Requests already handled (idempotent replays) and the installation this database belongs to
-- (a lost or foreign database is noticed; ids never restart at 1; the metadata signing key).
CREATE TABLE `installation` (
	`id` integer PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`bot_user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`escalation_id_floor` integer DEFAULT 1 NOT NULL,
	`signing_key` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `request_receipts` (
	`key` text PRIMARY KEY NOT NULL,
	`escalation_id` integer,
	`outcome` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `request_receipts_created_idx` ON `request_receipts` (`created_at`);