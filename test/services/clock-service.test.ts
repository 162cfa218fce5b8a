import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DbHandle } from "../../src/db/connection.js";
import { outbox, timelineEvents, timers } from "../../src/db/schema.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import { createLogger } from "../../src/logger.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { ClockService } from "../../src/services/clock-service.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { testDb } from "../support/db.js";
import { fleetPolicy } from "../support/policy.js";
import { manager } from "../support/actors.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
// Thursday 2026-01-15 08:00 Pacific.
const T0 = Date.parse("2026-01-15T16:00:00Z");

let handle: DbHandle;
let clock: ManualClock;
let service: EscalationService;
let clocks: ClockService;

beforeEach(() => {
  handle = testDb();
  clock = new ManualClock(T0);
  service = new EscalationService({ db: handle.db, clock, policy: fleetPolicy });
  clocks = new ClockService({ db: handle.db, clock, policy: fleetPolicy, holder: "test", leaseTtlMs: 60_000 });
});
afterEach(() => handle.close());

let seq = 0;
function open(over: Partial<EscalationInput> = {}) {
  const input: EscalationInput = { customer: "Acme", tier: "standard", severity: "sev1", summary: "Trip sync stalls for one depot", fields: {}, ...over };
  const res = service.open({ input, reporterId: "U1", reporterChannelId: "C1", submissionKey: `V${++seq}` });
  return res.escalation;
}

const at = (ms: number) => {
  clock.set(new Date(ms).toISOString());
  return clocks.tick(ms);
};
const events = (escalationId: number, kind?: string) =>
  handle.db
    .select()
    .from(timelineEvents)
    .where(eq(timelineEvents.escalationId, escalationId))
    .all()
    .filter((e) => !kind || e.kind === kind);
const outboxKeys = (prefix: string) => handle.db.select().from(outbox).all().map((r) => r.dedupeKey).filter((k) => k.startsWith(prefix));

describe("progress-update reminders", () => {
  it("remind at the severity's cadence (Sev 1: hourly), counting from the last reminder", () => {
    const esc = open();
    service.acknowledge(esc.id, manager("U2"));
    at(T0 + 59 * MIN);
    expect(events(esc.id, "update_reminder")).toHaveLength(0);
    at(T0 + HOUR);
    expect(events(esc.id, "update_reminder")).toHaveLength(1);
    expect(events(esc.id, "update_reminder")[0]!.detail).toMatchObject({ owner: "U2", nextUpdateDue: T0 + 2 * HOUR });
    at(T0 + 2 * HOUR);
    expect(events(esc.id, "update_reminder")).toHaveLength(2);
    expect(service.get(esc.id)?.nextUpdateDue).toBe(T0 + 3 * HOUR);
  });

  it("Sev 3 reminds daily; a posted update restarts the clock", () => {
    const esc = open({ severity: "sev3" });
    clock.set(new Date(T0 + 20 * HOUR).toISOString());
    service.postUpdate(esc.id, manager("U2"), { status: "investigating", done: "Pulled device logs", customerVisible: false });
    at(T0 + 24 * HOUR);
    expect(events(esc.id, "update_reminder")).toHaveLength(0);
    at(T0 + 44 * HOUR);
    expect(events(esc.id, "update_reminder")).toHaveLength(1);
  });

  it("snooze puts the reminder off, never past the next SLA deadline", () => {
    const esc = open();
    service.acknowledge(esc.id, manager("U2"));
    clock.set(new Date(T0 + 30 * MIN).toISOString());
    expect(service.snooze(esc.id, manager("U2"), 60)).toMatchObject({ kind: "done", until: T0 + 90 * MIN });
    at(T0 + HOUR);
    expect(events(esc.id, "update_reminder")).toHaveLength(0);
    at(T0 + 90 * MIN);
    expect(events(esc.id, "update_reminder")).toHaveLength(1);

    // 3 h 50 min in, a 30-minute snooze would pass the 4 h resolution target: it stops there.
    clock.set(new Date(T0 + 230 * MIN).toISOString());
    expect(service.snooze(esc.id, manager("U2"), 30)).toMatchObject({ until: T0 + 4 * HOUR });
    expect(events(esc.id, "snoozed").at(-1)?.detail).toMatchObject({ capped: true });
  });

  it("resolving stops every reminder and trigger", () => {
    const esc = open();
    service.resolve(esc.id, manager("U2"), { resolution: "Fixed", rootCause: "Bug" });
    expect(handle.db.select().from(timers).all()).toHaveLength(0);
    expect(at(T0 + 24 * HOUR).handled).toBe(0);
    expect(events(esc.id).map((e) => e.kind)).toEqual(["opened", "resolved"]);
  });
});

