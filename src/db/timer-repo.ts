import { and, asc, eq, lte, sql } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import { forUpdate } from "./dialect.js";
import { prepared, type Placeholders } from "./prepared.js";
import type { TimerKind, TimerRow } from "./schema.js";

// Every change to an escalation sets or clears its clocks: built once (prepared.ts).
const set = prepared("timer_set", (tx, p: Placeholders<{ escalationId: number; kind: TimerKind; dueAt: number }>) => {
  const t = tx.t.timers;
  const values = { escalationId: p.escalationId, kind: p.kind, dueAt: p.dueAt } as unknown as typeof t.$inferInsert;
  return tx.q
    .insert(t)
    .values(values)
    .onConflictDoUpdate({ target: [t.escalationId, t.kind], set: { dueAt: sql`excluded.due_at` } });
});
const clear = prepared("timer_clear", (tx, p: Placeholders<{ escalationId: number; kind: TimerKind }>) => {
  const t = tx.t.timers;
  return tx.q.delete(t).where(and(eq(t.escalationId, p.escalationId), eq(t.kind, p.kind)));
});
const clearAll = prepared("timer_clear_all", (tx, p: Placeholders<{ escalationId: number }>) => {
  const t = tx.t.timers;
  return tx.q.delete(t).where(eq(t.escalationId, p.escalationId));
});
const due = prepared("timer_due", (tx, p: Placeholders<{ now: number; limit: number }>) => {
  const t = tx.t.timers;
  return tx.q.select().from(t).where(lte(t.dueAt, p.now)).orderBy(asc(t.dueAt), asc(t.id)).limit(p.limit);
});
const byIdForUpdate = prepared("timer_by_id_for_update", (tx, p: Placeholders<{ id: number }>) => {
  const t = tx.t.timers;
  return forUpdate(tx, tx.q.select().from(t).where(eq(t.id, p.id)));
});

export class TimerRepo {
  constructor(private readonly tx: Tx) {}

  /** Sets (or moves) one clock of an escalation. */
  async set(escalationId: number, kind: TimerKind, dueAt: number): Promise<void> {
    await set(this.tx, { escalationId, kind, dueAt });
  }

  async clear(escalationId: number, kind: TimerKind): Promise<void> {
    await clear(this.tx, { escalationId, kind });
  }

  async clearAll(escalationId: number): Promise<void> {
    await clearAll(this.tx, { escalationId });
  }

  /** An escalation's timers, earliest first (what a wait on the customer stops; tests). */
  ofEscalation(escalationId: number): Promise<TimerRow[]> {
    const t = this.tx.t.timers;
    return this.tx.q.select().from(t).where(eq(t.escalationId, escalationId)).orderBy(asc(t.dueAt), asc(t.id));
  }

  /** Clocks that have run out by `now`, earliest first: an index range scan on due_at. */
  due(now: number, limit: number): Promise<TimerRow[]> {
    return due(this.tx, { now, limit });
  }

  /**
   * The timer, locked until the transaction ends: of two schedulers that both saw it due, the second
   * waits for the first and then finds it moved or gone (every handler sets the clock again or
   * clears it). SQLite's write transaction holds the whole database already.
   */
  async findForUpdate(id: number): Promise<TimerRow | undefined> {
    return first(await byIdForUpdate(this.tx, { id }));
  }
}
