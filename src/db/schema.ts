import { sql } from "drizzle-orm";
import { ESCALATION_STATUSES, TIMER_KINDS, type Escalation, type Reclassification, type TimerKind } from "../domain/escalation.js";
import type { OutboxIntent, OutboxKind } from "../domain/outbox-intent.js";
import type { TimelineEvent } from "../domain/timeline-event.js";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { RepeatMark } from "../domain/repeat-escalations.js";
import type { Same } from "../domain/same-type.js";

/**
 * Timestamps are integer milliseconds since the epoch, written from the injected clock
 * (never SQLite's CURRENT_TIMESTAMP) so tests and operators can move time.
 */
const instant = (name: string) => integer(name, { mode: "number" });

export { ESCALATION_STATUSES, TIMER_KINDS };
export type { EscalationStatus, TimerKind } from "../domain/escalation.js";

export const escalations = sqliteTable(
  "escalations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Slack's view id of the submitted modal: a retried or double submit hits this unique key. */
    submissionKey: text("submission_key").notNull().unique(),
    status: text("status", { enum: ESCALATION_STATUSES }).notNull().default("open"),

    /** Final severity: the agent's choice when they made one, else the playbook's suggestion. */
    severity: text("severity").notNull(),
    suggestedSeverity: text("suggested_severity").notNull(),
    category: text("category").notNull(),
    suggestedCategory: text("suggested_category").notNull(),
    /** The other categories that apply (each added its team, people and flags). */
    alsoCategories: text("also_categories", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    level: text("level").notNull(),
    /** Primary channel as the playbook names it (`#security-alerts` or an id); resolved when posting. */
    channel: text("channel").notNull(),
    /** Every channel told, primary first. */
    channels: text("channels", { mode: "json" }).$type<string[]>().notNull(),
    /** Details stay in the primary channel; the others only learn that an escalation was opened. */
    restricted: integer("restricted", { mode: "boolean" }).notNull().default(false),
    notify: text("notify", { mode: "json" }).$type<string[]>().notNull(),
    cc: text("cc", { mode: "json" }).$type<string[]>().notNull(),
    /** The playbook's checklist for the owner (verify identity, phone call, ...), in the playbook's order. */
    flags: text("flags", { mode: "json" }).$type<string[]>().notNull(),
    /** The checklist items ticked so far. */
    flagsDone: text("flags_done", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Why the playbook decided what it did, in order. */
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
    /** Values of the playbook's extra fields (refund amount, ARR, ...). */
    fields: text("fields", { mode: "json" }).$type<Record<string, number | string | boolean>>().notNull(),

    customer: text("customer").notNull(),
    customerContact: text("customer_contact"),
    tier: text("tier").notNull(),
    summary: text("summary").notNull(),
    impact: text("impact"),
    troubleshooting: text("troubleshooting"),
    errorMessages: text("error_messages"),
    environment: text("environment"),
    reproSteps: text("repro_steps"),
    workaround: text("workaround"),
    sentiment: text("sentiment"),
    ticketRef: text("ticket_ref"),
    /** The Jira issue made from its bug report (Create Jira issue), e.g. FLEET-5678. */
    jiraKey: text("jira_key"),

    /** SLA clocks (instants); indexed so the scheduler's "what is due?" is a range scan. */
    clock: text("clock").notNull(),
    firstResponseDue: instant("first_response_due").notNull(),
    nextUpdateDue: instant("next_update_due"),
    resolutionDue: instant("resolution_due").notNull(),
    levelSince: instant("level_since").notNull(),
    levelBudgetDue: instant("level_budget_due"),

    reporterId: text("reporter_id").notNull(),
    /** Where the reporter typed /escalate; the confirmation goes there. */
    reporterChannelId: text("reporter_channel_id"),
    createdAt: instant("created_at").notNull(),

    acknowledgedBy: text("acknowledged_by"),
    acknowledgedAt: instant("acknowledged_at"),

    /** Last progress update posted with the Post update button. */
    lastUpdateAt: instant("last_update_at"),
    lastUpdateBy: text("last_update_by"),
    /** When the resolution target passed unresolved (the SLA breach), once recorded. */
    breachedAt: instant("breached_at"),
    /** The customer asked for escalation (a checkbox on the form). */
    customerRequested: integer("customer_requested", { mode: "boolean" }).notNull().default(false),

    resolvedBy: text("resolved_by"),
    resolvedAt: instant("resolved_at"),
    resolution: text("resolution"),
    rootCause: text("root_cause"),
    prevention: text("prevention"),

    /** The channel message, filled in by the deliverer once Slack has accepted the post. */
    messageChannelId: text("message_channel_id"),
    messageTs: text("message_ts"),

    /** Who owns it now (taken, handed over, or the first acknowledger); cleared on a move to another level. */
    ownerId: text("owner_id"),
    /** Waiting on the customer since then; null while its clocks run. */
    pausedAt: instant("paused_at"),
    /** The timers the pause stopped, set again when it resumes. */
    pausedTimers: text("paused_timers", { mode: "json" }).$type<TimerKind[]>().notNull().default(sql`'[]'`),
    /** Time spent waiting on the customer so far, on the escalation's clock. */
    pausedMs: integer("paused_ms", { mode: "number" }).notNull().default(0),
    /** The latest change of severity or category (JSON), shown on the post. */
    reclassification: text("reclassification", { mode: "json" }).$type<Reclassification>(),
    /** The Slack message it was opened from ("Escalate this message"). */
    sourceMessageUrl: text("source_message_url"),
    /** When it was last reopened: its SLA clocks count from then. */
    reopenedAt: instant("reopened_at"),

    /** The war room channel made for it (a major incident), once Slack created it; its name as shown. */
    warRoomChannelId: text("war_room_channel_id"),
    warRoomName: text("war_room_name"),
    /** When the war room was archived (after the playbook's delay once resolved). */
    warRoomArchivedAt: instant("war_room_archived_at"),
    /** The incident commander, assigned with a button in the room or on the post. */
    commanderId: text("commander_id"),
    /** The last status posted in the war room (the commander's reminder counts from it). */
    roomStatusAt: instant("room_status_at"),
    /** The escalation this one was linked to as "same issue as" (the parent incident); null when not linked. */
    parentId: integer("parent_id"),
    /** normaliseCustomer(customer): how a customer's earlier escalations are found (null before it was kept). */
    customerKey: text("customer_key"),
    /** The repeat it is (the customer's nth escalation in the playbook's window), shown on its post; null when not one. */
    repeat: text("repeat", { mode: "json" }).$type<RepeatMark>(),
  },
  (t) => [
    index("escalations_status_idx").on(t.status),
    // "Open escalations of this severity, oldest first" for /escalate list.
    index("escalations_open_by_severity_idx").on(t.status, t.severity, t.createdAt),
    // A reply in a thread finds its escalation by the post it replies to.
    index("escalations_message_idx").on(t.messageChannelId, t.messageTs),
    // A status posted in a war room finds its escalation by the room.
    index("escalations_war_room_idx").on(t.warRoomChannelId),
    // A parent's post lists the escalations linked to it.
    index("escalations_parent_idx").on(t.parentId),
    // A customer's earlier escalations in the repeat window: one index range, newest first.
    index("escalations_customer_idx").on(t.customerKey, t.createdAt),
    // The feature requests of a window: by category, newest first.
    index("escalations_category_idx").on(t.category, t.createdAt),
  ],
);

export const timelineEvents = sqliteTable(
  "timeline_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    escalationId: integer("escalation_id")
      .notNull()
      .references(() => escalations.id),
    at: instant("at").notNull(),
    kind: text("kind").$type<TimelineEvent["kind"]>().notNull(),
    /** Slack user id of whoever caused it; null for the bot's own actions. */
    actor: text("actor"),
    /** JSON object with what the event needs to be explained later: the detail of its `kind` (domain/timeline-event.ts). */
    detail: text("detail", { mode: "json" }).$type<TimelineEvent["detail"]>().notNull().default(sql`'{}'`),
  },
  (t) => [index("timeline_escalation_idx").on(t.escalationId, t.at)],
);

