import { describe, expect, it } from "vitest";
import { walkLadder } from "../support/ladder-walk.js";
import { shippedPolicy } from "../support/playbook-cases.js";

const policy = shippedPolicy("fleet-management.yml");

// The Fleet playbook's levels are one ladder, written out with `next`: Tier 1 → Tier 2 → Tier 3 → Management
// (the top). Nobody acknowledges: a missed first response moves the escalation up and DMs the missed level's
// manager (Tier 2: Support Manager; Tier 3: VP Engineering; Management: Support Manager), and the new level's
// roles are DMed (Tier 3: engineering on-call; Management: Support Manager). "Ticket open >8 hours (Tier 2) →
// Tier 3" moves it too when that comes first. Warnings and breaches DM the Support Manager only ("SLA breached
// or will breach: Escalate to: Support Manager").
// Wednesday 2026-04-15 10:00 PDT = 17:00Z. Tier 2 hours: Mon-Fri 06:00-20:00, Sat 08:00-17:00 Pacific.
const WED = "2026-04-15T10:00:00-07:00";
/** A walk ticks every minute (six days are 8,640 ticks): more than the default 15 s on shared cores. */
const WALK_TIMEOUT = 60_000;

const ENG = "#fleet-engineering";
const MGMT = "#fleet-management";

