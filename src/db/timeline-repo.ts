import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "./connection.js";
import { timelineEvents, type TimelineEventRow } from "./schema.js";

export interface NewTimelineEvent {
  escalationId: number;
  at: number;
  kind: string;
  actor?: string | null;
  detail?: Record<string, unknown>;
}

export class TimelineRepo {
  private readonly byId;

  constructor(private readonly db: Db) {
    this.byId = db.select().from(timelineEvents).where(eq(timelineEvents.id, sql.placeholder("id"))).prepare();
  }

  append(event: NewTimelineEvent): TimelineEventRow {
    return this.db
      .insert(timelineEvents)
      .values({ ...event, actor: event.actor ?? null, detail: event.detail ?? {} })
      .returning()
      .get();
  }

  findById(id: number): TimelineEventRow | undefined {
    return this.byId.get({ id });
  }

  /** The latest events of an escalation, newest first. */
  latest(escalationId: number, limit: number): TimelineEventRow[] {
    return this.db
      .select()
      .from(timelineEvents)
      .where(eq(timelineEvents.escalationId, escalationId))
      .orderBy(desc(timelineEvents.at), desc(timelineEvents.id))
      .limit(limit)
      .all();
  }
}
