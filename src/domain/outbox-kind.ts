/**
 * The kinds of outbox message by name, in a module of their own: the timeline names them (a
 * delivery that failed) without importing the messages' payloads, which carry domain data of their
 * own (the weekly review's figures) that imports the timeline. outbox-intent.ts checks at compile
 * time that this list is exactly its union's kinds.
 */
export const OUTBOX_KINDS = [
  "post_escalation",
  "crosspost",
  "refresh_escalation",
  "thread_notice",
  "handoff",
  "dm_role",
  "reporter_notice",
  "delivery_problem",
  "delivery_stuck",
  "confirm_reporter",
  "person_notice",
  "withdraw_post",
  "open_war_room",
  "refresh_war_room",
  "room_notice",
  "archive_war_room",
  "weekly_review",
  "publish_home",
  "tally_post",
  "pagerduty_event",
  "webhook_event",
  "jira_issue",
] as const;

export type OutboxKind = (typeof OUTBOX_KINDS)[number];
