import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../src/db/connection.js";
import type { TimelineEventRow } from "../../src/db/schema.js";
import type { TimelineEventKind } from "../../src/domain/timeline-event.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import { captureLogs } from "../support/log-capture.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { ClockService } from "../../src/services/clock-service.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { allRows, testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";
import { manager } from "../support/actors.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
// Thursday 2026-01-15 08:00 Pacific.
const T0 = Date.parse("2026-01-15T16:00:00Z");

let db: Db;
let clock: ManualClock;
let service: EscalationService;
let clocks: ClockService;

beforeEach(async () => {
  db = await testDb();
  clock = new ManualClock(T0);
  service = new EscalationService({ db, clock, policy: fleetPolicy });
  clocks = new ClockService({ db, clock, policy: fleetPolicy, holder: "test", leaseTtlMs: 60_000 });
});
afterEach(() => db.close());

let seq = 0;
async function open(over: Partial<EscalationInput> = {}) {
  const input: EscalationInput = { customer: "Acme", tier: "standard", severity: "sev1", summary: "Trip sync stalls for one depot", fields: {}, ...over };
  const res = await service.open({ input, reporterId: "U1", reporterChannelId: "C1", submissionKey: `V${++seq}` });
  return res.escalation;
}

const at = (ms: number) => {
  clock.set(new Date(ms).toISOString());
  return clocks.tick(ms);
};
/** The escalation's events (of one kind, detail typed), oldest first. */
const events = async <K extends TimelineEventKind>(escalationId: number, kind?: K) =>
  (
    (await db.read(({ q, t }) =>
      q.select().from(t.timelineEvents).where(eq(t.timelineEvents.escalationId, escalationId)).orderBy(asc(t.timelineEvents.id)),
    )) as TimelineEventRow[]
  ).filter((e): e is Extract<TimelineEventRow, { kind: K }> => !kind || e.kind === kind);
const outboxKeys = async (prefix: string) => (await allRows(db, "outbox")).map((r) => r.dedupeKey).filter((k) => k.startsWith(prefix));

describe("progress-update reminders", () => {
  it("remind at the severity's cadence (Sev 1: hourly), counting from the last reminder", async () => {
    const esc = await open();
    await service.acknowledge(esc.id, manager("U2"));
    await at(T0 + 59 * MIN);
    expect(await events(esc.id, "update_reminder")).toHaveLength(0);
    await at(T0 + HOUR);
    expect(await events(esc.id, "update_reminder")).toHaveLength(1);
    // No update was ever posted: the reminder says so (lastUpdateAt null), not "last update 1 h ago".
    expect((await events(esc.id, "update_reminder"))[0]!.detail).toMatchObject({ owner: "U2", nextUpdateDue: T0 + 2 * HOUR, lastUpdateAt: null });
    await at(T0 + 2 * HOUR);
    expect(await events(esc.id, "update_reminder")).toHaveLength(2);
    expect((await service.get(esc.id))?.nextUpdateDue).toBe(T0 + 3 * HOUR);
  });

  it("Sev 3 reminds daily; a posted update restarts the clock", async () => {
    const esc = await open({ severity: "sev3" });
    clock.set(new Date(T0 + 20 * HOUR).toISOString());
    await service.postUpdate(esc.id, manager("U2"), { status: "investigating", done: "Pulled device logs", customerVisible: false });
    await at(T0 + 24 * HOUR);
    expect(await events(esc.id, "update_reminder")).toHaveLength(0);
    await at(T0 + 44 * HOUR);
    expect(await events(esc.id, "update_reminder")).toHaveLength(1);
    expect((await events(esc.id, "update_reminder"))[0]!.detail).toMatchObject({ lastUpdateAt: T0 + 20 * HOUR, sinceLastUpdateMs: 24 * HOUR });
  });

  it("snooze puts the reminder off, never past the next SLA deadline", async () => {
    const esc = await open();
    await service.acknowledge(esc.id, manager("U2"));
    clock.set(new Date(T0 + 30 * MIN).toISOString());
    expect(await service.snooze(esc.id, manager("U2"), 60)).toMatchObject({ kind: "done", until: T0 + 90 * MIN });
    await at(T0 + HOUR);
    expect(await events(esc.id, "update_reminder")).toHaveLength(0);
    await at(T0 + 90 * MIN);
    expect(await events(esc.id, "update_reminder")).toHaveLength(1);

    // 3 h 50 min in, a 30-minute snooze would pass the 4 h resolution target: it stops there.
    clock.set(new Date(T0 + 230 * MIN).toISOString());
    expect(await service.snooze(esc.id, manager("U2"), 30)).toMatchObject({ until: T0 + 4 * HOUR });
    expect((await events(esc.id, "snoozed")).at(-1)?.detail).toMatchObject({ capped: true });
  });

  it("resolving stops every reminder and trigger", async () => {
    const esc = await open();
    await service.resolve(esc.id, manager("U2"), { resolution: "Fixed", rootCause: "Bug" });
    // Only the end of the reopen window is left to watch (the post loses its Reopen button then).
    expect((await allRows(db, "timers")).map((t) => t.kind)).toEqual(["reopen_closes"]);
    expect((await at(T0 + 24 * HOUR)).handled).toBe(0);
    expect((await events(esc.id)).map((e) => e.kind)).toEqual(["opened", "resolved"]);
  });
});

