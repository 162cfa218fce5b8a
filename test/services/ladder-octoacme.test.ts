import { describe, expect, it } from "vitest";
import { walkLadder } from "../support/ladder-walk.js";
import { shippedPolicy } from "../support/playbook-cases.js";

const policy = shippedPolicy("octoacme.yml");

// OctoAcme's "Support Escalation Levels" are a ladder: L1 Standard Support → L2 Engineering Support → L3 Critical
// Escalation → L4 Executive Escalation. Nobody acknowledges: each level's first-response target moves it up and
// the missed level's manager is DMed (Level 1: none named; Level 2: engineering-lead; Level 3: vp-engineering).
// Level 3 goes on to Level 4 only for L3/L4 severities (level3.next), so an unanswered bug never reaches the CEO.
// Wednesday 2026-03-04 10:00 PST = 18:00Z (business hours Mon-Fri 09:00-17:00 America/Los_Angeles).
const WED = "2026-03-04T10:00:00-08:00";
/** A walk ticks every minute (a week is 10,080 ticks): more than the default 15 s on shared cores. */
const WALK_TIMEOUT = 60_000;

describe("OctoAcme ladder, unacknowledged", () => {
  it("an L3 escalation opened at Level 1 climbs the whole ladder to the executives on the 24/7 clock", async () => {
    // The agent picks L3 for a lock-out written as a question: the owner is Level 1 (the category's level),
    // the L3 handlers are told at once, and every first response is 2 h (L3 · Critical, earlier than any level's).
    const walk = await walkLadder(
      policy,
      { summary: "Customer's whole team is locked out after the password policy change; how do I restore access?", severity: "critical" },
      WED,
      26,
    );
    expect(walk.opened).toEqual({
      level: "level1", severity: "critical", category: "how-to", dms: [],
      channels: ["#support-escalations", "#critical-escalations"],
    });
    expect(walk.steps).toEqual([
      // 10:00 + 2 h: Level 1 missed it → Level 2; Level 1 names no manager, so only the engineering team hears.
      { at: "2026-03-04T20:00:00.000Z", event: "escalated", from: "level1", to: "level2", trigger: "ack_missed", dms: ["engineering-team"], handoffs: ["#eng-escalations"] },
      // + 2 h: Level 2 missed it → Level 3; its manager (the Engineering Lead) is also a Level 3 handler: one DM.
      {
        at: "2026-03-04T22:00:00.000Z", event: "escalated", from: "level2", to: "level3", trigger: "ack_missed",
        dms: ["engineering-lead", "product-manager"], handoffs: ["#critical-escalations"],
      },
      // + 2 h: Level 3 missed it → Level 4 (L3 · Critical goes on); Level 3's manager (VP Engineering) is a Level 4 handler.
      {
        at: "2026-03-05T00:00:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed",
        dms: ["ceo", "vp-engineering", "vp-product"], handoffs: ["#exec-escalations"],
      },
      // Level 4's "Immediate" (0 min) is due on arrival and missed at the next minute's tick; the top names no
      // manager, so no DM (the executives were just told).
      { at: "2026-03-05T00:01:00.000Z", event: "ack_missed", dms: [], handoffs: [] },
      // 75 % of the 1 day resolution (18 h) and the breach at 24 h, at Level 4: no manager, told in the thread only.
      { at: "2026-03-05T12:00:00.000Z", event: "resolution_warning", dms: [], handoffs: [] },
      { at: "2026-03-05T18:00:00.000Z", event: "sla_breach", dms: [], handoffs: [] },
    ]);
  }, WALK_TIMEOUT);

  it("a real L3 outage opened at Level 3 reaches the executives after 2 hours", async () => {
    const walk = await walkLadder(policy, { summary: "Production outage: the app is down for everyone at Globex", tier: "enterprise" }, WED, 25);
    expect(walk.opened).toEqual({ level: "level3", severity: "critical", category: "outage", dms: [], channels: ["#critical-escalations"] });
    expect(walk.steps).toEqual([
      {
        at: "2026-03-04T20:00:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed",
        dms: ["ceo", "vp-engineering", "vp-product"], handoffs: ["#exec-escalations"],
      },
      { at: "2026-03-04T20:01:00.000Z", event: "ack_missed", dms: [], handoffs: [] },
      { at: "2026-03-05T12:00:00.000Z", event: "resolution_warning", dms: [], handoffs: [] },
      { at: "2026-03-05T18:00:00.000Z", event: "sla_breach", dms: [], handoffs: [] },
    ]);
  }, WALK_TIMEOUT);

  it("an unacknowledged L2 bug stops at Level 3: never the executives, the VP Engineering hears of the breach", async () => {
    const walk = await walkLadder(policy, { summary: "The CSV export is broken for the whole team", tier: "pro" }, WED, 7 * 24);
    expect(walk.opened).toEqual({ level: "level2", severity: "engineering", category: "bug", dms: [], channels: ["#eng-escalations"] });
    expect(walk.steps).toEqual([
      // 1 business day: Thu 10:00 PST = 18:00Z → Level 3 (the Engineering Lead, also Level 2's manager, and the PM).
      {
        at: "2026-03-05T18:00:00.000Z", event: "escalated", from: "level2", to: "level3", trigger: "ack_missed",
        dms: ["engineering-lead", "product-manager"], handoffs: ["#critical-escalations"],
      },
      // Level 3's 2 h on the L2 business-hours clock: Thu 12:00 PST = 20:00Z. L2 · Engineering has no way on from
      // Level 3 (next: default none): not acknowledged at the top, its manager is told.
      { at: "2026-03-05T20:00:00.000Z", event: "ack_missed", dms: ["vp-engineering"], handoffs: [] },
      // Resolution 5 business days: Wed 03-11 10:00 PDT = 17:00Z, 40 business hours away. The warning comes at 75 %
      // of them (30 h: Wed 7 + Thu 8 + Fri 8 + Mon 7): Mon 03-09 16:00 PDT = 23:00Z.
      { at: "2026-03-09T23:00:00.000Z", event: "resolution_warning", dms: ["vp-engineering"], handoffs: [] },
      { at: "2026-03-11T17:00:00.000Z", event: "sla_breach", dms: ["vp-engineering"], handoffs: [] },
    ]);
    expect(walk.steps.some((s) => s.to === "level4")).toBe(false);
  }, WALK_TIMEOUT);

  it("an unanswered L1 how-to question climbs to Level 3 and stops: the CEO is never told", async () => {
    const walk = await walkLadder(policy, { summary: "How do I export a report to CSV?" }, WED, 50);
    expect(walk.opened).toEqual({ level: "level1", severity: "standard", category: "how-to", dms: [], channels: ["#support-escalations"] });
    expect(walk.steps).toEqual([
      // 4 business hours: 14:00 PST = 22:00Z.
      { at: "2026-03-04T22:00:00.000Z", event: "escalated", from: "level1", to: "level2", trigger: "ack_missed", dms: ["engineering-team"], handoffs: ["#eng-escalations"] },
      // From 14:00: L1 · Standard's 4 business hours (earlier than Level 2's day): 3 h Wed + 1 h Thu → Thu 10:00 PST = 18:00Z.
      {
        at: "2026-03-05T18:00:00.000Z", event: "escalated", from: "level2", to: "level3", trigger: "ack_missed",
        dms: ["engineering-lead", "product-manager"], handoffs: ["#critical-escalations"],
      },
      // Level 3's 2 business hours: Thu 12:00 PST = 20:00Z; no way on for L1 · Standard.
      { at: "2026-03-05T20:00:00.000Z", event: "ack_missed", dms: ["vp-engineering"], handoffs: [] },
      // Resolution 2 business days: Fri 10:00 PST = 18:00Z, 16 business hours away. Warning at 75 % of them
      // (12 h: Wed 7 + Thu 5): Thu 14:00 PST = 22:00Z, inside business hours.
      { at: "2026-03-05T22:00:00.000Z", event: "resolution_warning", dms: ["vp-engineering"], handoffs: [] },
      { at: "2026-03-06T18:00:00.000Z", event: "sla_breach", dms: ["vp-engineering"], handoffs: [] },
    ]);
    expect(walk.steps.flatMap((s) => s.dms)).not.toContain("ceo");
  }, WALK_TIMEOUT);
});
