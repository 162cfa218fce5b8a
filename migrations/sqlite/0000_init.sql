CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_key` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`severity` text NOT NULL,
	`suggested_severity` text NOT NULL,
	`category` text NOT NULL,
	`suggested_category` text NOT NULL,
	`level` text NOT NULL,
	`channel` text NOT NULL,
	`channels` text NOT NULL,
	`restricted` integer DEFAULT false NOT NULL,
	`notify` text NOT NULL,
	`cc` text NOT NULL,
	`flags` text NOT NULL,
	`reasons` text NOT NULL,
	`fields` text NOT NULL,
	`customer` text NOT NULL,
	`customer_contact` text,
	`tier` text NOT NULL,
	`summary` text NOT NULL,
	`impact` text,
	`troubleshooting` text,
	`error_messages` text,
	`environment` text,
	`repro_steps` text,
	`workaround` text,
	`sentiment` text,
	`ticket_ref` text,
	`clock` text NOT NULL,
	`first_response_due` integer NOT NULL,
	`next_update_due` integer,
	`resolution_due` integer NOT NULL,
	`level_since` integer NOT NULL,
	`level_budget_due` integer,
	`reporter_id` text NOT NULL,
	`reporter_channel_id` text,
	`created_at` integer NOT NULL,
	`acknowledged_by` text,
	`acknowledged_at` integer,
	`last_update_at` integer,
	`last_update_by` text,
	`breached_at` integer,
	`customer_requested` integer DEFAULT false NOT NULL,
	`resolved_by` text,
	`resolved_at` integer,
	`resolution` text,
	`root_cause` text,
	`prevention` text,
	`message_channel_id` text,
	`message_ts` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_submission_key_unique` ON `escalations` (`submission_key`);--> statement-breakpoint
CREATE INDEX `escalations_status_idx` ON `escalations` (`status`);--> statement-breakpoint
CREATE INDEX `escalations_open_by_severity_idx` ON `escalations` (`status`,`severity`,`created_at`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`escalation_id` integer,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sending_since` integer,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_escalation_idx` ON `outbox` (`escalation_id`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `timeline_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`escalation_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor` text,
	`detail` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_escalation_idx` ON `timeline_events` (`escalation_id`,`at`);--> statement-breakpoint
CREATE TABLE `timers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`escalation_id` integer NOT NULL,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timers_escalation_kind_idx` ON `timers` (`escalation_id`,`kind`);--> statement-breakpoint
CREATE INDEX `timers_due_idx` ON `timers` (`due_at`);