/** `held`: waiting for its escalation's post (it links to it) before it may be sent at all. */
/** `parked`: an integration refused it for good (a wrong key, a gone URL); it waits for an operator's retry. */
export const OUTBOX_STATUSES = ["pending", "held", "sent", "failed", "parked"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Slack side effects written in the same transaction as the state change that causes them,
 * then sent by the deliverer. `dedupeKey` makes enqueuing the same effect twice a no-op.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    dedupeKey: text("dedupe_key").notNull().unique(),
    escalationId: integer("escalation_id").references(() => escalations.id),
    kind: text("kind").$type<OutboxKind>().notNull(),
    payload: text("payload", { mode: "json" }).$type<OutboxIntent>().notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull(),
    lastError: text("last_error"),
    /**
     * Written (and committed) just before each send. A row found pending with this set may already
     * be in Slack, its process having died before recording it: the next send looks first.
     */
    sendingSince: instant("sending_since"),
    createdAt: instant("created_at").notNull(),
    sentAt: instant("sent_at"),
    /** The destination's queue (domain/outbox-intent.ts deliveryQueue): each drains on its own. */
    queue: text("queue").notNull().default(""),
    /** The escalation's severity rank when written; 0 is the most severe and goes first. */
    priority: integer("priority").notNull().default(0),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    // The next row of one queue: most severe first, then oldest.
    index("outbox_queue_idx").on(t.queue, t.status, t.priority, t.id),
    // Per-escalation FIFO: "is there an earlier pending row for this escalation?"
    index("outbox_escalation_idx").on(t.escalationId, t.status, t.id),
  ],
);

