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
  private readonly insert;

  constructor(private readonly db: Db) {
    this.byId = db.select().from(timelineEvents).where(eq(timelineEvents.id, sql.placeholder("id"))).prepare();
    // Every change appends an event: built once.
    this.insert = db
      .insert(timelineEvents)
      .values({
        escalationId: sql.placeholder("escalationId"),
        at: sql.placeholder("at"),
        kind: sql.placeholder("kind"),
        actor: sql.placeholder("actor"),
        detail: sql.placeholder("detail"),
      })
      .returning()
      .prepare();
  }

  append(event: NewTimelineEvent): TimelineEventRow {
    return this.insert.get({ escalationId: event.escalationId, at: event.at, kind: event.kind, actor: event.actor ?? null, detail: event.detail ?? {} })!;
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
