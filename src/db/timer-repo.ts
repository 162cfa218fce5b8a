import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { timers, type TimerKind, type TimerRow } from "./schema.js";

export class TimerRepo {
  // Built once: every open, acknowledgement and tick sets or clears several timers.
  private readonly upsert;
  private readonly remove;
  private readonly byId;

  constructor(private readonly db: Db) {
    this.upsert = db
      .insert(timers)
      .values({ escalationId: sql.placeholder("escalationId"), kind: sql.placeholder("kind"), dueAt: sql.placeholder("dueAt") })
      .onConflictDoUpdate({ target: [timers.escalationId, timers.kind], set: { dueAt: sql`excluded.due_at` } })
      .prepare();
    this.remove = db
      .delete(timers)
      .where(and(eq(timers.escalationId, sql.placeholder("escalationId")), eq(timers.kind, sql.placeholder("kind"))))
      .prepare();
    this.byId = db.select().from(timers).where(eq(timers.id, sql.placeholder("id"))).prepare();
  }

  /** Sets (or moves) one clock of an escalation. */
  set(escalationId: number, kind: TimerKind, dueAt: number): void {
    this.upsert.run({ escalationId, kind, dueAt });
  }

  clear(escalationId: number, kind: TimerKind): void {
    this.remove.run({ escalationId, kind });
  }

  clearAll(escalationId: number): void {
    this.db.delete(timers).where(eq(timers.escalationId, escalationId)).run();
  }

  /** Clocks that have run out by `now`, earliest first: an index range scan on due_at. */
  due(now: number, limit: number): TimerRow[] {
    return this.db.select().from(timers).where(lte(timers.dueAt, now)).orderBy(asc(timers.dueAt), asc(timers.id)).limit(limit).all();
  }

  find(id: number): TimerRow | undefined {
    return this.byId.get({ id });
  }
}