describe("automatic escalation", () => {
  it("not acknowledged by the first-response deadline → next level, and the level's manager is DMed", () => {
    const esc = open({ severity: "sev2" }); // standard Sev 2: 2 business hours at Tier 2
    expect(esc.level).toBe("tier2");
    at(esc.firstResponseDue - 1);
    expect(service.get(esc.id)?.level).toBe("tier2");
    expect(at(esc.firstResponseDue).actions).toEqual([{ escalationId: esc.id, timer: "ack", outcome: "not acknowledged: escalated tier2 → tier3; told engineering-oncall, support-manager by DM" }]);
    const moved = service.get(esc.id)!;
    expect(moved).toMatchObject({ level: "tier3", status: "open", acknowledgedBy: null, levelSince: esc.firstResponseDue });
    const [escalated] = events(esc.id, "escalated");
    expect(escalated?.detail).toMatchObject({ from: "tier2", to: "tier3", trigger: "ack_missed" });
    expect(String(escalated?.detail.reason)).toMatch(/^Not acknowledged by Tier 2 within the first-response target → Tier 3$/);
    expect(outboxKeys(`dm:${escalated!.id}:`)).toEqual(expect.arrayContaining([`dm:${escalated!.id}:support-manager`]));
    expect(outboxKeys(`handoff:${escalated!.id}:`)).toEqual([`handoff:${escalated!.id}:#fleet-engineering`]);
    // Tier 3 now has its own acknowledgement clock, counted from the handoff.
    expect(moved.firstResponseDue).toBeGreaterThan(esc.firstResponseDue);
  });

  it("time at a level over its budget (Tier 2 > 8 h) → next level", () => {
    const esc = open({ severity: "sev3" });
    service.acknowledge(esc.id, manager("U2"));
    expect(esc.levelBudgetDue).not.toBeNull();
    at(esc.levelBudgetDue!);
    expect(service.get(esc.id)?.level).toBe("tier3");
    expect(String(events(esc.id, "escalated")[0]?.detail.reason)).toMatch(/^Escalated to Tier 3: Tier 2 budget used/);
  });

  it("75 % of the resolution target → warning, the next tier and a DM to the support manager; breach → recorded and the support manager DMed", () => {
    const esc = open(); // Sev 1: 4 h resolution, 24/7
    service.acknowledge(esc.id, manager("U2"));
    at(T0 + 3 * HOUR);
    const [warning] = events(esc.id, "resolution_warning");
    expect(warning?.detail.reason).toBe("75 % of the Sev 1 · Critical resolution target used");
    expect(outboxKeys(`dm:${warning!.id}:`)).toEqual([`dm:${warning!.id}:support-manager`]);
    // Fleet: "SLA breach imminent → Next tier + Support Manager, before breach".
    expect(service.get(esc.id)).toMatchObject({ level: "tier3", acknowledgedBy: null });
    expect(events(esc.id, "escalated")[0]?.detail).toMatchObject({ from: "tier2", to: "tier3", trigger: "breach_imminent" });
    at(T0 + 4 * HOUR);
    const [breach] = events(esc.id, "sla_breach");
    expect(service.get(esc.id)?.breachedAt).toBe(T0 + 4 * HOUR);
    // Fleet: "SLA breached or will breach → Support Manager".
    expect(outboxKeys(`dm:${breach!.id}:`).sort()).toEqual([`dm:${breach!.id}:support-manager`]);
  });

  it("Sev 1 at open tells Tier 2, Tier 3 and Management at once and DMs the support manager", () => {
    const esc = open({ summary: "Production down: no driver can log in" });
    expect(esc.level).toBe("tier3");
    expect(esc.channels).toEqual(["#fleet-engineering", "#fleet-support-tier2", "#fleet-management"]);
    expect(outboxKeys("dm:1:")).toContain("dm:1:support-manager");
  });

  it("the customer asked for escalation → starts one level up, support manager DMed", () => {
    const esc = open({ severity: "sev3", customerRequested: true });
    expect(esc.level).toBe("tier3");
    expect(esc.reasons).toContain("customer asked for escalation: Tier 2 → Tier 3");
    expect(outboxKeys("dm:1:")).toContain("dm:1:support-manager");
  });

  it("escalate by hand: to the next or a chosen higher level, never down", () => {
    const esc = open({ severity: "sev3" });
    expect(service.escalate(esc.id, manager("U2"), undefined, "needs a code fix")).toMatchObject({ kind: "done", escalation: { level: "tier3" } });
    expect(service.escalate(esc.id, manager("U2"), "tier2", "back down")).toMatchObject({ kind: "not_higher" });
    expect(service.escalate(esc.id, manager("U2"), "management", "customer threatens to cancel")).toMatchObject({ escalation: { level: "management" } });
    expect(events(esc.id, "escalated").map((e) => e.detail.trigger)).toEqual(["manual", "manual"]);
  });
});

