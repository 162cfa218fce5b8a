import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { at, expectDecision, iso, shippedPolicy, type PlaybookCase } from "../support/playbook-cases.js";

const policy = shippedPolicy("generic-levels.yml");

// The playbook names no business hours: every clock runs 24/7 from the opening, Wed 2026-03-04 10:00 UTC.
// Status updates every 4 hours (→ 14:00Z); resolution is the file's 1-week placeholder (→ 2026-03-11 10:00Z).
const OPEN = "2026-03-04T10:00:00Z";
const UPDATE = "2026-03-04T14:00:00.000Z";
const RESOLVE = "2026-03-11T10:00:00.000Z";
const L4 = { level: "level4", channels: ["#engineering-escalations"], notify: ["engineering"] };
const L3 = { level: "level3", channels: ["#support-level3"], notify: ["senior-support"] };
const L2 = { level: "level2", channels: ["#support-level2"], notify: ["technical-support"] };
const L1 = { level: "level1", channels: ["#support-level1"], notify: ["support-team"] };
const P1_COMMS = ["phone-call", "email", "dashboard-alert"];

const cases: PlaybookCase<"levelBudget">[] = [
  {
    // Critical keyword "down" → P1 ("System down"): 15 min, immediate to Level 4, phone + email + dashboard.
    name: "'the system is down' → P1, immediately at Level 4, 15 min",
    input: { text: "The system is down for all users" },
    openedAt: OPEN,
    expect: {
      severity: "p1", category: "general", ...L4, flags: P1_COMMS, rules: ["critical-keywords", "p1-level4"],
      firstResponse: "2026-03-04T10:15:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // P1 definition "data loss"; Level 3 typical issue, but P1 goes "Immediate to Level 4".
    name: "data loss → P1, Level 4 (over Level 3's typical issue)",
    input: { text: "Customer reports data loss after the last import" },
    openedAt: OPEN,
    expect: {
      severity: "p1", category: "senior-technical", ...L4, flags: P1_COMMS, rules: ["p1-level4"],
      firstResponse: "2026-03-04T10:15:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // P1 definition "security breach"; Automatic Escalation "Security-related concerns".
    name: "security breach → P1 security issue at Level 4",
    input: { text: "Security breach: unauthorized access to the admin console" },
    openedAt: OPEN,
    expect: {
      severity: "p1", category: "security", ...L4, flags: P1_COMMS, rules: ["p1-level4"],
      firstResponse: "2026-03-04T10:15:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // Critical keyword "broken" on an otherwise low-urgency report → P1.
    name: "'the export button is broken' → critical keyword, P1 at Level 4",
    input: { text: "The export button is broken" },
    openedAt: OPEN,
    expect: {
      severity: "p1", category: "general", ...L4, flags: P1_COMMS, rules: ["critical-keyword-broken", "p1-level4"],
      firstResponse: "2026-03-04T10:15:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // P2 definition "Major functionality broken, significant impact": 1 h, to Level 3 (whose budget is 2 h).
    name: "major functionality broken → P2 (not P1), Level 3, 1 h",
    input: { text: "Major functionality broken: reports cannot be generated, significant impact" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "general", ...L3, flags: ["email", "dashboard-alert"], rules: ["p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // P2 on a Level 2 typical issue (data synchronization) still goes to Level 3.
    name: "significant impact on data synchronization → P2, Level 3 over Level 2",
    input: { text: "Significant impact: data synchronization problems for the whole team" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "technical", ...L3, flags: ["email", "dashboard-alert"], rules: ["p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // P3 "Minor functionality issues, workarounds available": 4 h, to Level 2, email notification.
    name: "minor issue with a workaround → P3, Level 2, 4 h",
    input: { text: "Minor functionality issue with CSV export, workaround available" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "general", ...L2, flags: ["email"], rules: ["p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Level 1 typical issue "Password resets": P4, 24 h, Level 1 holds it 24 h.
    name: "password reset → P4, Level 1, 24 h",
    input: { text: "Customer needs a password reset" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1,
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Level 2 typical issue "API integration problems": Level 2's 4 h response beats P4's 24 h.
    name: "API integration problems → Level 2, 4 h",
    input: { text: "API integration problems: requests return errors" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "technical", ...L2,
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Level 3 typical issue "Performance degradation": Level 3 responds within 2 h.
    name: "performance degradation → Level 3, 2 h",
    input: { text: "Performance degradation on the reporting service" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "senior-technical", ...L3,
      firstResponse: "2026-03-04T12:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // Level 4 typical issues "Security vulnerabilities", "Product bugs requiring code changes": 1 h, top level (no budget).
    name: "security vulnerability requiring code changes → Level 4, 1 h",
    input: { text: "Security vulnerability in the file upload requires code changes" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "engineering", ...L4,
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // Automatic Escalation "Customer requests escalation": one step up (P4 → P3 → Level 2).
    name: "customer requests escalation of a billing question → P3, Level 2",
    input: { text: "Customer requests escalation of a billing question" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "general-support", ...L2, flags: ["email"], rules: ["customer-requests-escalation", "p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Automatic Escalation "Multiple failed resolution attempts" (field).
    name: "two failed resolution attempts on a password reset → P3, Level 2",
    input: { text: "Password reset email never arrives", fields: { failed_attempts: 2 } },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "general-support", ...L2, flags: ["email"], rules: ["multiple-failed-attempts", "p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // One failed attempt is not "multiple".
    name: "one failed resolution attempt → stays P4 at Level 1",
    input: { text: "Password reset email never arrives", fields: { failed_attempts: 1 } },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1,
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // A negated keyword is not a critical keyword: "not an outage".
    name: "'not an outage, just a general question' → P4, Level 1",
    input: { text: "This is not an outage, just a general question about exports" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1,
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
];

describe("Customer Support Escalation Levels playbook", () => {
  it.each(cases)("$name", ({ input, openedAt, expect: e }) => {
    expectDecision(decide(input, policy, at(openedAt)), e, { rules: [], cc: [], flags: [], clock: "24x7" });
  });

  // The agent picks P1 by hand: "Escalation: Immediate to Level 4" follows from the urgency's level.
  it("agent-chosen P1 → owned by Level 4", () => {
    const d = decide({ text: "Customer asks a general question about exports", severity: "P1" }, policy, at(OPEN));
    expect(d.classification.severity).toBe("p1");
    expect(iso(d.deadlines.firstResponse)).toBe("2026-03-04T10:15:00.000Z");
    expect(d.route.alsoLevels).toEqual([]);
    expect(d.route.level).toBe("level4");
  });
});
