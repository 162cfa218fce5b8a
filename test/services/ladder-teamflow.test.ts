import { describe, expect, it } from "vitest";
import { walkLadder } from "../support/ladder-walk.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * TeamFlow's "Escalation Paths" are a ladder: Level 1 First-Line Support → Level 2 Senior Support →
 * Level 3 Management → Level 4 Executive, each with its own response time (Level 1 by plan, Level 2
 * 4 hours, Level 3 2 hours, Level 4 1 hour). These walks open an escalation with the real services,
 * never acknowledge it, and check each move, who was told by DM, and which channels got a handoff.
 * Managers: Level 1 and 2 the Support Manager (on-call primary), Level 3 and 4 the VP of Customer
 * Success (on-call "Escalation"). No breach/warning roles are named, so those DMs go to the manager
 * of the level that owns the escalation then: never the CEO/CTO list.
 */
const policy = shippedPolicy("teamflow.yml");

// Wednesday 2026-03-04 10:00 Pacific = 18:00Z; every TeamFlow clock is 24/7.
const WED = "2026-03-04T10:00:00-08:00";

describe("TeamFlow ladder, nobody acknowledges", () => {
  it("a Priority escalation climbs Level 1 → 2 → 3 → 4 an hour at a time; breach DMs go to the VP of Customer Success", async () => {
    // The agent marks a Basic customer's broken exports Priority: no category matches, so it starts at
    // Level 1, but every level's response is the Priority "Within 1 hour" (earlier than Level 1's 24 h
    // for Basic, Level 2's 4 h, Level 3's 2 h; equal to Level 4's 1 h). Resolution: High Priority 24 hours.
    const walk = await walkLadder(policy, { summary: "Customer says CSV exports are broken for their whole team", tier: "basic", severity: "high" }, WED, 25);
    expect(walk.opened).toEqual({ level: "level1", severity: "high", category: "general", dms: [], channels: ["#support-first-line"] });
    expect(walk.steps).toEqual([
      // 18:00 + 1 h: Level 1 missed its first response → Level 2; Level 1's manager is told.
      { at: "2026-03-04T19:00:00.000Z", event: "escalated", from: "level1", to: "level2", trigger: "ack_missed", dms: ["support-manager"], handoffs: ["#support-escalation"] },
      // 19:00 + 1 h: Level 2 missed it → Level 3 (Management); Level 2's manager is told.
      { at: "2026-03-04T20:00:00.000Z", event: "escalated", from: "level2", to: "level3", trigger: "ack_missed", dms: ["support-manager"], handoffs: ["#support-management", "#support-escalation"] },
      // 20:00 + 1 h: Level 3 missed it → Level 4 (Executive); Level 3's manager (VP of Customer Success) is told.
      { at: "2026-03-04T21:00:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed", dms: ["vp-customer-success"], handoffs: ["#executive-escalation", "#support-escalation"] },
      // 21:00 + 1 h: Level 4 is the top; it stays there and its manager is told.
      { at: "2026-03-04T22:00:00.000Z", event: "ack_missed", dms: ["vp-customer-success"], handoffs: [] },
      // 75 % of 24 h = 18 h after 18:00Z → 12:00Z next day: the owner level's manager, not the executives.
      { at: "2026-03-05T12:00:00.000Z", event: "resolution_warning", dms: ["vp-customer-success"], handoffs: [] },
      // 24 h after opening: breach, told to Level 4's manager.
      { at: "2026-03-05T18:00:00.000Z", event: "sla_breach", dms: ["vp-customer-success"], handoffs: [] },
    ]);
  });

  it("a security incident opens at Level 3 with the security team told, reaches Level 4 in 15 minutes", async () => {
    // "Customer reports potential security vulnerability": Critical, category security, Level 3
    // ("Engineering Manager: ... security incidents"); opening DMs the category's roles (security team,
    // Engineering Manager). "Security Incidents: 15 minutes initial response" holds at Level 4 too
    // (earlier than Level 4's 1 hour). Critical Issues: 4 hours.
    const walk = await walkLadder(policy, { summary: "Customer reports a potential security vulnerability in file sharing", tier: "pro" }, WED, 5);
    expect(walk.opened).toEqual({
      level: "level3", severity: "critical", category: "security",
      dms: ["engineering-manager", "security-incident"],
      channels: ["#security-alerts", "#support-management", "#support-escalation"],
    });
    expect(walk.steps).toEqual([
      // 18:00 + 15 min → Level 4 (CTO); Level 3's manager told.
      { at: "2026-03-04T18:15:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed", dms: ["vp-customer-success"], handoffs: ["#executive-escalation", "#support-escalation"] },
      // 18:15 + 15 min: nobody at the top either.
      { at: "2026-03-04T18:30:00.000Z", event: "ack_missed", dms: ["vp-customer-success"], handoffs: [] },
      // 75 % of 4 h = 3 h → 21:00Z; breach at 22:00Z.
      { at: "2026-03-04T21:00:00.000Z", event: "resolution_warning", dms: ["vp-customer-success"], handoffs: [] },
      { at: "2026-03-04T22:00:00.000Z", event: "sla_breach", dms: ["vp-customer-success"], handoffs: [] },
    ]);
  });

  it("a Basic how-to question: Level 1's 24 h response and 24 h budget end together and move it once", async () => {
    // Level 1 Basic: "24 hours" response, and the Level 1 budget ("Unresolved technical problems after
    // 24 hours") ends at the same instant: one move, by the missed response. Then Level 2 4 h, Level 3
    // 2 h, Level 4 1 h (each earlier than the routine 24 h). Resolution (1 week) is far beyond the walk.
    const walk = await walkLadder(policy, { summary: "How do I invite teammates to a project?", tier: "basic" }, WED, 32);
    expect(walk.opened).toEqual({ level: "level1", severity: "routine", category: "general", dms: [], channels: ["#support-first-line"] });
    expect(walk.steps).toEqual([
      // 18:00Z + 24 h.
      { at: "2026-03-05T18:00:00.000Z", event: "escalated", from: "level1", to: "level2", trigger: "ack_missed", dms: ["support-manager"], handoffs: ["#support-escalation"] },
      // + 4 h.
      { at: "2026-03-05T22:00:00.000Z", event: "escalated", from: "level2", to: "level3", trigger: "ack_missed", dms: ["support-manager"], handoffs: ["#support-management", "#support-escalation"] },
      // + 2 h.
      { at: "2026-03-06T00:00:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed", dms: ["vp-customer-success"], handoffs: ["#executive-escalation", "#support-escalation"] },
      // + 1 h: the top; the VP of Customer Success, not the CEO/CTO list, is told.
      { at: "2026-03-06T01:00:00.000Z", event: "ack_missed", dms: ["vp-customer-success"], handoffs: [] },
    ]);
  });
  it("the customer asked to escalate (the form's box): a request to speak with management, Level 3 and the Support Manager", async () => {
    // Customer Satisfaction, "Requests to speak with management": Standard (4 h), Level 3 "Support Manager:
    // Service quality issues" (2 h response, earlier than the 4 h); the Support Manager is DMed at the opening.
    // Then Level 4 (1 h), and the Standard resolution (72 h) is far beyond the walk.
    const walk = await walkLadder(policy, { summary: "Gantt export to PDF cuts off the last column", tier: "basic", customerRequested: true }, WED, 4);
    expect(walk.opened).toEqual({
      level: "level3", severity: "standard", category: "satisfaction",
      dms: ["support-manager"], channels: ["#support-management", "#support-escalation"],
    });
    expect(walk.steps).toEqual([
      { at: "2026-03-04T20:00:00.000Z", event: "escalated", from: "level3", to: "level4", trigger: "ack_missed", dms: ["vp-customer-success"], handoffs: ["#executive-escalation", "#support-escalation"] },
      { at: "2026-03-04T21:00:00.000Z", event: "ack_missed", dms: ["vp-customer-success"], handoffs: [] },
    ]);
  });
});
