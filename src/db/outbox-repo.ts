import { and, asc, eq, inArray, like, lt, lte, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { CHANNEL_WAIT_ERRORS } from "../domain/channel-wait.js";
import type { DeliveryRoute, OutboxIntent } from "../domain/outbox-intent.js";
import type { Db } from "./connection.js";
import { outbox, type OutboxRow } from "./schema.js";

const ph = sql.placeholder;

/** A pending row whose last try met a missing or closed channel (its error starts with the code). */
const waitsForChannel = and(
  eq(outbox.status, "pending"),
  or(...CHANNEL_WAIT_ERRORS.flatMap((code) => [eq(outbox.lastError, code), like(outbox.lastError, `${code}:%`)])),
);

/** The queries of the delivery hot path, built once per database (building costs more than running). */
function preparedQueries(db: Db) {
  const earlier = alias(outbox, "earlier");
  return {
    dueQueues: db
      .select({ queue: outbox.queue, priority: sql<number>`min(${outbox.priority})` })
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, ph("now"))))
      .groupBy(outbox.queue)
      .orderBy(sql`min(${outbox.priority})`, sql`min(${outbox.id})`)
      .limit(ph("limit"))
      .prepare(),
    queuesOf: db
      .selectDistinct({ queue: outbox.queue })
      .from(outbox)
      .where(and(eq(outbox.escalationId, ph("escalationId")), eq(outbox.status, "pending")))
      .prepare(),
    releaseHeld: db
      .update(outbox)
      .set({ status: "pending" })
      .where(and(eq(outbox.escalationId, ph("escalationId")), eq(outbox.status, "held")))
      .prepare(),
    nextInQueue: db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.queue, ph("queue")),
          eq(outbox.status, "pending"),
          // The unary + keeps SQLite on the queue index (already in send order) instead of scanning
          // every due row of every queue and sorting them.
          sql`+${outbox.nextAttemptAt} <= ${ph("now")}`,
          notExists(
            db
              .select({ one: sql`1` })
              .from(earlier)
              .where(and(eq(earlier.escalationId, outbox.escalationId), eq(earlier.status, "pending"), lt(earlier.id, outbox.id), eq(earlier.queue, outbox.queue))),
          ),
        ),
      )
      .orderBy(asc(outbox.priority), asc(outbox.id))
      .limit(1)
      .prepare(),
    byDedupeKey: db.select().from(outbox).where(eq(outbox.dedupeKey, ph("key"))).prepare(),
    markSending: db.update(outbox).set({ sendingSince: sql`${ph("now")}` }).where(eq(outbox.id, ph("id"))).prepare(),
    markSent: db.update(outbox).set({ status: "sent", sentAt: sql`${ph("now")}`, lastError: null }).where(eq(outbox.id, ph("id"))).prepare(),
  };
}

export class OutboxRepo {
  // Built once: a single state change enqueues several rows.
  private readonly insert;
  private readonly q: ReturnType<typeof preparedQueries>;

  constructor(private readonly db: Db) {
    this.q = preparedQueries(db);
    this.insert = db
      .insert(outbox)
      .values({
        dedupeKey: sql.placeholder("dedupeKey"),
        escalationId: sql.placeholder("escalationId"),
        kind: sql.placeholder("kind"),
        payload: sql.placeholder("payload"),
        nextAttemptAt: sql.placeholder("now"),
        createdAt: sql.placeholder("now"),
        queue: sql.placeholder("queue"),
        priority: sql.placeholder("priority"),
        // A pointer, DM or confirmation links to the escalation's post: while that is still to be
        // sent elsewhere, the row is held, so its queue neither sends it nor has to look past it.
        status: sql`CASE WHEN ${sql.placeholder("kind")} != 'post_escalation' AND EXISTS (
          SELECT 1 FROM outbox p WHERE p.escalation_id = ${sql.placeholder("escalationId")} AND p.kind = 'post_escalation'
            AND p.status = 'pending' AND p.queue != ${sql.placeholder("queue")}) THEN 'held' ELSE 'pending' END`,
      })
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .prepare();
  }

  /** Adds a side effect to its destination's queue; a second enqueue with the same dedupe key is ignored. */
  enqueue(escalationId: number | null, intent: OutboxIntent, dedupeKey: string, now: number, route: DeliveryRoute): void {
    this.insert.run({ dedupeKey, escalationId, kind: intent.kind, payload: intent, now, queue: route.queue, priority: route.priority });
  }

