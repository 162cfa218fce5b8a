import { and, asc, eq, lte } from "drizzle-orm";
import type { Db } from "./connection.js";
import { timers, type TimerKind, type TimerRow } from "./schema.js";

export class TimerRepo {
  constructor(private readonly db: Db) {}

  /** Sets (or moves) one clock of an escalation. */
  set(escalationId: number, kind: TimerKind, dueAt: number): void {
    this.db
      .insert(timers)
      .values({ escalationId, kind, dueAt })
      .onConflictDoUpdate({ target: [timers.escalationId, timers.kind], set: { dueAt } })
      .run();
  }

  clear(escalationId: number, kind: TimerKind): void {
    this.db.delete(timers).where(and(eq(timers.escalationId, escalationId), eq(timers.kind, kind))).run();
  }

  clearAll(escalationId: number): void {
    this.db.delete(timers).where(eq(timers.escalationId, escalationId)).run();
  }

  /** Clocks that have run out by `now`, earliest first: an index range scan on due_at. */
  due(now: number, limit: number): TimerRow[] {
    return this.db.select().from(timers).where(lte(timers.dueAt, now)).orderBy(asc(timers.dueAt), asc(timers.id)).limit(limit).all();
  }

  find(id: number): TimerRow | undefined {
    return this.db.select().from(timers).where(eq(timers.id, id)).get();
  }
}
