ALTER TABLE `escalations` ADD `customer_key` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `repeat` text;--> statement-breakpoint
CREATE INDEX `escalations_customer_idx` ON `escalations` (`customer_key`,`created_at`);--> statement-breakpoint
CREATE INDEX `escalations_category_idx` ON `escalations` (`category`,`created_at`);