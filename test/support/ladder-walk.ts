import { asc, eq, min } from "drizzle-orm";
import type { EscalationInput } from "../../src/domain/escalation.js";
import type { Policy } from "../../src/domain/playbook/model.js";
import { ClockService } from "../../src/services/clock-service.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "./clock.js";
import { testDb } from "./db.js";

/** One thing the clocks did to an unacknowledged escalation, and who heard of it. */
export interface LadderStep {
  /** When it happened (ISO, UTC). */
  at: string;
  /** The timeline event: escalated, ack_missed (at the top), resolution_warning, sla_breach. */
  event: string;
  /** For moves: the levels, and what moved it (ack_missed, level_budget). */
  from?: string;
  to?: string;
  trigger?: string;
  /** Roles told by DM about this event, sorted. */
  dms: string[];
  /** Channels that got a handoff post, as the playbook names them. */
  handoffs: string[];
}

export interface LadderWalk {
  /** Where it started, and who was told by DM when it opened. */
  opened: { level: string; severity: string; category: string; dms: string[]; channels: string[] };
  steps: LadderStep[];
}

/**
 * Opens an escalation with the real services on a migrated database, never acknowledges it, and
 * runs the scheduler minute by minute from `openedAt` for `hours` (skipping minutes with nothing due): what the playbook does when
 * nobody answers. Each step says who was told.
 */
export async function walkLadder(policy: Policy, input: Partial<EscalationInput> & { summary: string }, openedAt: string, hours: number): Promise<LadderWalk> {
  const db = await testDb();
  try {
    const start = Date.parse(openedAt);
    const clock = new ManualClock(start);
    const service = new EscalationService({ db, clock, policy });
    const clocks = new ClockService({ db, clock, policy, holder: "ladder", leaseTtlMs: 3_600_000 });
    const full: EscalationInput = { customer: "Acme", tier: policy.defaults.tier, fields: {}, ...input };
    const { escalation } = await service.open({ input: full, reporterId: "U0REPORTER", reporterChannelId: "C0REPORTER", submissionKey: "ladder" });

    // The scheduler ticks every minute; a tick with nothing due does nothing, so the walk goes
    // straight to the first minute at or after the next clock to run out.
    const end = start + hours * 3_600_000;
    for (let t = start; t <= end; ) {
      clock.set(new Date(t).toISOString());
      await clocks.tick(t);
      const nextDue = await db.read(async ({ q, t: tables }) => (await q.select({ at: min(tables.timers.dueAt) }).from(tables.timers))[0]?.at ?? null);
      if (nextDue === null) break;
      t = Math.max(t + 60_000, start + Math.ceil((Number(nextDue) - start) / 60_000) * 60_000);
    }

    const { rows, events } = await db.read(async ({ q, t }) => ({
      rows: await q.select().from(t.outbox).where(eq(t.outbox.escalationId, escalation.id)).orderBy(asc(t.outbox.id)),
      events: await q.select().from(t.timelineEvents).where(eq(t.timelineEvents.escalationId, escalation.id)).orderBy(asc(t.timelineEvents.id)),
    }));
    const dmsOf = (eventId: number) =>
      rows.flatMap((r) => (r.payload.kind === "dm_role" && r.payload.eventId === eventId ? [r.payload.role] : [])).sort();
    const handoffsOf = (eventId: number) => rows.flatMap((r) => (r.payload.kind === "handoff" && r.payload.eventId === eventId ? [r.payload.channel] : []));
    const opened = events[0]!;
    const steps: LadderStep[] = events
      .filter((e) => ["escalated", "ack_missed", "resolution_warning", "sla_breach"].includes(e.kind))
      .map((e) => {
        const d = e.detail as { from?: string; to?: string; trigger?: string };
        return {
          at: new Date(e.at).toISOString(),
          event: e.kind,
          ...(d.from ? { from: d.from, to: d.to, trigger: d.trigger } : {}),
          dms: dmsOf(e.id),
          handoffs: handoffsOf(e.id),
        };
      });
    return {
      opened: { level: escalation.level, severity: escalation.severity, category: escalation.category, dms: dmsOf(opened.id), channels: escalation.channels },
      steps,
    };
  } finally {
    await db.close();
  }
}
