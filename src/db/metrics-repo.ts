import { count, inArray, lte, sql } from "drizzle-orm";
import { first, type Tx } from "./database.js";
import { prepared, type Placeholders } from "./prepared.js";

/**
 * What GET /metrics reads from the database at each scrape: a few aggregate queries whose cost
 * follows what is open, waiting or overdue (each filter is an index range), never the history.
 * Read from the database, not counted in memory, so every replica sharing it reports the same.
 */

export interface OpenEscalationCount {
  severity: string;
  level: string;
  status: "open" | "acknowledged";
  count: number;
  /** Of those, how many have missed their resolution target. */
  breached: number;
}

export interface PendingQueue {
  /** The destination's queue (a channel, a person, a role's DMs). */
  queue: string;
  pending: number;
  /** When its oldest message still to be sent was written. */
  oldestCreatedAt: number;
}

export interface OverdueTimers {
  count: number;
  /** The earliest due time among them; undefined when none is overdue. */
  oldestDueAt: number | undefined;
}

const OPEN = ["open", "acknowledged"] as const;
/** Held rows wait for their escalation's post: still to be sent, as /healthz counts them. */
const UNSENT = ["pending", "held"] as const;

const openEscalations = prepared("metrics_open_escalations", (tx) => {
  const e = tx.t.escalations;
  return tx.q
    .select({
      severity: e.severity,
      level: e.level,
      status: e.status,
      count: count(),
      breached: sql<number>`sum(case when ${e.breachedAt} is null then 0 else 1 end)`.mapWith(Number),
    })
    .from(e)
    .where(inArray(e.status, [...OPEN]))
    .groupBy(e.severity, e.level, e.status);
});

const unsentByQueue = prepared("metrics_unsent_by_queue", (tx) => {
  const o = tx.t.outbox;
  return tx.q
    .select({ queue: o.queue, pending: count(), oldestCreatedAt: sql<number>`min(${o.createdAt})`.mapWith(Number) })
    .from(o)
    .where(inArray(o.status, [...UNSENT]))
    .groupBy(o.queue);
});

const overdueTimers = prepared("metrics_overdue_timers", (tx, p: Placeholders<{ now: number }>) => {
  const t = tx.t.timers;
  return tx.q
    .select({ count: count(), oldestDueAt: sql<number | null>`min(${t.dueAt})`.mapWith(Number) })
    .from(t)
    .where(lte(t.dueAt, p.now));
});

export class MetricsRepo {
  constructor(private readonly tx: Tx) {}

  /** Escalations not yet resolved, by severity, level and status. */
  async openEscalations(): Promise<OpenEscalationCount[]> {
    const rows = await openEscalations(this.tx, {});
    return rows.map((r) => ({ ...r, status: r.status as OpenEscalationCount["status"], breached: r.breached ?? 0 }));
  }

  /** Destinations with messages still to be sent: how many, and since when. */
  unsentByQueue(): Promise<PendingQueue[]> {
    return unsentByQueue(this.tx, {});
  }

  /** Clocks that ran out by `now` and are still waiting for the scheduler to handle them. */
  async overdueTimers(now: number): Promise<OverdueTimers> {
    const row = first(await overdueTimers(this.tx, { now }));
    return { count: row?.count ?? 0, oldestDueAt: row?.oldestDueAt ?? undefined };
  }
}
