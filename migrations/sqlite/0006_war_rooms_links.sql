-- War rooms (channel, commander, status, archive) and linked escalations ("same issue as").
ALTER TABLE `escalations` ADD `war_room_channel_id` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `war_room_name` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `war_room_archived_at` integer;--> statement-breakpoint
ALTER TABLE `escalations` ADD `commander_id` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `room_status_at` integer;--> statement-breakpoint
ALTER TABLE `escalations` ADD `parent_id` integer;--> statement-breakpoint
CREATE INDEX `escalations_war_room_idx` ON `escalations` (`war_room_channel_id`);--> statement-breakpoint
CREATE INDEX `escalations_parent_idx` ON `escalations` (`parent_id`);