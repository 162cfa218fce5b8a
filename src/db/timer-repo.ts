import { and, asc, eq, lte, or, sql } from "drizzle-orm";
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
/**
 * Several clocks of one escalation set in one statement (a multi-row upsert) and cleared in one: an
 * escalation opened starts four or five, and each statement is a round trip on PostgreSQL. One
 * prepared query per number of rows (a handful: there are few timer kinds).
 */
const setMany = new Map<number, ReturnType<typeof setOf>>();
const clearMany = new Map<number, ReturnType<typeof clearOf>>();
type ManyValues = Record<string, number | TimerKind>;
const at = sql.placeholder;
const setOf = (n: number) =>
  prepared(`timer_set_${n}`, (tx, _: Placeholders<ManyValues>) => {
    const t = tx.t.timers;
    const rows = Array.from({ length: n }, (_, i) => ({ escalationId: at("escalationId"), kind: at(`kind${i}`), dueAt: at(`due${i}`) })) as unknown as (typeof t.$inferInsert)[];
    return tx.q
      .insert(t)
      .values(rows)
      .onConflictDoUpdate({ target: [t.escalationId, t.kind], set: { dueAt: sql`excluded.due_at` } });
  });
const clearOf = (n: number) =>
  prepared(`timer_clear_${n}`, (tx, _: Placeholders<ManyValues>) => {
    const t = tx.t.timers;
    return tx.q.delete(t).where(and(eq(t.escalationId, at("escalationId")), or(...Array.from({ length: n }, (_, i) => eq(t.kind, at(`kind${i}`))))));
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

function many<Q>(built: Map<number, Q>, build: (n: number) => Q, n: number): Q {
  let query = built.get(n);
  if (!query) {
    query = build(n);
    built.set(n, query);
  }
  return query;
}

export class TimerRepo {
  constructor(private readonly tx: Tx) {}

  /** Sets (or moves) one clock of an escalation. */
  async set(escalationId: number, kind: TimerKind, dueAt: number): Promise<void> {
    await set(this.tx, { escalationId, kind, dueAt });
  }

  async clear(escalationId: number, kind: TimerKind): Promise<void> {
    await clear(this.tx, { escalationId, kind });
  }

  /**
   * Sets the clocks given a time and clears those given null, in one statement for the sets and one
   * for the clears (set and clear do one clock a statement).
   */
  async change(escalationId: number, timers: Partial<Record<TimerKind, number | null>>): Promise<void> {
    const entries = Object.entries(timers) as [TimerKind, number | null][];
    const sets = entries.filter((e): e is [TimerKind, number] => e[1] !== null);
    const clears = entries.filter(([, due]) => due === null).map(([kind]) => kind);
    if (sets.length === 1) await this.set(escalationId, sets[0]![0], sets[0]![1]);
    else if (sets.length > 1) await many(setMany, setOf, sets.length)(this.tx, { escalationId, ...Object.fromEntries(sets.flatMap(([kind, due], i) => [[`kind${i}`, kind], [`due${i}`, due]])) });
    if (clears.length === 1) await this.clear(escalationId, clears[0]!);
    else if (clears.length > 1) await many(clearMany, clearOf, clears.length)(this.tx, { escalationId, ...Object.fromEntries(clears.map((kind, i) => [`kind${i}`, kind])) });
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
