import { describe, expect, it } from "vitest";
import { walkLadder } from "../support/ladder-walk.js";
import { shippedPolicy } from "../support/playbook-cases.js";

const policy = shippedPolicy("saas-escalation-policies.yml");

// The SaaS playbook's levels are teams, not a ladder. Post-Escalation Follow-Up: "24 hours pass with
// no response (check with escalation team)": a team that does not take an escalation on in time
// hands it to the escalation team (escalations@, every team's manager), never to the next team in
// the file; the escalation team is the top, and senior support (its manager, see the playbook's
// NOTE) hears when it misses its own first response and of warnings and breaches.
// The playbook has no triggers section, so warnings and breaches go to the manager of the level
// that owns the escalation at that moment.
describe("SaaS Escalation Procedures: nobody acknowledges", () => {
  it("a High technical issue goes to the escalation team, not to the next team in the file", async () => {
    // Wed 2026-03-04 10:00 EST (15:00Z), business hours Mon-Fri 9am-6pm EST.
    const walk = await walkLadder(policy, { summary: "The iOS app crashed three times during the customer's demo" }, "2026-03-04T10:00:00-05:00", 55);
    expect(walk.opened).toEqual({ level: "tech-support", severity: "high", category: "technical", dms: [], channels: ["#tech-support-escalations"] });
    expect(walk.steps).toEqual([
      // Technical Issues "Response SLA: 4 hours": Wed 14:00 EST. Tech support's next is the escalation
      // team (not account access or billing, which follow it in the file); its manager is told.
      { at: "2026-03-04T19:00:00.000Z", event: "escalated", from: "tech-support", to: "support-escalations", trigger: "ack_missed", dms: ["escalations"], handoffs: ["#support-escalations"] },
      // The escalation team gets the same 4 business hours from 14:00: Wed 18:00 EST. It is the top
      // (next: none): the escalation stays, and senior support is told.
      { at: "2026-03-04T23:00:00.000Z", event: "ack_missed", dms: ["senior-support"], handoffs: [] },
      // Resolution 24 business hours: Wed 8 + Thu 9 + Fri 7 → Fri 16:00 EST (21:00Z). The warning comes at
      // 75 % of those business hours (18 h: Wed 8 + Thu 9 + Fri 1): Fri 10:00 EST.
      { at: "2026-03-06T15:00:00.000Z", event: "resolution_warning", dms: ["senior-support"], handoffs: [] },
      { at: "2026-03-06T21:00:00.000Z", event: "sla_breach", dms: ["senior-support"], handoffs: [] },
    ]);
    const visited = walk.steps.flatMap((s) => (s.to ? [s.to] : []));
    expect(visited).not.toContain("account-access");
    expect(visited).not.toContain("billing");
  });

  it("a lawyer's letter about a data leak: Security owns it, Legal is told, then the escalation team", async () => {
    // Critical, 24/7, from Wed 2026-03-04 10:00 EST (15:00Z): 30 min first response, 4 h resolution.
    const walk = await walkLadder(
      policy,
      { summary: "Got a letter from the customer's lawyer about a data leak exposing their employees' records" },
      "2026-03-04T10:00:00-05:00",
      5,
    );
    // Both categories apply: Security (first in the playbook) owns it, Legal's channel gets the post too.
    expect(walk.opened).toEqual({
      level: "security",
      severity: "critical",
      category: "security",
      dms: [],
      channels: ["#security-escalations", "#legal-escalations"],
    });
    expect(walk.steps).toEqual([
      // "Response time: <30 min for breaches": 10:30 EST → the escalation team, Security's manager told.
      { at: "2026-03-04T15:30:00.000Z", event: "escalated", from: "security", to: "support-escalations", trigger: "ack_missed", dms: ["escalations"], handoffs: ["#support-escalations"] },
      // The escalation team's own 30 minutes: 11:00 EST, at the top.
      { at: "2026-03-04T16:00:00.000Z", event: "ack_missed", dms: ["senior-support"], handoffs: [] },
      // 75 % of 4 h = 3 h: 13:00 EST; breach at 4 h: 14:00 EST.
      { at: "2026-03-04T18:00:00.000Z", event: "resolution_warning", dms: ["senior-support"], handoffs: [] },
      { at: "2026-03-04T19:00:00.000Z", event: "sla_breach", dms: ["senior-support"], handoffs: [] },
    ]);
    // Never moved on to Legal (it was told at once) or any other team.
    expect(walk.steps.flatMap((s) => (s.to ? [s.to] : []))).toEqual(["support-escalations"]);
  });
});
