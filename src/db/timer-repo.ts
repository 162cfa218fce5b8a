import { and, asc, eq, lte, sql } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import { forUpdate } from "./dialect.js";
import type { TimerKind, TimerRow } from "./schema.js";

export class TimerRepo {
  constructor(private readonly tx: Tx) {}

  private get table() {
    return this.tx.t.timers;
  }

  /** Sets (or moves) one clock of an escalation. */
  async set(escalationId: number, kind: TimerKind, dueAt: number): Promise<void> {
    const t = this.table;
    await this.tx.q
      .insert(t)
      .values({ escalationId, kind, dueAt })
      .onConflictDoUpdate({ target: [t.escalationId, t.kind], set: { dueAt: sql`excluded.due_at` } });
  }

  async clear(escalationId: number, kind: TimerKind): Promise<void> {
    const t = this.table;
    await this.tx.q.delete(t).where(and(eq(t.escalationId, escalationId), eq(t.kind, kind)));
  }

  async clearAll(escalationId: number): Promise<void> {
    await this.tx.q.delete(this.table).where(eq(this.table.escalationId, escalationId));
  }

  /** Clocks that have run out by `now`, earliest first: an index range scan on due_at. */
  due(now: number, limit: number): Promise<TimerRow[]> {
    const t = this.table;
    return this.tx.q.select().from(t).where(lte(t.dueAt, now)).orderBy(asc(t.dueAt), asc(t.id)).limit(limit);
  }

  async find(id: number): Promise<TimerRow | undefined> {
    return first(await this.tx.q.select().from(this.table).where(eq(this.table.id, id)));
  }

  /**
   * The timer, locked until the transaction ends: of two schedulers that both saw it due, the second
   * waits for the first and then finds it moved or gone (every handler sets the clock again or
   * clears it). SQLite's write transaction holds the whole database already.
   */
  async findForUpdate(id: number): Promise<TimerRow | undefined> {
    const query = this.tx.q.select().from(this.table).where(eq(this.table.id, id));
    return first(this.tx.engine === "postgres" ? await forUpdate(query) : await query);
  }
}
