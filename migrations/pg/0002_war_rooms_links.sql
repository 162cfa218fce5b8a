-- War rooms (channel, commander, status, archive) and linked escalations ("same issue as").
ALTER TABLE "escalations" ADD COLUMN "war_room_channel_id" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "war_room_name" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "war_room_archived_at" bigint;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "commander_id" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "room_status_at" bigint;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "parent_id" integer;--> statement-breakpoint
CREATE INDEX "escalations_war_room_idx" ON "escalations" USING btree ("war_room_channel_id");--> statement-breakpoint
CREATE INDEX "escalations_parent_idx" ON "escalations" USING btree ("parent_id");