import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ClockService } from "../../src/services/clock-service.js";
import { EscalationService } from "../../src/services/escalation-service.js";
import { ManualClock } from "../support/clock.js";
import { testDb } from "../support/db.js";
import { walkLadder } from "../support/ladder-walk.js";
import { shippedPolicy } from "../support/playbook-cases.js";
import { manager } from "../support/actors.js";

const policy = shippedPolicy("generic-levels.yml");

// Every clock runs 24/7 (the playbook names no business hours). Opened Wed 2026-03-04 10:00 UTC.
const OPEN = "2026-03-04T10:00:00Z";
const MIN = 60_000;
const HOUR = 60 * MIN;

// Nobody acknowledges. Each level holds it for its "Response Time" (the earlier of the urgency's and the
// level's), then "Response time exceeds SLA" moves it up the ladder: the new level's team is told by DM and
// its channel gets a handoff post; the level that missed it hears by DM too (each level's own team: the
// playbook names no managers; "Escalation Alerts: Automatic notifications for overdue tickets").
describe("Customer Support Escalation Levels: an unacknowledged escalation climbs the ladder", () => {
  it("P4 password reset: Level 1 (24 h) → Level 2 (4 h) → Level 3 (2 h) → Level 4 (1 h), then warning and breach", async () => {
    // A password reset asked for (Level 1 "Password resets"). A user who cannot log in is an account access
    // problem, Medium (P3), which starts at Level 2: not this walk.
    const walk = await walkLadder(policy, { summary: "Customer needs a password reset" }, OPEN, 168);

    // Opened at Level 1 (Low (P4): "Standard Level 1 process"); no urgency or category names anyone to DM at once.
    expect(walk.opened).toEqual({ level: "level1", severity: "p4", category: "general-support", dms: [], channels: ["#support-level1"] });
    expect(walk.steps).toEqual([
      // 10:00 + 24 h (P4 24 h, Level 1 24 h).
      { at: "2026-03-05T10:00:00.000Z", event: "escalated", from: "level1", to: "level2", trigger: "ack_missed", dms: ["support-team", "technical-support"], handoffs: ["#support-level2"] },
      // + 4 h (Level 2's 4 h beats P4's 24 h).
      { at: "2026-03-05T14:00:00.000Z", event: "escalated", from: "level2", to: "level3", trigger: "ack_missed", dms: ["senior-support", "technical-support"], handoffs: ["#support-level3"] },
      // + 2 h (Level 3).
      { at: "2026-03-05T16:00:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed", dms: ["engineering", "senior-support"], handoffs: ["#engineering-escalations"] },
      // + 1 h (Level 4): the top; Level 4's own team is told it is overdue.
      { at: "2026-03-05T17:00:00.000Z", event: "ack_missed", dms: ["engineering"], handoffs: [] },
      // 75 % of the 1-week placeholder resolution target: 10:00 + 126 h = Mon 03-09 16:00. The owning level's team.
      { at: "2026-03-09T16:00:00.000Z", event: "resolution_warning", dms: ["engineering"], handoffs: [] },
      // 10:00 + 1 week: the breach DM goes to the level that owns it now (Level 4), nobody above it.
      { at: "2026-03-11T10:00:00.000Z", event: "sla_breach", dms: ["engineering"], handoffs: [] },
    ]);
  }, 60_000); // a week of minute ticks

  it("P2 'major functionality broken': starts at Level 3 at once ('To Level 3 within 2 hours'), then Level 4", async () => {
    const walk = await walkLadder(policy, { summary: "Major functionality broken: reports cannot be generated for any team" }, OPEN, 4);

    expect(walk.opened).toEqual({ level: "level3", severity: "p2", category: "general", dms: [], channels: ["#support-level3"] });
    expect(walk.steps).toEqual([
      // P2's 1 h beats Level 3's 2 h.
      { at: "2026-03-04T11:00:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed", dms: ["engineering", "senior-support"], handoffs: ["#engineering-escalations"] },
      // + 1 h at Level 4 (P2 1 h, Level 4 1 h): the top.
      { at: "2026-03-04T12:00:00.000Z", event: "ack_missed", dms: ["engineering"], handoffs: [] },
    ]);
  });

  it("P1 'the site went down': immediately at Level 4, overdue after 15 min, nowhere higher to go", async () => {
    const walk = await walkLadder(policy, { summary: "The customer portal went down for everyone at 09:55" }, OPEN, 2);

    expect(walk.opened).toEqual({ level: "level4", severity: "p1", category: "general", dms: [], channels: ["#engineering-escalations"] });
    expect(walk.steps).toEqual([{ at: "2026-03-04T10:15:00.000Z", event: "ack_missed", dms: ["engineering"], handoffs: [] }]);
  });

  it("the customer asked for escalation (form): starts one level up the ladder, then climbs from there", async () => {
    const walk = await walkLadder(policy, { summary: "Customer has a billing question about last month's invoice", customerRequested: true }, OPEN, 8);

    expect(walk.opened).toMatchObject({ level: "level2", severity: "p4", category: "general-support", channels: ["#support-level2"] });
    expect(walk.steps.filter((s) => s.event === "escalated").map((s) => [s.at, s.from, s.to])).toEqual([
      ["2026-03-04T14:00:00.000Z", "level2", "level3"], // Level 2's 4 h
      ["2026-03-04T16:00:00.000Z", "level3", "level4"], // Level 3's 2 h
    ]);
  });
});

