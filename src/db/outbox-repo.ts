import { and, asc, count, eq, inArray, like, lt, lte, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { CHANNEL_WAIT_ERRORS } from "../domain/channel-wait.js";
import type { DeliveryRoute, OutboxIntent } from "../domain/outbox-intent.js";
import { first, type Tx } from "./database.js";
import type { OutboxRow } from "./schema.js";

type OutboxTable = Tx["t"]["outbox"];

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
    const { queue } = route;
    // A pointer, DM or confirmation links to the escalation's post: while that is still to be sent
    // elsewhere, the row is held, so its queue neither sends it nor has to look past it.
    const postElsewhere =
      intent.kind === "post_escalation" || escalationId === null
        ? undefined
        : sql`EXISTS (SELECT 1 FROM outbox p WHERE p.escalation_id = ${escalationId} AND p.kind = 'post_escalation'
            AND p.status = 'pending' AND p.queue != ${queue})`;
    await this.tx.q
      .insert(this.outbox)
      .values({
        dedupeKey,
        escalationId,
        kind: intent.kind,
        payload: intent,
        nextAttemptAt: now,
        createdAt: now,
        queue,
        priority: route.priority,
        status: postElsewhere ? sql`CASE WHEN ${postElsewhere} THEN 'held' ELSE 'pending' END` : "pending",
      })
      .onConflictDoNothing({ target: this.outbox.dedupeKey });
  }

  /** Queues with a row due now, the most severe first. */
  dueQueues(now: number, limit: number): Promise<{ queue: string; priority: number }[]> {
    const o = this.outbox;
    return this.tx.q
      .select({ queue: o.queue, priority: sql<number>`min(${o.priority})`.mapWith(Number) })
      .from(o)
      .where(and(eq(o.status, "pending"), lte(o.nextAttemptAt, now)))
      .groupBy(o.queue)
      .orderBy(sql`min(${o.priority})`, sql`min(${o.id})`)
      .limit(limit);
  }

  /** Queues with rows of one escalation to send (a settled post lets its other messages go). */
  async queuesOf(escalationId: number): Promise<string[]> {
    const o = this.outbox;
    const rows = await this.tx.q.selectDistinct({ queue: o.queue }).from(o).where(and(eq(o.escalationId, escalationId), eq(o.status, "pending")));
    return rows.map((r) => r.queue);
  }

  /** Once an escalation's post is settled (sent or failed for good), what waited for it may go. */
  async releaseHeld(escalationId: number): Promise<void> {
    const o = this.outbox;
    await this.tx.q.update(o).set({ status: "pending" }).where(and(eq(o.escalationId, escalationId), eq(o.status, "held")));
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
    const o = this.outbox;
    const earlier = alias(o, "earlier");
    const rows = await this.tx.q
      .select()
      .from(o)
      .where(
        and(
          eq(o.queue, queue),
          eq(o.status, "pending"),
          // The unary + keeps SQLite on the queue index (already in send order) instead of scanning
          // every due row of every queue and sorting them.
          sql`+${o.nextAttemptAt} <= ${now}`,
          notExists(
            this.tx.q
              .select({ one: sql`1` })
              .from(earlier)
              .where(and(eq(earlier.escalationId, o.escalationId), eq(earlier.status, "pending"), lt(earlier.id, o.id), eq(earlier.queue, o.queue))),
          ),
        ),
      )
      .orderBy(asc(o.priority), asc(o.id))
      .limit(1);
    return first(rows);
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
    return first(await this.tx.q.select().from(this.outbox).where(eq(this.outbox.dedupeKey, key)));
  }

  /** Records that a send is starting, before any network call. */
  async markSending(id: number, now: number): Promise<void> {
    await this.tx.q.update(this.outbox).set({ sendingSince: now }).where(eq(this.outbox.id, id));
  }

  async markSent(id: number, now: number): Promise<void> {
    await this.tx.q.update(this.outbox).set({ status: "sent", sentAt: now, lastError: null }).where(eq(this.outbox.id, id));
  }

  async scheduleRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.tx.q.update(this.outbox).set({ attempts, nextAttemptAt, lastError: error }).where(eq(this.outbox.id, id));
  }

  async markFailed(id: number, attempts: number, error: string): Promise<void> {
    await this.tx.q.update(this.outbox).set({ status: "failed", attempts, lastError: error }).where(eq(this.outbox.id, id));
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

  /** A refresh renders current state, so later pending refreshes of the same message are already done. */
  async completePendingRefreshes(escalationId: number, now: number): Promise<void> {
    const o = this.outbox;
    await this.tx.q
      .update(o)
      .set({ status: "sent", sentAt: now })
      .where(and(eq(o.escalationId, escalationId), eq(o.kind, "refresh_escalation"), eq(o.status, "pending")));
  }
}