describe("after downtime", () => {
  it("nine hours missed collapse into one nudge and one escalation step per escalation", () => {
    const a = open();
    const b = open({ severity: "sev2", tier: "enterprise" });
    const c = open({ severity: "sev1" });
    service.acknowledge(c.id, manager("U2"));
    at(T0 + 9 * HOUR);
    for (const esc of [a, b]) {
      expect(events(esc.id, "escalated")).toHaveLength(1);
      expect(events(esc.id, "update_reminder")).toHaveLength(1);
    }
    // Acknowledged, so no first-response trigger; its 8 h at Tier 2 ran out once.
    expect(events(c.id, "escalated").map((e) => e.detail.trigger)).toEqual(["level_budget"]);
    for (const esc of [a, b]) expect(events(esc.id, "escalated").map((e) => e.detail.trigger)).toEqual(["ack_missed"]);
    expect(events(c.id, "update_reminder")).toHaveLength(1);
    // The breach is said once; the stale 75 % warning is not sent after it.
    expect(events(a.id, "sla_breach")).toHaveLength(1);
    expect(events(a.id, "resolution_warning")).toHaveLength(0);
    // Nothing is due again right away.
    expect(at(T0 + 9 * HOUR).handled).toBe(0);
  });
});

describe("the scheduler loop", () => {
  it("logs one line per automatic action", async () => {
    const lines: string[] = [];
    const esc = open({ severity: "sev2" });
    clock.set(new Date(esc.firstResponseDue).toISOString());
    const scheduler = new Scheduler(clocks, clock, 60_000, createLogger("info", "test", (l) => lines.push(l)));
    scheduler.start();
    await new Promise((r) => setImmediate(r));
    scheduler.stop();
    expect(lines.some((l) => l.includes("escalation.auto escalation=ESC-0001 timer=ack") && l.includes("escalated tier2 → tier3"))).toBe(true);
    expect(service.get(esc.id)?.level).toBe("tier3");
  });
});

describe("the scheduler lease", () => {
  it("lets one process run the scheduler; another takes over when the lease expires", () => {
    const other = new ClockService({ db: handle.db, clock, policy: fleetPolicy, holder: "other", leaseTtlMs: 60_000 });
    expect(clocks.tick(T0).leader).toBe(true);
    expect(other.tick(T0 + 1_000).leader).toBe(false);
    expect(clocks.tick(T0 + 30_000).leader).toBe(true);
    expect(other.tick(T0 + 30_000 + 60_001).leader).toBe(true);
    expect(clocks.tick(T0 + 30_000 + 60_002).leader).toBe(false);
    other.release();
    expect(clocks.tick(T0 + 30_000 + 60_003).leader).toBe(true);
  });
});

describe("a large backlog", () => {
  it("is handled in bounded ticks, each saying whether more is due", () => {
    for (let i = 0; i < 5; i++) open({ severity: "sev1" });
    const first = clocks.tick(T0 + 9 * HOUR, 7);
    expect(first).toMatchObject({ leader: true, handled: 7, more: true });
    let total = first.handled;
    for (let guard = 0; guard < 20; guard++) {
      const next = clocks.tick(T0 + 9 * HOUR, 7);
      total += next.handled;
      if (!next.more) break;
    }
    expect(clocks.tick(T0 + 9 * HOUR, 7)).toMatchObject({ handled: 0, more: false });
    expect(total).toBeGreaterThan(7);
  });
});
