import { and, asc, count, eq, inArray, like, lt, lte, max, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { CHANNEL_WAIT_ERRORS } from "../domain/channel-wait.js";
import type { DeliveryRoute, OutboxIntent } from "../domain/outbox-intent.js";
import { first, type Tx } from "./database.js";
import { prepared, type Placeholders } from "./prepared.js";
import type { OutboxRow } from "./schema.js";

type OutboxTable = Tx["t"]["outbox"];

// What every escalation writes and delivery reads and marks, over and over: built once (prepared.ts).

type EnqueueValues = {
  dedupeKey: string;
  escalationId: number | null;
  kind: string;
  payload: OutboxIntent;
  now: number;
  queue: string;
  priority: number;
};

/**
 * A pointer, DM or confirmation links to the escalation's post: while that is still to be sent
 * elsewhere, the row is held, so its queue neither sends it nor has to look past it. A post, or a
 * row of no escalation, is pending at once.
 */
const enqueue = (heldWhilePostElsewhere: boolean) =>
  prepared(heldWhilePostElsewhere ? "outbox_enqueue_after_post" : "outbox_enqueue", (tx, p: Placeholders<EnqueueValues>) => {
    const o = tx.t.outbox;
    const postElsewhere = () => sql`EXISTS (SELECT 1 FROM outbox p WHERE p.escalation_id = ${p.escalationId} AND p.kind = 'post_escalation'
      AND p.status = 'pending' AND p.queue != ${p.queue})`;
    const values = {
      dedupeKey: p.dedupeKey,
      escalationId: p.escalationId,
      kind: p.kind,
      payload: p.payload,
      nextAttemptAt: p.now,
      createdAt: p.now,
      queue: p.queue,
      priority: p.priority,
      status: heldWhilePostElsewhere ? sql`CASE WHEN ${postElsewhere()} THEN 'held' ELSE 'pending' END` : "pending",
    } as unknown as typeof o.$inferInsert;
    return tx.q.insert(o).values(values).onConflictDoNothing({ target: o.dedupeKey });
  });
const enqueuePending = enqueue(false);
const enqueueAfterPost = enqueue(true);

/** One message of several written together (enqueueAll). */
export interface QueuedMessage {
  intent: OutboxIntent;
  dedupeKey: string;
  route: DeliveryRoute;
}

/**
 * Several messages about one escalation, none of them its post, in one multi-row insert: a change
 * re-renders the post and replies in its thread, and each statement is a round trip on PostgreSQL.
 * Each row is held as enqueueAfterPost holds it (the post is never among them, so every row's
 * EXISTS sees what the statement before it wrote). One prepared query per number of rows.
 */
const enqueueAfterPostMany = new Map<number, ReturnType<typeof enqueueAfterPostOf>>();
const enqueueAfterPostOf = (n: number) =>
  prepared(`outbox_enqueue_after_post_${n}`, (tx, _: Placeholders<Record<string, unknown>>) => {
    const o = tx.t.outbox;
    const at = sql.placeholder;
    const rows = Array.from({ length: n }, (_, i) => ({
      dedupeKey: at(`dedupeKey${i}`),
      escalationId: at("escalationId"),
      kind: at(`kind${i}`),
      payload: at(`payload${i}`),
      nextAttemptAt: at("now"),
      createdAt: at("now"),
      queue: at(`queue${i}`),
      priority: at(`priority${i}`),
      status: sql`CASE WHEN EXISTS (SELECT 1 FROM outbox p WHERE p.escalation_id = ${at("escalationId")} AND p.kind = 'post_escalation'
        AND p.status = 'pending' AND p.queue != ${at(`queue${i}`)}) THEN 'held' ELSE 'pending' END`,
    })) as unknown as (typeof o.$inferInsert)[];
    return tx.q.insert(o).values(rows).onConflictDoNothing({ target: o.dedupeKey });
  });

const dueQueues = prepared("outbox_due_queues", (tx, p: Placeholders<{ now: number; limit: number }>) => {
  const o = tx.t.outbox;
  return tx.q
    .select({ queue: o.queue, priority: sql<number>`min(${o.priority})`.mapWith(Number) })
    .from(o)
    .where(and(eq(o.status, "pending"), lte(o.nextAttemptAt, p.now)))
    .groupBy(o.queue)
    .orderBy(sql`min(${o.priority})`, sql`min(${o.id})`)
    .limit(p.limit);
});

const nextInQueue = prepared("outbox_next_in_queue", (tx, p: Placeholders<{ queue: string; now: number }>) => {
  const o = tx.t.outbox;
  const earlier = alias(o, "earlier");
  return tx.q
    .select()
    .from(o)
    .where(
      and(
        eq(o.queue, p.queue),
        eq(o.status, "pending"),
        // The unary + keeps SQLite on the queue index (already in send order) instead of scanning
        // every due row of every queue and sorting them.
        sql`+${o.nextAttemptAt} <= ${p.now}`,
        notExists(
          tx.q
            .select({ one: sql`1` })
            .from(earlier)
            .where(and(eq(earlier.escalationId, o.escalationId), eq(earlier.status, "pending"), lt(earlier.id, o.id), eq(earlier.queue, o.queue))),
        ),
      ),
    )
    .orderBy(asc(o.priority), asc(o.id))
    .limit(1);
});

const byDedupeKey = prepared("outbox_by_dedupe_key", (tx, p: Placeholders<{ key: string }>) => {
  const o = tx.t.outbox;
  return tx.q.select().from(o).where(eq(o.dedupeKey, p.key));
});

const queuesOf = prepared("outbox_queues_of", (tx, p: Placeholders<{ escalationId: number }>) => {
  const o = tx.t.outbox;
  return tx.q.selectDistinct({ queue: o.queue }).from(o).where(and(eq(o.escalationId, p.escalationId), eq(o.status, "pending")));
});

const releaseHeld = prepared("outbox_release_held", (tx, p: Placeholders<{ escalationId: number }>) => {
  const o = tx.t.outbox;
  return tx.q.update(o).set({ status: "pending" }).where(and(eq(o.escalationId, p.escalationId), eq(o.status, "held")));
});

const completePendingRefreshes = prepared("outbox_complete_pending_refreshes", (tx, p: Placeholders<{ escalationId: number; upTo: number; now: number }>) => {
  const o = tx.t.outbox;
  const set = { status: "sent", sentAt: p.now } as unknown as Partial<OutboxRow>;
  return tx.q
    .update(o)
    .set(set)
    .where(and(eq(o.escalationId, p.escalationId), eq(o.kind, "refresh_escalation"), eq(o.status, "pending"), lte(o.id, p.upTo)));
});

const latestRefreshId = prepared("outbox_latest_refresh_id", (tx, p: Placeholders<{ escalationId: number }>) => {
  const o = tx.t.outbox;
  return tx.q
    .select({ id: max(o.id) })
    .from(o)
    .where(and(eq(o.escalationId, p.escalationId), eq(o.kind, "refresh_escalation")));
});

/** An update of some columns of one row by id. */
function setById<V extends Record<string, unknown>>(name: string, columns: (p: Placeholders<V>) => Partial<OutboxRow>) {
  return prepared(name, (tx, p: Placeholders<V & { id: number }>) => {
    const o = tx.t.outbox;
    return tx.q.update(o).set(columns(p as Placeholders<V>)).where(eq(o.id, p.id));
  });
}

// Placeholders in set() are typed out, yet drizzle encodes them for their columns like any value.
const markSending = setById("outbox_mark_sending", (p: Placeholders<{ now: number }>) => ({ sendingSince: p.now }) as unknown as Partial<OutboxRow>);
const markSent = setById("outbox_mark_sent", (p: Placeholders<{ now: number }>) => ({ status: "sent", sentAt: p.now, lastError: null }) as unknown as Partial<OutboxRow>);
const scheduleRetry = setById(
  "outbox_schedule_retry",
  (p: Placeholders<{ attempts: number; nextAttemptAt: number; error: string }>) =>
    ({ attempts: p.attempts, nextAttemptAt: p.nextAttemptAt, lastError: p.error }) as unknown as Partial<OutboxRow>,
);
const markFailed = setById(
  "outbox_mark_failed",
  (p: Placeholders<{ attempts: number; error: string }>) => ({ status: "failed", attempts: p.attempts, lastError: p.error }) as unknown as Partial<OutboxRow>,
);

/** A pending row whose last try met a missing or closed channel (its error starts with the code). */
function waitsForChannel(outbox: OutboxTable) {
  return and(
    eq(outbox.status, "pending"),
    or(...CHANNEL_WAIT_ERRORS.flatMap((code) => [eq(outbox.lastError, code), like(outbox.lastError, `${code}:%`)])),
  );
}

export class OutboxRepo {
  private readonly outbox: OutboxTable;

  constructor(private readonly tx: Tx) {
    this.outbox = tx.t.outbox;
  }

  /** Adds a side effect to its destination's queue; a second enqueue with the same dedupe key is ignored. */
  async enqueue(escalationId: number | null, intent: OutboxIntent, dedupeKey: string, now: number, route: DeliveryRoute): Promise<void> {
    const insert = intent.kind === "post_escalation" || escalationId === null ? enqueuePending : enqueueAfterPost;
    await insert(this.tx, { dedupeKey, escalationId, kind: intent.kind, payload: intent, now, queue: route.queue, priority: route.priority });
  }

  /**
   * Several messages about escalation `escalationId` in one statement; a second enqueue with a row's
   * dedupe key leaves that row out. The escalation's post is never among them (it goes by enqueue).
   */
  async enqueueAll(escalationId: number, messages: readonly QueuedMessage[], now: number): Promise<void> {
    const posts = messages.filter((m) => m.intent.kind === "post_escalation");
    if (messages.length <= 1 || posts.length > 0) {
      for (const m of messages) await this.enqueue(escalationId, m.intent, m.dedupeKey, now, m.route);
      return;
    }
    let insert = enqueueAfterPostMany.get(messages.length);
    if (!insert) {
      insert = enqueueAfterPostOf(messages.length);
      enqueueAfterPostMany.set(messages.length, insert);
    }
    const values: Record<string, unknown> = { escalationId, now };
    messages.forEach((m, i) => {
      values[`dedupeKey${i}`] = m.dedupeKey;
      values[`kind${i}`] = m.intent.kind;
      values[`payload${i}`] = m.intent;
      values[`queue${i}`] = m.route.queue;
      values[`priority${i}`] = m.route.priority;
    });
    await insert(this.tx, values);
  }

  /** Queues with a row due now, the most severe first. */
  dueQueues(now: number, limit: number): Promise<{ queue: string; priority: number }[]> {
    return dueQueues(this.tx, { now, limit });
  }

  /** Queues with rows of one escalation to send (a settled post lets its other messages go). */
  async queuesOf(escalationId: number): Promise<string[]> {
    return (await queuesOf(this.tx, { escalationId })).map((r) => r.queue);
  }

  /** Once an escalation's post is settled (sent or failed for good), what waited for it may go. */
  async releaseHeld(escalationId: number): Promise<void> {
    await releaseHeld(this.tx, { escalationId });
  }

  /** Held rows whose post is no longer pending (a process died between the two writes) are let go. */
  async releaseOrphans(): Promise<number> {
    const o = this.outbox;
    const post = alias(o, "post");
    const released = await this.tx.q
      .update(o)
      .set({ status: "pending" })
      .where(
        and(
          eq(o.status, "held"),
          notExists(
            this.tx.q
              .select({ one: sql`1` })
              .from(post)
              .where(and(eq(post.escalationId, o.escalationId), eq(post.kind, "post_escalation"), eq(post.status, "pending"))),
          ),
        ),
      )
      .returning({ id: o.id });
    return released.length;
  }

  /**
   * The next row of `queue` to send now: the most severe first, then the oldest, and never before
   * an earlier pending row of its own escalation in this queue.
   */
  async nextInQueue(queue: string, now: number): Promise<OutboxRow | undefined> {
    return first(await nextInQueue(this.tx, { queue, now }));
  }

  /** When the oldest message still to be sent was written; undefined when there is none. */
  async oldestPendingCreatedAt(): Promise<number | undefined> {
    const o = this.outbox;
    const row = first(await this.tx.q.select({ at: sql<number | null>`min(${o.createdAt})`.mapWith(Number) }).from(o).where(inArray(o.status, ["pending", "held"])));
    return row?.at ?? undefined;
  }

  /** Rows still to be sent, held ones included. */
  async pendingCount(): Promise<number> {
    const o = this.outbox;
    return first(await this.tx.q.select({ n: count() }).from(o).where(inArray(o.status, ["pending", "held"])))?.n ?? 0;
  }

  async findByDedupeKey(key: string): Promise<OutboxRow | undefined> {
    return first(await byDedupeKey(this.tx, { key }));
  }

  /** Records that a send is starting, before any network call. */
  async markSending(id: number, now: number): Promise<void> {
    await markSending(this.tx, { id, now });
  }

  async markSent(id: number, now: number): Promise<void> {
    await markSent(this.tx, { id, now });
  }

  async scheduleRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await scheduleRetry(this.tx, { id, attempts, nextAttemptAt, error });
  }

  async markFailed(id: number, attempts: number, error: string): Promise<void> {
    await markFailed(this.tx, { id, attempts, error });
  }

  /**
   * Rows of these queues that wait for their channel become due now (the channel was created, or
   * the bot was invited), instead of at the end of their backoff. Their attempts start again from
   * zero: the deliverer then looks the channel up afresh, and should Slack not show it yet, the
   * next try comes after the shortest wait again. Returns how many.
   */
  async retryWaitingNow(queues: readonly string[], now: number): Promise<number> {
    if (queues.length === 0) return 0;
    const o = this.outbox;
    const due = await this.tx.q
      .update(o)
      .set({ nextAttemptAt: now, attempts: 0 })
      .where(and(waitsForChannel(o), inArray(o.queue, [...queues])))
      .returning({ id: o.id });
    return due.length;
  }

  /** One escalation's rows that wait for their channel, made due now as retryWaitingNow does. */
  async retryWaitingOf(escalationId: number, now: number): Promise<OutboxRow[]> {
    const o = this.outbox;
    return this.tx.q
      .update(o)
      .set({ nextAttemptAt: now, attempts: 0 })
      .where(and(waitsForChannel(o), eq(o.escalationId, escalationId)))
      .returning();
  }

  findByIds(ids: readonly number[]): Promise<OutboxRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.tx.q.select().from(this.outbox).where(inArray(this.outbox.id, [...ids]));
  }

  /**
   * An integration refused this row for good (a wrong key, a gone URL): it is parked, and so is its
   * queue (queueParked), until an operator's retry (unpark).
   */
  async park(id: number, attempts: number, error: string): Promise<void> {
    await this.tx.q.update(this.outbox).set({ status: "parked", attempts, lastError: error }).where(eq(this.outbox.id, id));
  }

  /** The error that parked this queue, if a row of it is parked. */
  async queueParked(queue: string): Promise<string | undefined> {
    const o = this.outbox;
    const row = first(await this.tx.q.select({ error: o.lastError }).from(o).where(and(eq(o.queue, queue), eq(o.status, "parked"))).orderBy(asc(o.id)).limit(1));
    return row ? (row.error ?? "refused") : undefined;
  }

  /** Parked queues: how many rows each holds and the error that parked the first. */
  async parkedQueues(): Promise<{ queue: string; rows: number; error: string }[]> {
    const o = this.outbox;
    const counts = await this.tx.q.select({ queue: o.queue, rows: count() }).from(o).where(eq(o.status, "parked")).groupBy(o.queue).orderBy(o.queue);
    const out: { queue: string; rows: number; error: string }[] = [];
    for (const c of counts) out.push({ queue: c.queue, rows: c.rows, error: (await this.queueParked(c.queue)) ?? "refused" });
    return out;
  }

  /**
   * An operator's retry: the queue's parked rows are pending again, their attempts counted from zero.
   * They are due at once: a row is parked at a try, so its next attempt time has passed already.
   * Returns how many.
   */
  async unpark(queue: string): Promise<number> {
    const o = this.outbox;
    const rows = await this.tx.q
      .update(o)
      .set({ status: "pending", attempts: 0 })
      .where(and(eq(o.queue, queue), eq(o.status, "parked")))
      .returning({ id: o.id });
    return rows.length;
  }

  /** Held rows of these queues go without waiting for their post (the integrations', while Slack refuses the token). */
  async releaseHeldIn(queues: readonly string[]): Promise<number> {
    const o = this.outbox;
    const rows = await this.tx.q.update(o).set({ status: "pending" }).where(and(eq(o.status, "held"), inArray(o.queue, [...queues]))).returning({ id: o.id });
    return rows.length;
  }

  /** What one escalation's rows of `kind` were written to do, whatever their status (the escalation's index finds them). */
  async intentsOf(escalationId: number, kind: OutboxIntent["kind"]): Promise<OutboxIntent[]> {
    const o = this.outbox;
    return (await this.tx.q.select({ payload: o.payload }).from(o).where(and(eq(o.escalationId, escalationId), eq(o.kind, kind)))).map((r) => r.payload);
  }

  /** The pending refreshes of the post written up to `upTo` (an outbox id): a refresh that read the state after them covers them. */
  async completePendingRefreshes(escalationId: number, upTo: number, now: number): Promise<void> {
    await completePendingRefreshes(this.tx, { escalationId, upTo, now });
  }

  /** The id of the newest refresh of the escalation's post, 0 when none was written. */
  async latestRefreshId(escalationId: number): Promise<number> {
    const [row] = await latestRefreshId(this.tx, { escalationId });
    return Number(row?.id ?? 0);
  }
}
