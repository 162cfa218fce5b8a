import { and, asc, eq, gt, gte, inArray, lt } from "drizzle-orm";
import { BACKTEST_COLUMNS, BACKTEST_EVENT_KINDS, type BacktestEscalation, type StoredEscalation, type StoredEvent } from "../domain/backtest.js";
import type { Db } from "./database.js";

/** Escalations per batch: each batch is three indexed queries, and only one batch is held at a time. */
export const BACKTEST_BATCH = 1000;
/** Ids per IN list (an engine caps a statement's parameters). */
const CHUNK = 500;

/**
 * The escalations opened in [since, until), oldest id first, each with its whole timeline and the
 * direct messages to roles and PagerDuty triggers written for it: batch after batch (keyset on the
 * primary key, so each batch starts where the last ended and memory stays bounded), for the
 * backtest. Reads only.
 */
export async function* storedEscalationsOpenedIn(db: Db, since: number, until: number, batch = BACKTEST_BATCH): AsyncGenerator<StoredEscalation[]> {
  let after = 0;
  for (;;) {
    const page = await db.read(async (tx) => {
      const e = tx.t.escalations;
      const columns = Object.fromEntries(BACKTEST_COLUMNS.map((c) => [c, e[c]])) as { [K in (typeof BACKTEST_COLUMNS)[number]]: (typeof e)[K] };
      const rows: BacktestEscalation[] = await tx.q
        .select(columns)
        .from(e)
        .where(and(gt(e.id, after), gte(e.createdAt, since), lt(e.createdAt, until)))
        .orderBy(asc(e.id))
        .limit(batch);
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      const events = new Map<number, StoredEvent[]>(ids.map((id) => [id, []]));
      const dms = new Map<number, number[]>(ids.map((id) => [id, []]));
      const triggers = new Map<number, number>();
      const t = tx.t.timelineEvents;
      const o = tx.t.outbox;
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const found = await tx.q
          .select({ id: t.id, escalationId: t.escalationId, at: t.at, kind: t.kind, detail: t.detail })
          .from(t)
          .where(and(inArray(t.escalationId, chunk), inArray(t.kind, [...BACKTEST_EVENT_KINDS])))
          .orderBy(t.escalationId, t.at, t.id);
        for (const row of found) events.get(row.escalationId)?.push(row as unknown as StoredEvent);
        const sent = await tx.q
          .select({ escalationId: o.escalationId, payload: o.payload })
          .from(o)
          .where(and(inArray(o.escalationId, chunk), inArray(o.kind, ["dm_role", "pagerduty_event"])));
        for (const { escalationId, payload } of sent) {
          if (escalationId === null) continue;
          if (payload.kind === "dm_role") dms.get(escalationId)?.push(payload.eventId);
          else if (payload.kind === "pagerduty_event" && payload.action === "trigger") triggers.set(escalationId, (triggers.get(escalationId) ?? 0) + 1);
        }
      }
      return rows.map(
        (escalation): StoredEscalation => ({
          escalation,
          events: events.get(escalation.id)!,
          roleDmEventIds: dms.get(escalation.id)!,
          pagerDutyTriggers: triggers.get(escalation.id) ?? 0,
        }),
      );
    });
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.escalation.id;
    if (page.length < batch) return;
  }
}

/** Whether PagerDuty was ever told of anything here (a pagerduty_event row, whatever its state). */
export function pagerDutyWasUsed(db: Db): Promise<boolean> {
  return db.read(async (tx) => {
    const o = tx.t.outbox;
    const rows = await tx.q.select({ id: o.id }).from(o).where(eq(o.kind, "pagerduty_event")).limit(1);
    return rows.length > 0;
  });
}
