-- A channel named by its id (C0123ABC) keeps the id's case in its queue, as a name is lowercased:
-- 0001 lowercased ids too, and a lowercased id resolves to no channel. Rows still to be sent are
-- put back in their channel's queue (domain/outbox-intent.ts channelQueue).
UPDATE `outbox` SET `queue` = 'channel:' || ltrim(trim(json_extract(`payload`, '$.channel')), '#')
WHERE `status` IN ('pending', 'held') AND `kind` IN ('crosspost', 'handoff')
  AND ltrim(trim(json_extract(`payload`, '$.channel')), '#') GLOB '[CDG][A-Z0-9]*'
  AND NOT ltrim(trim(json_extract(`payload`, '$.channel')), '#') GLOB '*[^A-Z0-9]*';--> statement-breakpoint
UPDATE `outbox` SET `queue` = 'channel:' || (SELECT ltrim(trim(`channel`), '#') FROM `escalations` WHERE `escalations`.`id` = `outbox`.`escalation_id`)
WHERE `status` IN ('pending', 'held') AND `kind` IN ('post_escalation', 'refresh_escalation', 'thread_notice')
  AND (SELECT ltrim(trim(`channel`), '#') FROM `escalations` WHERE `escalations`.`id` = `outbox`.`escalation_id`) GLOB '[CDG][A-Z0-9]*'
  AND NOT (SELECT ltrim(trim(`channel`), '#') FROM `escalations` WHERE `escalations`.`id` = `outbox`.`escalation_id`) GLOB '*[^A-Z0-9]*';
