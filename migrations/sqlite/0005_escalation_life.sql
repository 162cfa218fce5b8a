-- Ownership, waiting on the customer, reclassification, reopening and the message an escalation came from.
ALTER TABLE `escalations` ADD `owner_id` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `paused_at` integer;--> statement-breakpoint
ALTER TABLE `escalations` ADD `paused_timers` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `escalations` ADD `paused_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `escalations` ADD `reclassification` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `source_message_url` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `reopened_at` integer;--> statement-breakpoint
CREATE INDEX `escalations_message_idx` ON `escalations` (`message_channel_id`,`message_ts`);--> statement-breakpoint
-- Whoever acknowledged an open escalation owns it.
UPDATE `escalations` SET `owner_id` = `acknowledged_by` WHERE `owner_id` IS NULL;