describe("automatic escalation", () => {
  it("not acknowledged by the first-response deadline → next level, and the level's manager is DMed", async () => {
    const esc = await open({ severity: "sev2" }); // standard Sev 2: 2 business hours at Tier 2
    expect(esc.level).toBe("tier2");
    await at(esc.firstResponseDue - 1);
    expect((await service.get(esc.id))?.level).toBe("tier2");
    expect((await at(esc.firstResponseDue)).actions).toEqual([{ escalationId: esc.id, timer: "ack", outcome: "not acknowledged: escalated tier2 → tier3; told engineering-oncall, support-manager by DM" }]);
    const moved = (await service.get(esc.id))!;
    expect(moved).toMatchObject({ level: "tier3", status: "open", acknowledgedBy: null, levelSince: esc.firstResponseDue });
    const [escalated] = await events(esc.id, "escalated");
    // The move's own deadline is kept with it: a handoff sent late names this one, not a later move's.
    expect(escalated?.detail).toMatchObject({ from: "tier2", to: "tier3", trigger: "ack_missed", firstResponseDue: moved.firstResponseDue });
    expect(String(escalated?.detail.reason)).toMatch(/^Not acknowledged by Tier 2 within the first-response target → Tier 3$/);
    expect(await outboxKeys(`dm:${escalated!.id}:`)).toEqual(expect.arrayContaining([`dm:${escalated!.id}:support-manager`]));
    expect(await outboxKeys(`handoff:${escalated!.id}:`)).toEqual([`handoff:${escalated!.id}:#fleet-engineering`]);
    // Tier 3 now has its own acknowledgement clock, counted from the handoff.
    expect(moved.firstResponseDue).toBeGreaterThan(esc.firstResponseDue);
  });

  it("time at a level over its budget (Tier 2 > 8 h) → next level", async () => {
    const esc = await open({ severity: "sev3" });
    await service.acknowledge(esc.id, manager("U2"));
    expect(esc.levelBudgetDue).not.toBeNull();
    await at(esc.levelBudgetDue!);
    expect((await service.get(esc.id))?.level).toBe("tier3");
    expect(String((await events(esc.id, "escalated"))[0]?.detail.reason)).toMatch(/^Escalated to Tier 3: Tier 2 budget used/);
  });

  it("75 % of the resolution target → warning, the next tier and a DM to the support manager; breach → recorded and the support manager DMed", async () => {
    const esc = await open(); // Sev 1: 4 h resolution, 24/7
    await service.acknowledge(esc.id, manager("U2"));
    await at(T0 + 3 * HOUR);
    const [warning] = await events(esc.id, "resolution_warning");
    expect(warning?.detail.reason).toBe("75 % of the Sev 1 · Critical resolution target used");
    expect(warning?.detail).toMatchObject({ owner: "U2", level: "tier2" });
    expect(await outboxKeys(`dm:${warning!.id}:`)).toEqual([`dm:${warning!.id}:support-manager`]);
    // Fleet: "SLA breach imminent → Next tier + Support Manager, before breach".
    expect(await service.get(esc.id)).toMatchObject({ level: "tier3", acknowledgedBy: null });
    expect((await events(esc.id, "escalated"))[0]?.detail).toMatchObject({ from: "tier2", to: "tier3", trigger: "breach_imminent" });
    await at(T0 + 4 * HOUR);
    const [breach] = await events(esc.id, "sla_breach");
    expect((await service.get(esc.id))?.breachedAt).toBe(T0 + 4 * HOUR);
    // Fleet: "SLA breached or will breach → Support Manager".
    expect((await outboxKeys(`dm:${breach!.id}:`)).sort()).toEqual([`dm:${breach!.id}:support-manager`]);
  });

  it("Sev 1 at open tells Tier 2, Tier 3 and Management at once and DMs the support manager", async () => {
    const esc = await open({ summary: "Production down: no driver can log in" });
    expect(esc.level).toBe("tier3");
    expect(esc.channels).toEqual(["#fleet-engineering", "#fleet-support-tier2", "#fleet-management"]);
    expect(await outboxKeys("dm:1:")).toContain("dm:1:support-manager");
  });

  it("the customer asked for escalation → the next tier from Tier 1 (Tier 2), support manager DMed", async () => {
    const esc = await open({ severity: "sev3", customerRequested: true });
    expect(esc.level).toBe("tier2");
    expect(esc.reasons).toContain("customer asked for escalation: the next tier from Tier 1 is Tier 2, where it starts already; Support Manager told");
    expect(await outboxKeys("dm:1:")).toContain("dm:1:support-manager");
  });

  it("escalate by hand: to the next or a chosen higher level, never down", async () => {
    const esc = await open({ severity: "sev3" });
    expect(await service.escalate(esc.id, manager("U2"), undefined, "needs a code fix")).toMatchObject({ kind: "done", escalation: { level: "tier3" } });
    expect(await service.escalate(esc.id, manager("U2"), "tier2", "back down")).toMatchObject({ kind: "not_higher" });
    expect(await service.escalate(esc.id, manager("U2"), "management", "customer threatens to cancel")).toMatchObject({ escalation: { level: "management" } });
    expect((await events(esc.id, "escalated")).map((e) => e.detail.trigger)).toEqual(["manual", "manual"]);
  });
});