// "Response time exceeds SLA" (budgetStops: acknowledged): a level that takes the escalation on in time keeps
// it; further moves are its own call ("Escalate to Level 3 if required").
describe("Customer Support Escalation Levels: acknowledgement stops the level's budget", () => {
  async function openAndRun(acknowledgeAfterMin: number | null, hours: number) {
    const db = await testDb();
    try {
      const start = Date.parse(OPEN);
      const clock = new ManualClock(start);
      const service = new EscalationService({ db, clock, policy });
      const clocks = new ClockService({ db, clock, policy, holder: "test", leaseTtlMs: HOUR });
      // P3 ("Minor functionality issues, workarounds available") → Level 2, 4 h.
      const { escalation } = await service.open({
        input: { customer: "Acme", tier: "standard", fields: {}, summary: "Minor issue with the CSV export, workaround available" },
        reporterId: "U0REPORTER",
        reporterChannelId: "C0REPORTER",
        submissionKey: "budget",
      });
      for (let t = start; t <= start + hours * HOUR; t += MIN) {
        clock.set(new Date(t).toISOString());
        if (acknowledgeAfterMin !== null && t === start + acknowledgeAfterMin * MIN) await service.acknowledge(escalation.id, manager("U0OWNER", policy));
        await clocks.tick(t);
      }
      const moves = (
        await db.read(({ q, t }) =>
          q.select().from(t.timelineEvents).where(eq(t.timelineEvents.escalationId, escalation.id)).orderBy(asc(t.timelineEvents.id)),
        )
      )
        .filter((e) => e.kind === "escalated")
        .map((e) => new Date(e.at).toISOString());
      return { opened: escalation, now: (await service.get(escalation.id))!, moves };
    } finally {
      await db.close();
    }
  }

  it("acknowledged after 30 min at Level 2: still at Level 2 eight hours later, budget cleared", async () => {
    const { opened, now, moves } = await openAndRun(30, 8);
    expect(opened.level).toBe("level2");
    expect(opened.levelBudgetDue).toBe(Date.parse("2026-03-04T14:00:00Z"));
    expect(moves).toEqual([]);
    expect(now.level).toBe("level2");
    expect(now.levelBudgetDue).toBeNull();
  });

  it("not acknowledged: moves to Level 3 when Level 2's 4 h are up", async () => {
    const { now, moves } = await openAndRun(null, 5);
    expect(moves).toEqual(["2026-03-04T14:00:00.000Z"]);
    expect(now.level).toBe("level3");
  });
});