export type EscalationRow = typeof escalations.$inferSelect;
/** A row is the domain's Escalation, column for column: a column added to one only fails the typecheck here. */
const rowIsTheDomainEscalation: Same<EscalationRow, Escalation> = true;
void rowIsTheDomainEscalation;
export type NewEscalationRow = typeof escalations.$inferInsert;
/**
 * A timeline row as read: its kind and detail belong together (TimelineRepo writes them from one
 * TimelineEvent), so narrowing on `event.kind` types `event.detail`.
 */
export type TimelineEventRow = Omit<typeof timelineEvents.$inferSelect, "kind" | "detail"> & TimelineEvent;
export type OutboxRow = typeof outbox.$inferSelect;

/**
 * The scheduler's work list: one row per pending clock of an open escalation. "What is due at now?"
 * is a range scan on `due_at`, so a tick costs what is due, not what is open. Rows are deleted when
 * their clock no longer applies (acknowledged, resolved, level changed).
 */
export const timers = sqliteTable(
  "timers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    escalationId: integer("escalation_id")
      .notNull()
      .references(() => escalations.id),
    kind: text("kind", { enum: TIMER_KINDS }).notNull(),
    dueAt: instant("due_at").notNull(),
  },
  (t) => [uniqueIndex("timers_escalation_kind_idx").on(t.escalationId, t.kind), index("timers_due_idx").on(t.dueAt)],
);

/** Which process runs the scheduler: a lease renewed every tick, taken over once it expires. */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: instant("expires_at").notNull(),
});

export type TimerRow = typeof timers.$inferSelect;

export const REVIEW_OUTCOMES = ["posted", "baseline"] as const;

/**
 * Scheduled reviews already handled, one row per review and week: written in the transaction that
 * writes the review's outbox row, so a week is posted once across restarts and replicas. `baseline`:
 * the week the bot found already under way when the review was first set up (not posted).
 */
export const reviewPosts = sqliteTable(
  "review_posts",
  {
    review: text("review").notNull(),
    periodStart: instant("period_start").notNull(),
    scheduledAt: instant("scheduled_at").notNull(),
    recordedAt: instant("recorded_at").notNull(),
    outcome: text("outcome", { enum: REVIEW_OUTCOMES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.review, t.periodStart] })],
);
export type ReviewPostRow = typeof reviewPosts.$inferSelect;

/**
 * Requests already handled, so a retried or replayed one answers like the first without repeating
 * side effects: a form submission by its view id, a click by its action_ts and user, a command by
 * its trigger id. `outcome` is what the first answer said (JSON), for the repeat's answer.
 */
export const requestReceipts = sqliteTable(
  "request_receipts",
  {
    key: text("key").primaryKey(),
    escalationId: integer("escalation_id").references(() => escalations.id),
    outcome: text("outcome", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [index("request_receipts_created_idx").on(t.createdAt)],
);

/**
 * Which Slack installation this database belongs to (one row, id 1), so a lost database or one from
 * another workspace is noticed at start, and the lowest escalation id it may hand out next (ids never
 * restart at 1 for an installation whose earlier escalations Slack still shows).
 */
export const installation = sqliteTable("installation", {
  id: integer("id").primaryKey(),
  teamId: text("team_id").notNull(),
  botUserId: text("bot_user_id").notNull(),
  createdAt: instant("created_at").notNull(),
  /** The next escalation id is at least this (set from the highest ESC id found in Slack). */
  escalationIdFloor: integer("escalation_id_floor").notNull().default(1),
  /** HMAC key for signed private_metadata and button values when none is given in the environment. */
  signingKey: text("signing_key").notNull(),
});

export type RequestReceiptRow = typeof requestReceipts.$inferSelect;
export type InstallationRow = typeof installation.$inferSelect;