describe("after downtime", () => {
  it("nine hours missed collapse into one nudge and one escalation step per escalation", async () => {
    const a = await open();
    const b = await open({ severity: "sev2", tier: "enterprise" });
    const c = await open({ severity: "sev1" });
    await service.acknowledge(c.id, manager("U2"));
    await at(T0 + 9 * HOUR);
    for (const esc of [a, b]) {
      expect(await events(esc.id, "escalated")).toHaveLength(1);
      expect(await events(esc.id, "update_reminder")).toHaveLength(1);
    }
    // Acknowledged, so no first-response trigger; its 8 h at Tier 2 ran out once.
    expect((await events(c.id, "escalated")).map((e) => e.detail.trigger)).toEqual(["level_budget"]);
    for (const esc of [a, b]) expect((await events(esc.id, "escalated")).map((e) => e.detail.trigger)).toEqual(["ack_missed"]);
    expect(await events(c.id, "update_reminder")).toHaveLength(1);
    // The breach is said once; the stale 75 % warning is not sent after it.
    expect(await events(a.id, "sla_breach")).toHaveLength(1);
    expect(await events(a.id, "resolution_warning")).toHaveLength(0);
    // Nothing is due again right away.
    expect((await at(T0 + 9 * HOUR)).handled).toBe(0);
  });
});

describe("the scheduler loop", () => {
  it("logs one line per automatic action", async () => {
    const { logger, lines } = captureLogs();
    const esc = await open({ severity: "sev2" });
    clock.set(new Date(esc.firstResponseDue).toISOString());
    const scheduler = new Scheduler(clocks, clock, 60_000, logger);
    scheduler.start();
    await new Promise((r) => setImmediate(r));
    await scheduler.stop();
    expect(lines.some((l) => l.includes("escalation.auto escalation=ESC-0001 timer=ack") && l.includes("escalated tier2 → tier3"))).toBe(true);
    expect((await service.get(esc.id))?.level).toBe("tier3");
  });
});

describe("the scheduler lease", () => {
  it("lets one process run the scheduler; another takes over when the lease expires", async () => {
    const other = new ClockService({ db, clock, policy: fleetPolicy, holder: "other", leaseTtlMs: 60_000 });
    expect((await clocks.tick(T0)).leader).toBe(true);
    expect((await other.tick(T0 + 1_000)).leader).toBe(false);
    expect((await clocks.tick(T0 + 30_000)).leader).toBe(true);
    expect((await other.tick(T0 + 30_000 + 60_001)).leader).toBe(true);
    expect((await clocks.tick(T0 + 30_000 + 60_002)).leader).toBe(false);
    await other.release();
    expect((await clocks.tick(T0 + 30_000 + 60_003)).leader).toBe(true);
  });
});

describe("a large backlog", () => {
  it("is handled in bounded ticks, each saying whether more is due", async () => {
    for (let i = 0; i < 5; i++) await open({ severity: "sev1" });
    const first = await clocks.tick(T0 + 9 * HOUR, 7);
    expect(first).toMatchObject({ leader: true, handled: 7, more: true });
    let total = first.handled;
    for (let guard = 0; guard < 20; guard++) {
      const next = await clocks.tick(T0 + 9 * HOUR, 7);
      total += next.handled;
      if (!next.more) break;
    }
    expect(await clocks.tick(T0 + 9 * HOUR, 7)).toMatchObject({ handled: 0, more: false });
    expect(total).toBeGreaterThan(7);
  });
});
