import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { OutboxIntent, OutboxKind } from "../domain/outbox-intent.js";
import type { TimelineEvent } from "../domain/timeline-event.js";
import type { Reclassification, TimerKind } from "../domain/escalation.js";
import type { RepeatMark } from "../domain/repeat-escalations.js";
import { ESCALATION_STATUSES, OUTBOX_STATUSES, REVIEW_OUTCOMES, TIMER_KINDS } from "./schema.js";

/**
 * The PostgreSQL twin of schema.ts: the same tables, column names, property names and inferred row
 * types, so a repository written once with drizzle's query builder runs on either engine.
 * schema.ts is the source of truth (what each column means is documented there); this file only
 * translates types. test/db/schema-parity.test.ts fails when the two drift apart.
 *
 * Translations:
 * - instants (integer ms since the epoch): bigint, read as a JS number. SQLite's integer is 64-bit;
 *   PostgreSQL's integer is 32-bit and would overflow on today's date in ms.
 * - `integer(..., { mode: "boolean" })` (0/1 in SQLite): boolean.
 * - JSON kept as text in SQLite: jsonb. jsonb does not keep key order or whitespace, which nothing
 *   reads (values are parsed, never compared as text).
 * - other integers (ids, attempts, priority, the id floor): integer, 32-bit where SQLite's is 64-bit;
 *   ample for counts and ids, and node-postgres reads int4 as a number (int8 as a string).
 * - `integer PRIMARY KEY AUTOINCREMENT`: an identity column. Like AUTOINCREMENT, its sequence never
 *   hands out an id twice, even after deletes; unlike it, an insert that rolls back or meets
 *   ON CONFLICT DO NOTHING still uses up its number (sequences are not transactional), so ids may
 *   have gaps. Raising the next id (SQLite's sqlite_sequence update) is setval() on the sequence
 *   pg_get_serial_sequence('escalations', 'id') names.
 * - `.unique()`: a UNIQUE constraint here, a unique index in SQLite, under the same name; either
 *   serves ON CONFLICT on that column.
 * - Columns that SQLite migrations added later (also_categories, flags_done) sit at the end of
 *   SQLite's table and in schema order here; drizzle names every column it reads, so order is moot.
 * - text compares byte by byte in SQLite and by the database's collation here: equality and
 *   uniqueness agree, ORDER BY on text may not.
 */
const instant = (name: string) => bigint(name, { mode: "number" });

/** The id column of tables whose SQLite id is `INTEGER PRIMARY KEY AUTOINCREMENT`. */
const serialId = () => integer("id").primaryKey().generatedByDefaultAsIdentity();

export { ESCALATION_STATUSES, OUTBOX_STATUSES, TIMER_KINDS };
export type {
  EscalationRow,
  EscalationStatus,
  InstallationRow,
  NewEscalationRow,
  OutboxRow,
  OutboxStatus,
  RequestReceiptRow,
  TimelineEventRow,
  TimerKind,
  TimerRow,
} from "./schema.js";

