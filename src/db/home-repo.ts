import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lte, or, asc } from "drizzle-orm";
import { homeQueue, type OutboxIntent } from "../domain/outbox-intent.js";
import type { HomeSnapshot } from "../domain/home.js";
import { first, type Tx } from "./database.js";
import type { EscalationRow } from "./schema.js";

const OPEN = ["open", "acknowledged"] as const;
/** Rows read per list: far more than a Home shows, so restricted ones left out rarely leave it short. */
const READ_LIMIT = 200;
/** Open restricted escalations read to leave those a viewer may not see out of the counts. */
const RESTRICTED_LIMIT = 1_000;

/**
 * What a person's App Home reads (one snapshot per publish), and its publishes waiting in the
 * outbox: one queue per person (`home:U…`), at most one row waiting there at a time.
 */
export class HomeRepo {
  constructor(private readonly tx: Tx) {}

  private get e() {
    return this.tx.t.escalations;
  }

  async snapshot(viewer: string, now: number, atRiskWithinMs: number, resolvedWithinMs: number): Promise<HomeSnapshot<EscalationRow>> {
    const e = this.e;
    const open = inArray(e.status, [...OPEN]);
    const horizon = now + atRiskWithinMs;
    const mine = and(open, or(eq(e.ownerId, viewer), eq(e.acknowledgedBy, viewer)));
    // A superset of domain/home.ts isAtRisk (a paused resolution clock is left out there).
    const atRisk = and(open, or(isNotNull(e.breachedAt), and(isNull(e.acknowledgedBy), lte(e.firstResponseDue, horizon)), lte(e.resolutionDue, horizon)));
    const resolved = and(eq(e.status, "resolved"), gte(e.resolvedAt, now - resolvedWithinMs));
    const total = async (where: ReturnType<typeof and>) => first(await this.tx.q.select({ n: count() }).from(e).where(where))?.n ?? 0;
    const bySeverity = await this.tx.q.select({ severity: e.severity, n: count() }).from(e).where(open).groupBy(e.severity);
    return {
      mine: { rows: await this.tx.q.select().from(e).where(mine).orderBy(asc(e.resolutionDue), asc(e.id)).limit(READ_LIMIT), total: await total(mine) },
      atRisk: { rows: await this.tx.q.select().from(e).where(atRisk).orderBy(asc(e.resolutionDue), asc(e.id)).limit(READ_LIMIT), total: await total(atRisk) },
      openBySeverity: Object.fromEntries(bySeverity.map((r) => [r.severity, Number(r.n)])),
      restrictedOpen: await this.tx.q.select().from(e).where(and(open, eq(e.restricted, true))).orderBy(asc(e.id)).limit(RESTRICTED_LIMIT),
      resolved: { rows: await this.tx.q.select().from(e).where(resolved).orderBy(desc(e.resolvedAt), desc(e.id)).limit(READ_LIMIT), total: await total(resolved) },
    };
  }

  /**
   * Of these people, those who have opened their App Home. Every opening writes a publish to the
   * person's home queue and the outbox keeps its rows once sent, so a person with a row there has
   * opened it; nobody else is ever published to.
   */
  async openedBy(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const o = this.tx.t.outbox;
    const rows = await this.tx.q.selectDistinct({ queue: o.queue }).from(o).where(inArray(o.queue, userIds.map(homeQueue)));
    return new Set(userIds.filter((u) => rows.some((r) => r.queue === homeQueue(u))));
  }

  /**
   * A publish of `userId`'s Home at `dueAt`, coalesced: when one is already waiting and not yet
   * being sent, it is kept (made due sooner if asked), so many changes in a moment publish once,
   * rendered from the state at send time. One already being sent may have read the state before
   * this change: then a new one is written.
   */
  async schedulePublish(userId: string, dueAt: number, now: number, priority: number): Promise<void> {
    const o = this.tx.t.outbox;
    const queue = homeQueue(userId);
    const waiting = first(
      await this.tx.q
        .select({ id: o.id, nextAttemptAt: o.nextAttemptAt })
        .from(o)
        .where(and(eq(o.queue, queue), eq(o.status, "pending"), isNull(o.sendingSince)))
        .limit(1),
    );
    if (waiting) {
      if (dueAt < waiting.nextAttemptAt) await this.tx.q.update(o).set({ nextAttemptAt: dueAt }).where(eq(o.id, waiting.id));
      return;
    }
    const intent: OutboxIntent = { kind: "publish_home", userId };
    // Each publish is its own row: a later change must publish again, so no two share a key.
    await this.tx.q.insert(o).values({
      dedupeKey: `home:${userId}:${randomUUID()}`,
      escalationId: null,
      kind: intent.kind,
      payload: intent,
      status: "pending",
      nextAttemptAt: dueAt,
      createdAt: now,
      queue,
      priority,
    });
  }
}
