import { desc, eq } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import type { TimelineEventRow } from "./schema.js";

export interface NewTimelineEvent {
  escalationId: number;
  at: number;
  kind: string;
  actor?: string | null;
  detail?: Record<string, unknown>;
}

export class TimelineRepo {
  constructor(private readonly tx: Tx) {}

  async append(event: NewTimelineEvent): Promise<TimelineEventRow> {
    const t = this.tx.t.timelineEvents;
    const rows = await this.tx.q
      .insert(t)
      .values({ escalationId: event.escalationId, at: event.at, kind: event.kind, actor: event.actor ?? null, detail: event.detail ?? {} })
      .returning();
    return rows[0]!;
  }

  async findById(id: number): Promise<TimelineEventRow | undefined> {
    const t = this.tx.t.timelineEvents;
    return first(await this.tx.q.select().from(t).where(eq(t.id, id)));
  }

  /** The latest events of an escalation, newest first. */
  latest(escalationId: number, limit: number): Promise<TimelineEventRow[]> {
    const t = this.tx.t.timelineEvents;
    return this.tx.q.select().from(t).where(eq(t.escalationId, escalationId)).orderBy(desc(t.at), desc(t.id)).limit(limit);
  }
}
