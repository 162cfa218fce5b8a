import { and, desc, eq, inArray } from "drizzle-orm";
import type { TimelineEvent, TimelineEventKind } from "../domain/timeline-event.js";
import { first, type Tx } from "./database.js";
import { prepared, type Placeholders } from "./prepared.js";
import type { timelineEvents, TimelineEventRow } from "./schema.js";

/** An event to append: what happened (kind and its detail together), to which escalation, when, by whom. */
export type NewTimelineEvent = { escalationId: number; at: number; actor?: string | null } & TimelineEvent;

/**
 * The columns hold a kind and a detail each; every row was written by `append` from one
 * TimelineEvent, so read back they are that event again (what the cast says).
 */
const asEvent = (row: typeof timelineEvents.$inferSelect): TimelineEventRow => row as TimelineEventRow;

const append = prepared(
  "timeline_append",
  (tx, p: Placeholders<{ escalationId: number; at: number; kind: string; actor: string | null; detail: unknown }>) => {
    const values = { escalationId: p.escalationId, at: p.at, kind: p.kind, actor: p.actor, detail: p.detail } as unknown as typeof timelineEvents.$inferInsert;
    return tx.q.insert(tx.t.timelineEvents).values(values).returning();
  },
);

const byId = prepared("timeline_by_id", (tx, p: Placeholders<{ id: number }>) => {
  const t = tx.t.timelineEvents;
  return tx.q.select().from(t).where(eq(t.id, p.id));
});

export class TimelineRepo {
  constructor(private readonly tx: Tx) {}

  async append(event: NewTimelineEvent): Promise<TimelineEventRow> {
    const rows = await append(this.tx, { escalationId: event.escalationId, at: event.at, kind: event.kind, actor: event.actor ?? null, detail: event.detail });
    return asEvent(rows[0]!);
  }

  async findById(id: number): Promise<TimelineEventRow | undefined> {
    const row = first(await byId(this.tx, { id }));
    return row && asEvent(row);
  }

  /** An escalation's latest event of `kind`, if any. */
  async latestOfKind<K extends TimelineEventKind>(escalationId: number, kind: K): Promise<Extract<TimelineEventRow, { kind: K }> | undefined> {
    const t = this.tx.t.timelineEvents;
    const rows = await this.tx.q
      .select()
      .from(t)
      .where(and(eq(t.escalationId, escalationId), eq(t.kind, kind)))
      .orderBy(desc(t.at), desc(t.id))
      .limit(1);
    const row = first(rows);
    return row && (asEvent(row) as Extract<TimelineEventRow, { kind: K }>);
  }

  /** The events of `kind` of these escalations (an indexed look-up per escalation), oldest first. */
  async ofKindFor<K extends TimelineEventKind>(escalationIds: readonly number[], kind: K): Promise<Extract<TimelineEventRow, { kind: K }>[]> {
    const t = this.tx.t.timelineEvents;
    const found: Extract<TimelineEventRow, { kind: K }>[] = [];
    for (let i = 0; i < escalationIds.length; i += 500) {
      const chunk = escalationIds.slice(i, i + 500);
      const rows = await this.tx.q.select().from(t).where(and(inArray(t.escalationId, chunk), eq(t.kind, kind))).orderBy(t.at, t.id);
      found.push(...rows.map((r) => asEvent(r) as Extract<TimelineEventRow, { kind: K }>));
    }
    return found;
  }

  /** Every event of an escalation, oldest first (its whole timeline, for an export). */
  async history(escalationId: number): Promise<TimelineEventRow[]> {
    const t = this.tx.t.timelineEvents;
    const rows = await this.tx.q.select().from(t).where(eq(t.escalationId, escalationId)).orderBy(t.at, t.id);
    return rows.map(asEvent);
  }

  /** The whole timelines of these escalations, each oldest first, read in chunks (an engine caps a statement's parameters). */
  async historiesOf(escalationIds: readonly number[]): Promise<Map<number, TimelineEventRow[]>> {
    const t = this.tx.t.timelineEvents;
    const byEscalation = new Map<number, TimelineEventRow[]>(escalationIds.map((id) => [id, []]));
    for (let i = 0; i < escalationIds.length; i += 500) {
      const chunk = escalationIds.slice(i, i + 500);
      const rows = await this.tx.q.select().from(t).where(inArray(t.escalationId, chunk)).orderBy(t.escalationId, t.at, t.id);
      for (const row of rows) byEscalation.get(row.escalationId)?.push(asEvent(row));
    }
    return byEscalation;
  }

  /** The latest events of an escalation, newest first. */
  async latest(escalationId: number, limit: number): Promise<TimelineEventRow[]> {
    const t = this.tx.t.timelineEvents;
    const rows = await this.tx.q.select().from(t).where(eq(t.escalationId, escalationId)).orderBy(desc(t.at), desc(t.id)).limit(limit);
    return rows.map(asEvent);
  }
}