  /** Queues with a row due now, the most severe first. */
  dueQueues(now: number, limit: number): { queue: string; priority: number }[] {
    return this.q.dueQueues.all({ now, limit });
  }

  /** Queues with rows of one escalation to send (a settled post lets its other messages go). */
  queuesOf(escalationId: number): string[] {
    return this.q.queuesOf.all({ escalationId }).map((r) => r.queue);
  }

  /** Once an escalation's post is settled (sent or failed for good), what waited for it may go. */
  releaseHeld(escalationId: number): void {
    this.q.releaseHeld.run({ escalationId });
  }

  /** Held rows whose post is no longer pending (a process died between the two writes) are let go. */
  releaseOrphans(): number {
    const post = alias(outbox, "post");
    return this.db
      .update(outbox)
      .set({ status: "pending" })
      .where(
        and(
          eq(outbox.status, "held"),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(post)
              .where(and(eq(post.escalationId, outbox.escalationId), eq(post.kind, "post_escalation"), eq(post.status, "pending"))),
          ),
        ),
      )
      .run().changes;
  }

  /**
   * The next row of `queue` to send now: the most severe first, then the oldest, and never before
   * an earlier pending row of its own escalation in this queue.
   */
  nextInQueue(queue: string, now: number): OutboxRow | undefined {
    return this.q.nextInQueue.get({ queue, now });
  }

  /** When the oldest message still to be sent was written; undefined when there is none. */
  oldestPendingCreatedAt(): number | undefined {
    return this.db.select({ at: sql<number | null>`min(${outbox.createdAt})` }).from(outbox).where(inArray(outbox.status, ["pending", "held"])).get()?.at ?? undefined;
  }

  /** Rows still to be sent, held ones included. */
  pendingCount(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(outbox).where(inArray(outbox.status, ["pending", "held"])).get()?.n ?? 0;
  }

  findByDedupeKey(key: string): OutboxRow | undefined {
    return this.q.byDedupeKey.get({ key });
  }

  /** Records that a send is starting, before any network call. */
  markSending(id: number, now: number): void {
    this.q.markSending.run({ id, now });
  }

  markSent(id: number, now: number): void {
    this.q.markSent.run({ id, now });
  }

  scheduleRetry(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    this.db.update(outbox).set({ attempts, nextAttemptAt, lastError: error }).where(eq(outbox.id, id)).run();
  }

  markFailed(id: number, attempts: number, error: string): void {
    this.db.update(outbox).set({ status: "failed", attempts, lastError: error }).where(eq(outbox.id, id)).run();
  }

  /**
   * Rows of these queues that wait for their channel become due now (the channel was created, or
   * the bot was invited), instead of at the end of their backoff. Their attempts start again from
   * zero: the deliverer then looks the channel up afresh, and should Slack not show it yet, the
   * next try comes after the shortest wait again. Returns how many.
   */
  retryWaitingNow(queues: readonly string[], now: number): number {
    if (queues.length === 0) return 0;
    return this.db
      .update(outbox)
      .set({ nextAttemptAt: now, attempts: 0 })
      .where(and(waitsForChannel, inArray(outbox.queue, [...queues])))
      .run().changes;
  }

  /** One escalation's rows that wait for their channel, made due now as retryWaitingNow does. */
  retryWaitingOf(escalationId: number, now: number): OutboxRow[] {
    const waiting = this.db.select().from(outbox).where(and(waitsForChannel, eq(outbox.escalationId, escalationId))).all();
    if (waiting.length > 0) this.db.update(outbox).set({ nextAttemptAt: now, attempts: 0 }).where(inArray(outbox.id, waiting.map((r) => r.id))).run();
    return waiting.map((r) => ({ ...r, nextAttemptAt: now, attempts: 0 }));
  }

  findByIds(ids: readonly number[]): OutboxRow[] {
    if (ids.length === 0) return [];
    return this.db.select().from(outbox).where(inArray(outbox.id, [...ids])).all();
  }

  /** A refresh renders current state, so later pending refreshes of the same message are already done. */
  completePendingRefreshes(escalationId: number, now: number): void {
    this.db
      .update(outbox)
      .set({ status: "sent", sentAt: now })
      .where(and(eq(outbox.escalationId, escalationId), eq(outbox.kind, "refresh_escalation"), eq(outbox.status, "pending")))
      .run();
  }
}
