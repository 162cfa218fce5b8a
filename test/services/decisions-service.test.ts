import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq, min } from "drizzle-orm";
import type { Db } from "../../src/db/connection.js";
import type { EscalationInput } from "../../src/domain/escalation.js";
import type { TimelineEventKind } from "../../src/domain/timeline-event.js";
import { loadPolicyFile } from "../../src/policy/loader.js";
import { ClockService } from "../../src/services/clock-service.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { allRows, testDb } from "../support/db.js";
import { manager } from "../support/actors.js";

/** What the services do with the playbook's decisions: paths, budgets, breach DMs, the checklist. */
const policy = loadPolicyFile(new URL("../fixtures/decisions.yml", import.meta.url).pathname);
const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse("2026-04-15T17:00:00Z");

let db: Db;
let clock: ManualClock;
let service: EscalationService;
let clocks: ClockService;

beforeEach(async () => {
  db = await testDb();
  clock = new ManualClock(T0);
  service = new EscalationService({ db, clock, policy });
  clocks = new ClockService({ db, clock, policy, holder: "test", leaseTtlMs: HOUR });
});
afterEach(() => db.close());

let seq = 0;
const open = async (over: Partial<EscalationInput> = {}) =>
  (
    await service.open({
      input: { customer: "Acme", tier: "standard", summary: "Slow dashboard", fields: {}, ...over },
      reporterId: "U1",
      reporterChannelId: "C1",
      submissionKey: `V${++seq}`,
    })
  ).escalation;
/** The scheduler every minute until `ms`; minutes with nothing due are skipped (a tick then does nothing). */
const tickUntil = async (ms: number) => {
  const actions = [];
  const start = clock.now();
  for (let t = start; t <= ms; ) {
    clock.set(new Date(t).toISOString());
    actions.push(...(await clocks.tick(t)).actions);
    const nextDue = await db.read(async ({ q, t: tables }) => (await q.select({ at: min(tables.timers.dueAt) }).from(tables.timers))[0]?.at ?? null);
    if (nextDue === null) break;
    t = Math.max(t + MIN, start + Math.ceil((Number(nextDue) - start) / MIN) * MIN);
  }
  return actions;
};
const events = async (id: number, kind: TimelineEventKind) =>
  (await db.read(({ q, t }) => q.select().from(t.timelineEvents).where(eq(t.timelineEvents.escalationId, id)).orderBy(asc(t.timelineEvents.id)))).filter(
    (e) => e.kind === kind,
  );
const dmRoles = async (eventId: number) =>
  (await allRows(db, "outbox")).flatMap((r) => (r.payload.kind === "dm_role" && r.payload.eventId === eventId ? [r.payload.role] : []));

describe("level budgets", () => {
  it("stop at acknowledgement when the level says budgetStops: acknowledged", async () => {
    const esc = await open();
    expect(esc.levelBudgetDue).toBe(T0 + 2 * HOUR);
    clock.advanceMinutes(10);
    await service.acknowledge(esc.id, manager("U2", policy));
    expect((await service.get(esc.id))!.levelBudgetDue).toBeNull();
    await tickUntil(T0 + 5 * HOUR);
    expect((await service.get(esc.id))!.level).toBe("frontline");
    expect(await events(esc.id, "escalated")).toHaveLength(0);
  });

  it("move an unacknowledged escalation along its path, never to an unrelated team", async () => {
    const esc = await open();
    const actions = await tickUntil(T0 + 2 * HOUR);
    expect((await service.get(esc.id))!.level).toBe("tech"); // frontline → tech for Normal, not billing
    expect(actions.map((a) => a.outcome)).toContain("level budget used: escalated frontline → tech; told tech by DM");
  });
});

describe("breach and warning DMs", () => {
  it("go to the manager of the level that owns the escalation when the playbook names nobody", async () => {
    const esc = await open();
    await service.acknowledge(esc.id, manager("U2", policy));
    const actions = await tickUntil(T0 + 3 * 24 * HOUR);
    const breach = (await events(esc.id, "sla_breach"))[0]!;
    expect(await dmRoles(breach.id)).toEqual(["lead"]); // frontline's manager, not leadership's VP
    expect(actions.map((a) => a.outcome)).toContain("resolution SLA breached: recorded; told lead by DM");
  });
});

describe("breach imminent", () => {
  it("hands the escalation to the next level at the warning when the playbook says so", async () => {
    const eager = { ...policy, triggers: { ...policy.triggers, warnEscalates: true } };
    const svc = new EscalationService({ db, clock, policy: eager });
    const clk = new ClockService({ db, clock, policy: eager, holder: "eager", leaseTtlMs: HOUR });
    const { escalation: esc } = await svc.open({
      input: { customer: "Acme", tier: "standard", summary: "The app crashes on save", fields: {} },
      reporterId: "U1",
      reporterChannelId: "C1",
      submissionKey: "eager",
    });
    await svc.acknowledge(esc.id, manager("U2", policy));
    // High: 8 h resolution, warned at 6 h; tech's next is leadership.
    clock.set(new Date(T0 + 6 * HOUR).toISOString());
    const { actions } = await clk.tick(T0 + 6 * HOUR);
    expect(actions.filter((a) => a.timer === "resolution_warn").map((a) => a.outcome)).toEqual(["resolution target nearly used: escalated tech → leadership; told tech-lead, lead by DM"]);
    expect(await svc.get(esc.id)).toMatchObject({ level: "leadership", acknowledgedBy: null });
    expect((await events(esc.id, "escalated"))[0]!.detail).toMatchObject({ from: "tech", to: "leadership", trigger: "breach_imminent" });
  });
});

describe("escalating by hand", () => {
  it("only reaches levels along the path", async () => {
    const esc = await open({ summary: "The app crashes on save" });
    expect(esc.level).toBe("tech");
    expect((await service.escalate(esc.id, manager("U2", policy), "billing", "wrong team")).kind).toBe("not_higher");
    expect((await service.escalate(esc.id, manager("U2", policy), "leadership", "needs a decision")).kind).toBe("done");
    expect((await service.get(esc.id))!.level).toBe("leadership");
  });
});

describe("the checklist", () => {
  it("records each tick and untick, ignoring items the escalation does not have", async () => {
    const esc = await open({ summary: "The app crashes on save", tier: "vip" });
    expect(esc.flags).toEqual(["call-customer", "attach-logs"]);
    const first = await service.setChecklist(esc.id, manager("U2", policy), ["attach-logs", "made-up"]);
    expect(first).toMatchObject({ kind: "done", ticked: ["attach-logs"], unticked: [] });
    expect((await service.get(esc.id))!.flagsDone).toEqual(["attach-logs"]);
    const second = await service.setChecklist(esc.id, manager("U3", policy), ["call-customer"]);
    expect(second).toMatchObject({ kind: "done", ticked: ["call-customer"], unticked: ["attach-logs"] });
    expect((await events(esc.id, "checklist_ticked")).map((e) => [e.actor, e.detail])).toEqual([
      ["U2", { flag: "attach-logs", label: "Attach the device logs" }],
      ["U3", { flag: "call-customer", label: "Phone call to the customer required" }],
    ]);
    expect(await events(esc.id, "checklist_unticked")).toHaveLength(1);
    // The same state again changes nothing.
    expect(await service.setChecklist(esc.id, manager("U3", policy), ["call-customer"])).toMatchObject({ ticked: [], unticked: [] });
    expect(await events(esc.id, "checklist_ticked")).toHaveLength(2);
  });
});
