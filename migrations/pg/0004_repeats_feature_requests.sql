ALTER TABLE "escalations" ADD COLUMN "customer_key" text;--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "repeat" jsonb;--> statement-breakpoint
CREATE INDEX "escalations_customer_idx" ON "escalations" USING btree ("customer_key","created_at");--> statement-breakpoint
CREATE INDEX "escalations_category_idx" ON "escalations" USING btree ("category","created_at");