import { and, asc, eq, lt, lte, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { OutboxIntent } from "../domain/outbox-intent.js";
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
      })
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .prepare();
  }

  /** Adds a side effect; a second enqueue with the same dedupe key is ignored. */
  enqueue(escalationId: number | null, intent: OutboxIntent, dedupeKey: string, now: number): void {
    this.insert.run({ dedupeKey, escalationId, kind: intent.kind, payload: intent, now });
  }

  /**
   * Rows ready to send, oldest first, taking only the oldest pending row of each escalation so its
   * messages reach Slack in the order they happened (a thread reply never precedes its parent post).
   */
  due(now: number, limit: number): OutboxRow[] {
    const earlier = alias(outbox, "earlier");
    return this.db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, now),
          notExists(
            this.db
              .select({ one: sql`1` })
              .from(earlier)
              .where(and(eq(earlier.escalationId, outbox.escalationId), eq(earlier.status, "pending"), lt(earlier.id, outbox.id))),
          ),
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(limit)
      .all();
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