describe("Fleet Management ladder, unacknowledged", () => {
  it("a Sev 2 at Tier 2 climbs Tier 3 and Management on missed first responses; the Support Manager hears of the breach", async () => {
    const walk = await walkLadder(policy, { summary: "Major feature not working: vehicle inspections cannot be submitted" }, WED, 10);
    expect(walk.opened).toEqual({ level: "tier2", severity: "sev2", category: "general", dms: [], channels: ["#fleet-support-tier2"] });
    expect(walk.steps).toEqual([
      // Sev 2's 2 h on Tier 2 hours: 12:00 PDT. Tier 2's manager (Support Manager) and Tier 3's on-call are DMed.
      {
        at: "2026-04-15T19:00:00.000Z", event: "escalated", from: "tier2", to: "tier3", trigger: "ack_missed",
        dms: ["engineering-oncall", "support-manager"], handoffs: [ENG],
      },
      // Tier 3 gets its own 2 h from the handoff: 14:00 PDT → Management; Tier 3's manager (VP Engineering) and
      // Management's Support Manager are DMed.
      {
        at: "2026-04-15T21:00:00.000Z", event: "escalated", from: "tier3", to: "management", trigger: "ack_missed",
        dms: ["support-manager", "vp-engineering"], handoffs: [MGMT],
      },
      // Resolution 8 business hours → 18:00 PDT; the warning at 75 % of them (6 h): 16:00 PDT, the same minute
      // Management's 2 h run out. Management is the top (next: none): not acknowledged there, its manager (Support Manager) is told.
      { at: "2026-04-15T23:00:00.000Z", event: "ack_missed", dms: ["support-manager"], handoffs: [] },
      { at: "2026-04-15T23:00:00.000Z", event: "resolution_warning", dms: ["support-manager"], handoffs: [] },
      // The breach DMs the Support Manager only (no longer the VP Engineering as well).
      { at: "2026-04-16T01:00:00.000Z", event: "sla_breach", dms: ["support-manager"], handoffs: [] },
    ]);
  }, WALK_TIMEOUT);

  it("a Sev 1 outage on a Sunday night: Tier 3 → Management in 15 minutes, the VP Engineering DMed once, when engineering misses it", async () => {
    const walk = await walkLadder(policy, { summary: "Production is down: every driver gets a 503 when starting a trip" }, "2026-04-19T23:00:00-07:00", 5);
    // Sev 1 tells Tier 2 + Tier 3 + Management at once and DMs the Support Manager.
    expect(walk.opened).toEqual({ level: "tier3", severity: "sev1", category: "outage", dms: ["support-manager"], channels: [ENG, "#fleet-support-tier2", MGMT] });
    expect(walk.steps).toEqual([
      // 15 min on the 24x7 clock: 23:15 PDT = 06:15Z.
      {
        at: "2026-04-20T06:15:00.000Z", event: "escalated", from: "tier3", to: "management", trigger: "ack_missed",
        dms: ["support-manager", "vp-engineering"], handoffs: [MGMT],
      },
      { at: "2026-04-20T06:30:00.000Z", event: "ack_missed", dms: ["support-manager"], handoffs: [] },
      // 75 % of 4 h = 3 h; the breach at 4 h.
      { at: "2026-04-20T09:00:00.000Z", event: "resolution_warning", dms: ["support-manager"], handoffs: [] },
      { at: "2026-04-20T10:00:00.000Z", event: "sla_breach", dms: ["support-manager"], handoffs: [] },
    ]);
  }, WALK_TIMEOUT);

  it("a billing dispute starts at Management, the top: it never moves to an engineering tier and never DMs the VP Engineering", async () => {
    const walk = await walkLadder(policy, { summary: "Acme disputes invoice #4471: billed for 120 vehicles, they have 100" }, WED, 80);
    expect(walk.opened).toEqual({ level: "management", severity: "sev3", category: "billing", dms: ["support-manager"], channels: [MGMT] });
    expect(walk.steps).toEqual([
      // Sev 3's 4 h: 14:00 PDT. No level above Management: its manager (Support Manager) is told.
      { at: "2026-04-15T21:00:00.000Z", event: "ack_missed", dms: ["support-manager"], handoffs: [] },
      // Resolution 3 business days: Thu, Fri, Sat → Sat 10:00 PDT (17:00Z). The warning at 75 % of the 40 open
      // hours in between (Wed 10 + Thu 14 + Fri 14 + Sat 2): 30 h in = Fri 12:00 PDT.
      { at: "2026-04-17T19:00:00.000Z", event: "resolution_warning", dms: ["support-manager"], handoffs: [] },
      { at: "2026-04-18T17:00:00.000Z", event: "sla_breach", dms: ["support-manager"], handoffs: [] },
    ]);
  }, WALK_TIMEOUT);

  it("a Trial feature request: Tier 2's 8 h budget runs out before its doubled 16 h response, then it climbs on", async () => {
    const walk = await walkLadder(
      policy,
      { summary: "Feature request: can you add a dark mode to the trip log?", tier: "trial" },
      WED,
      6 * 24 + 2,
    );
    expect(walk.opened).toEqual({ level: "tier2", severity: "sev4", category: "feature-request", dms: [], channels: ["#fleet-support-tier2"] });
    expect(walk.steps).toEqual([
      // "Ticket open >8 hours (Tier 2) → Tier 3": 8 business hours (the Trial factor is on response time only):
      // 18:00 PDT. A budget move DMs only the new level's roles.
      {
        at: "2026-04-16T01:00:00.000Z", event: "escalated", from: "tier2", to: "tier3", trigger: "level_budget",
        dms: ["engineering-oncall"], handoffs: [ENG],
      },
      // Tier 3's response: Sev 4's 8 h × 2 = 16 business hours from Wed 18:00: 2 h Wed + 14 h Thu → Thu 20:00 PDT.
      {
        at: "2026-04-17T03:00:00.000Z", event: "escalated", from: "tier3", to: "management", trigger: "ack_missed",
        dms: ["support-manager", "vp-engineering"], handoffs: [MGMT],
      },
      // Management's 16 h from Thu 20:00: Fri 06:00-20:00 (14 h) + Sat 08:00-10:00 → Sat 10:00 PDT.
      { at: "2026-04-18T17:00:00.000Z", event: "ack_missed", dms: ["support-manager"], handoffs: [] },
      // Resolution 5 business days: Thu, Fri, Sat, Mon, Tue → Tue 04-21 10:00 PDT. The warning at 75 % of the 65
      // open hours in between (Wed 10 + Thu 14 + Fri 14 + Sat 9 + Mon 14 + Tue 4): 48 h 45 min in = Mon 07:45 PDT.
      { at: "2026-04-20T14:45:00.000Z", event: "resolution_warning", dms: ["support-manager"], handoffs: [] },
      { at: "2026-04-21T17:00:00.000Z", event: "sla_breach", dms: ["support-manager"], handoffs: [] },
    ]);
  }, WALK_TIMEOUT);
});