export const escalations = pgTable(
  "escalations",
  {
    id: serialId(),
    submissionKey: text("submission_key").notNull().unique(),
    status: text("status", { enum: ESCALATION_STATUSES }).notNull().default("open"),

    severity: text("severity").notNull(),
    suggestedSeverity: text("suggested_severity").notNull(),
    category: text("category").notNull(),
    suggestedCategory: text("suggested_category").notNull(),
    alsoCategories: jsonb("also_categories").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    level: text("level").notNull(),
    channel: text("channel").notNull(),
    channels: jsonb("channels").$type<string[]>().notNull(),
    restricted: boolean("restricted").notNull().default(false),
    notify: jsonb("notify").$type<string[]>().notNull(),
    cc: jsonb("cc").$type<string[]>().notNull(),
    flags: jsonb("flags").$type<string[]>().notNull(),
    flagsDone: jsonb("flags_done").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    reasons: jsonb("reasons").$type<string[]>().notNull(),
    fields: jsonb("fields").$type<Record<string, number | string | boolean>>().notNull(),

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

    clock: text("clock").notNull(),
    firstResponseDue: instant("first_response_due").notNull(),
    nextUpdateDue: instant("next_update_due"),
    resolutionDue: instant("resolution_due").notNull(),
    levelSince: instant("level_since").notNull(),
    levelBudgetDue: instant("level_budget_due"),

    reporterId: text("reporter_id").notNull(),
    reporterChannelId: text("reporter_channel_id"),
    createdAt: instant("created_at").notNull(),

    acknowledgedBy: text("acknowledged_by"),
    acknowledgedAt: instant("acknowledged_at"),

    lastUpdateAt: instant("last_update_at"),
    lastUpdateBy: text("last_update_by"),
    breachedAt: instant("breached_at"),
    customerRequested: boolean("customer_requested").notNull().default(false),

    resolvedBy: text("resolved_by"),
    resolvedAt: instant("resolved_at"),
    resolution: text("resolution"),
    rootCause: text("root_cause"),
    prevention: text("prevention"),

    messageChannelId: text("message_channel_id"),
    messageTs: text("message_ts"),

    ownerId: text("owner_id"),
    pausedAt: instant("paused_at"),
    pausedTimers: jsonb("paused_timers").$type<TimerKind[]>().notNull().default(sql`'[]'::jsonb`),
    pausedMs: bigint("paused_ms", { mode: "number" }).notNull().default(0),
    reclassification: jsonb("reclassification").$type<Reclassification>(),
    sourceMessageUrl: text("source_message_url"),
    reopenedAt: instant("reopened_at"),

    warRoomChannelId: text("war_room_channel_id"),
    warRoomName: text("war_room_name"),
    warRoomArchivedAt: instant("war_room_archived_at"),
    commanderId: text("commander_id"),
    roomStatusAt: instant("room_status_at"),
    parentId: integer("parent_id"),
    /** normaliseCustomer(customer): how a customer's earlier escalations are found (null before it was kept). */
    customerKey: text("customer_key"),
    /** The repeat it is (the customer's nth escalation in the playbook's window), shown on its post; null when not one. */
    repeat: jsonb("repeat").$type<RepeatMark>(),
  },
  (t) => [
    index("escalations_status_idx").on(t.status),
    index("escalations_open_by_severity_idx").on(t.status, t.severity, t.createdAt),
    index("escalations_message_idx").on(t.messageChannelId, t.messageTs),
    index("escalations_war_room_idx").on(t.warRoomChannelId),
    index("escalations_parent_idx").on(t.parentId),
    // A customer's earlier escalations in the repeat window: one index range, newest first.
    index("escalations_customer_idx").on(t.customerKey, t.createdAt),
    // The feature requests of a window: by category, newest first.
    index("escalations_category_idx").on(t.category, t.createdAt),
  ],
);

export const timelineEvents = pgTable(
  "timeline_events",
  {
    id: serialId(),
    escalationId: integer("escalation_id")
      .notNull()
      .references(() => escalations.id),
    at: instant("at").notNull(),
    kind: text("kind").$type<TimelineEvent["kind"]>().notNull(),
    actor: text("actor"),
    detail: jsonb("detail").$type<TimelineEvent["detail"]>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("timeline_escalation_idx").on(t.escalationId, t.at)],
);

export const outbox = pgTable(
  "outbox",
  {
    id: serialId(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    escalationId: integer("escalation_id").references(() => escalations.id),
    kind: text("kind").$type<OutboxKind>().notNull(),
    payload: jsonb("payload").$type<OutboxIntent>().notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull(),
    lastError: text("last_error"),
    sendingSince: instant("sending_since"),
    createdAt: instant("created_at").notNull(),
    sentAt: instant("sent_at"),
    queue: text("queue").notNull().default(""),
    priority: integer("priority").notNull().default(0),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("outbox_queue_idx").on(t.queue, t.status, t.priority, t.id),
    index("outbox_escalation_idx").on(t.escalationId, t.status, t.id),
  ],
);

export const timers = pgTable(
  "timers",
  {
    id: serialId(),
    escalationId: integer("escalation_id")
      .notNull()
      .references(() => escalations.id),
    kind: text("kind", { enum: TIMER_KINDS }).notNull(),
    dueAt: instant("due_at").notNull(),
  },
  (t) => [uniqueIndex("timers_escalation_kind_idx").on(t.escalationId, t.kind), index("timers_due_idx").on(t.dueAt)],
);

export const leases = pgTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: instant("expires_at").notNull(),
});

export const reviewPosts = pgTable(
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

export const requestReceipts = pgTable(
  "request_receipts",
  {
    key: text("key").primaryKey(),
    escalationId: integer("escalation_id").references(() => escalations.id),
    outcome: jsonb("outcome").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [index("request_receipts_created_idx").on(t.createdAt)],
);

export const installation = pgTable("installation", {
  /**
   * SQLite's `integer PRIMARY KEY` is the rowid, which fills itself in when omitted (so drizzle types
   * it as having a default); an identity column is PostgreSQL's equivalent. The bot always writes
   * id 1 explicitly, which a BY DEFAULT identity accepts.
   */
  id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
  teamId: text("team_id").notNull(),
  botUserId: text("bot_user_id").notNull(),
  createdAt: instant("created_at").notNull(),
  escalationIdFloor: integer("escalation_id_floor").notNull().default(1),
  signingKey: text("signing_key").notNull(),
});
