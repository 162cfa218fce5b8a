ALTER TABLE `outbox` ADD `queue` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_queue_idx` ON `outbox` (`queue`,`status`,`priority`,`id`);--> statement-breakpoint
-- Rows written before queues existed get the queue their kind sends to (domain/outbox-intent.ts deliveryQueue).
UPDATE `outbox` SET `queue` = CASE
  WHEN `kind` IN ('crosspost', 'handoff') THEN 'channel:' || lower(ltrim(trim(json_extract(`payload`, '$.channel')), '#'))
  WHEN `kind` = 'dm_role' THEN 'role:' || json_extract(`payload`, '$.role')
  WHEN `kind` IN ('confirm_reporter', 'delivery_problem', 'reporter_notice') THEN 'user:' || json_extract(`payload`, '$.userId')
  ELSE 'channel:' || lower(ltrim(trim((SELECT `channel` FROM `escalations` WHERE `escalations`.`id` = `outbox`.`escalation_id`)), '#'))
END
WHERE `queue` = '';
