import { and, asc, eq, lt, lte, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DeliveryRoute, OutboxIntent } from "../domain/outbox-intent.js";
import type { Db } from "./connection.js";
import { outbox, type OutboxRow } from "./schema.js";

export class OutboxRepo {
  // Built once: a single state change enqueues several rows.
  private readonly insert;

  constructor(private readonly db: Db) {
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
    return this.db
      .select({ queue: outbox.queue, priority: sql<number>`min(${outbox.priority})` })
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
      .groupBy(outbox.queue)
      .orderBy(sql`min(${outbox.priority})`, sql`min(${outbox.id})`)
      .limit(limit)
      .all();
  }

  /** Queues with pending rows of one escalation (a sent post lets its other messages go). */
  queuesOf(escalationId: number): string[] {
    return this.db
      .selectDistinct({ queue: outbox.queue })
      .from(outbox)
      .where(and(eq(outbox.escalationId, escalationId), eq(outbox.status, "pending")))
      .all()
      .map((r) => r.queue);
  }

  /**
   * The next row of `queue` to send now: the most severe first, then the oldest. An escalation's
   * messages keep their order: none goes before an earlier pending one of its own in this queue,
   * nor before its channel post (a pointer, a DM or a confirmation links to that post).
   */
  nextInQueue(queue: string, now: number): OutboxRow | undefined {
    const earlier = alias(outbox, "earlier");
    return this.db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.queue, queue),
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, now),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(earlier)
              .where(
                and(
                  eq(earlier.escalationId, outbox.escalationId),
                  eq(earlier.status, "pending"),
                  lt(earlier.id, outbox.id),
                  or(eq(earlier.queue, outbox.queue), eq(earlier.kind, "post_escalation")),
                ),
              ),
          ),
        ),
      )
      .orderBy(asc(outbox.priority), asc(outbox.id))
      .limit(1)
      .get();
  }

  pendingCount(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(outbox).where(eq(outbox.status, "pending")).get()?.n ?? 0;
  }

  findByDedupeKey(key: string): OutboxRow | undefined {
    return this.db.select().from(outbox).where(eq(outbox.dedupeKey, key)).get();
  }

  /** Records that a send is starting, before any network call. */
  markSending(id: number, now: number): void {
    this.db.update(outbox).set({ sendingSince: now }).where(eq(outbox.id, id)).run();
  }

  markSent(id: number, now: number): void {
    this.db.update(outbox).set({ status: "sent", sentAt: now, lastError: null }).where(eq(outbox.id, id)).run();
  }

  scheduleRetry(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    this.db.update(outbox).set({ attempts, nextAttemptAt, lastError: error }).where(eq(outbox.id, id)).run();
  }

  markFailed(id: number, attempts: number, error: string): void {
    this.db.update(outbox).set({ status: "failed", attempts, lastError: error }).where(eq(outbox.id, id)).run();
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
