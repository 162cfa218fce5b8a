-- Ownership, waiting on the customer, reclassification, reopening and the message an escalation came from.
ALTER TABLE "escalations" ADD COLUMN "owner_id" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "paused_at" bigint;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "paused_timers" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "paused_ms" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "reclassification" jsonb;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "source_message_url" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "reopened_at" bigint;--> statement-breakpoint
CREATE INDEX "escalations_message_idx" ON "escalations" USING btree ("message_channel_id","message_ts");--> statement-breakpoint
-- Whoever acknowledged an open escalation owns it.
UPDATE "escalations" SET "owner_id" = "acknowledged_by" WHERE "owner_id" IS NULL;