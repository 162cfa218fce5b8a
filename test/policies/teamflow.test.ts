import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { at, expectDecision, iso, shippedPolicy, type PlaybookCase } from "../support/playbook-cases.js";

const policy = shippedPolicy("teamflow.yml");

// Wednesday 2026-03-04 10:00 Pacific = 18:00Z. TeamFlow runs a 24/7 on-call rotation: every clock is 24/7.
const WED = "2026-03-04T10:00:00-08:00";

const cases: PlaybookCase[] = [
  {
    // Level 1: "Response Time: 24 hours (Basic)"; Standard escalation "Unresolved technical problems after 24 hours".
    name: "Level 1, Basic plan: 24 h response, 24 h at Level 1",
    input: { text: "How do I invite teammates to a project?", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "routine", category: "general", level: "level1",
      channels: ["#support-first-line"], notify: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 1: "8 hours (Pro)".
    name: "Level 1, Pro plan: 8 h response",
    input: { text: "How do I invite teammates to a project?", tier: "Pro" },
    openedAt: WED,
    expect: {
      severity: "routine", category: "general", level: "level1",
      channels: ["#support-first-line"], notify: [],
      firstResponse: "2026-03-05T02:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // 24/7 rotation: a Saturday-night ticket is not paused for the weekend (nor shifted by the DST change on Mar 8).
    name: "Level 1, Basic plan opened Saturday night: clock runs through the weekend",
    input: { text: "How do I invite teammates to a project?" },
    openedAt: "2026-03-07T23:00:00-08:00",
    expect: {
      severity: "routine", category: "general", level: "level1",
      channels: ["#support-first-line"], notify: [],
      firstResponse: "2026-03-09T07:00:00.000Z", nextUpdate: "2026-03-09T07:00:00.000Z",
      resolution: "2026-03-15T07:00:00.000Z", levelBudget: "2026-03-09T07:00:00.000Z",
    },
  },
  {
    // "Any issue affecting Enterprise customers" → priority (1 h); VP of Customer Success; success manager; front of queues.
    name: "Enterprise plan: any issue is a priority escalation to Level 4 / #customer-success",
    input: { text: "How do I invite teammates to a project?", tier: "enterprise" },
    openedAt: WED,
    expect: {
      severity: "high", category: "general", level: "level4",
      channels: ["#executive-escalation", "#support-escalation", "#customer-success"],
      notify: ["vp-customer-success"], cc: ["customer-success-manager"], flags: ["priority"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Security & Data Incidents: "Customer reports potential security vulnerability"; 15 min; updates every 30 min;
    // email security-incident@; Engineering Manager (Level 3: security incidents); inform CTO and CEO.
    name: "Security vulnerability report: 15 min, #security-alerts, Level 3",
    input: { text: "Customer reports a potential security vulnerability in file sharing", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "security", level: "level3",
      channels: ["#security-alerts", "#support-management", "#support-escalation"],
      notify: ["security-incident", "engineering-manager"], cc: ["executives"],
      firstResponse: "2026-03-04T18:15:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // "Suspected data breach or unauthorized access"; Level 4 "CTO: Security breaches"; Critical Issues: 4 hours.
    name: "Suspected data breach: Level 4 (CTO), still 15 min",
    input: { text: "Suspected data breach: unauthorized access to several customer workspaces" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "security", level: "level4",
      channels: ["#security-alerts", "#executive-escalation", "#support-escalation"],
      notify: ["security-incident", "engineering-manager"], cc: ["executives"],
      firstResponse: "2026-03-04T18:15:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Service Outages: "API downtime affecting multiple customers"; 15 min status update, updates every 15 min;
    // page on-call, notify Support and Engineering Managers, notify Enterprise CSMs.
    name: "API downtime: outage, 15 min and 15 min updates, #outage-response",
    input: { text: "API downtime affecting multiple customers since 09:40", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "outage", level: "level3",
      channels: ["#outage-response", "#support-management", "#support-escalation"],
      notify: ["outage-response", "engineering-oncall", "support-manager", "engineering-manager"],
      cc: ["customer-success-manager"],
      firstResponse: "2026-03-04T18:15:00.000Z", nextUpdate: "2026-03-04T18:15:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // An Enterprise customer hit by an outage: both the outage procedure and the Enterprise escalation.
    name: "Outage for an Enterprise customer: outage channels plus #customer-success at Level 4",
    input: { text: "Platform-wide service disruption, nobody can log in", tier: "enterprise" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "outage", level: "level4",
      channels: ["#outage-response", "#executive-escalation", "#support-escalation", "#customer-success"],
      notify: ["outage-response", "engineering-oncall", "support-manager", "engineering-manager", "vp-customer-success"],
      cc: ["customer-success-manager"], flags: ["priority"],
      firstResponse: "2026-03-04T18:15:00.000Z", nextUpdate: "2026-03-04T18:15:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Legal & Compliance: "Subpoenas or legal document requests"; "Legal Issues: 30 minutes acknowledgment";
    // email legal-emergency@, notify CEO and CTO immediately; Level 4 "CEO: Legal issues".
    name: "Subpoena: legal, 30 min acknowledgment, Level 4",
    input: { text: "We received a subpoena asking for the customer's account records", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "legal", level: "level4",
      channels: ["#executive-escalation", "#support-escalation"],
      notify: ["legal-emergency", "executives"],
      firstResponse: "2026-03-04T18:30:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Legal & Compliance: 'Data deletion requests under GDPR "Right to be Forgotten"'.
    name: "GDPR right to be forgotten: legal",
    input: { text: "Customer invokes their GDPR right to be forgotten for all users", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "legal", level: "level4",
      channels: ["#executive-escalation", "#support-escalation"],
      notify: ["legal-emergency", "executives"],
      firstResponse: "2026-03-04T18:30:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Enterprise Customer Issues: "SLA violations", "Dedicated success manager requests"; 1 hour; #customer-success.
    name: "SLA violation on a Pro account: enterprise-issue category, 1 h",
    input: { text: "SLA violation: the customer asks for a dedicated success manager", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "high", category: "enterprise", level: "level4",
      channels: ["#customer-success", "#executive-escalation", "#support-escalation"],
      notify: ["vp-customer-success"], cc: ["customer-success-manager"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Financial Impact: "Refund requests over $1,000"; Level 3 "Finance Director: Large refunds".
    name: "Refund of $1,500: priority, Finance Director at Level 3",
    input: { text: "Customer requests a refund for the annual plan", tier: "basic", fields: { refund_amount: 1500 } },
    openedAt: WED,
    expect: {
      severity: "high", category: "billing", level: "level3",
      channels: ["#support-management", "#support-escalation"],
      notify: ["billing-manager", "finance-director"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // $1,000 is not "over $1,000": a refund approval for the Billing Manager (Level 2, 4 h all plans).
    name: "Refund of exactly $1,000: Billing Manager at Level 2, no priority",
    input: { text: "Customer requests a refund for the annual plan", tier: "basic", fields: { refund_amount: 1000 } },
    openedAt: WED,
    expect: {
      severity: "routine", category: "billing", level: "level2",
      channels: ["#support-escalation"], notify: ["billing-manager"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Financial Impact: "Payment processor failures", "Billing system errors affecting multiple customers".
    name: "Payment processor failure: financial impact, 1 h, Finance Director",
    input: { text: "Payment processor failures are blocking renewals", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "high", category: "financial", level: "level3",
      channels: ["#support-management", "#support-escalation"],
      notify: ["finance-director"], cc: ["billing-manager"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // High-Value Accounts: "Customers with >$50k annual contract value".
    name: "$60k annual contract value: priority, VP of Customer Success",
    input: { text: "Customer asks about adding 200 seats next quarter", tier: "pro", fields: { annual_contract_value: 60000 } },
    openedAt: WED,
    expect: {
      severity: "high", category: "general", level: "level4",
      channels: ["#executive-escalation", "#support-escalation", "#customer-success"],
      notify: ["vp-customer-success"], flags: ["priority"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // $50,000 is not ">$50k": stays a Pro Level 1 ticket (8 h).
    name: "$50k annual contract value exactly: not high-value",
    input: { text: "Customer asks about adding 200 seats next quarter", tier: "pro", fields: { annual_contract_value: 50000 } },
    openedAt: WED,
    expect: {
      severity: "routine", category: "general", level: "level1",
      channels: ["#support-first-line"], notify: [],
      firstResponse: "2026-03-05T02:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // High-Value Accounts: "Fortune 500 company issues".
    name: "Fortune 500 company: priority",
    input: { text: "Customer asks about adding 200 seats next quarter", tier: "basic", fields: { fortune_500: true } },
    openedAt: WED,
    expect: {
      severity: "high", category: "general", level: "level4",
      channels: ["#executive-escalation", "#support-escalation", "#customer-success"],
      notify: ["vp-customer-success"], flags: ["priority"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Technical Issues: "Performance degradation reports"; "not an outage" does not count as an outage.
    // Standard escalation: 4 h; Standard resolution 72 hours; Level 2 Senior Technical Specialist.
    name: "Performance degradation (explicitly not an outage): standard, Level 2",
    input: { text: "This is not an outage, but performance degradation is reported on boards", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "standard", category: "technical", level: "level2",
      channels: ["#support-escalation"], notify: ["senior-technical-specialist"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-07T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // "Complex Issues: 1 week with daily updates" (the agent's choice).
    name: "Agent marks a technical issue Complex: 1 week, daily updates",
    input: { text: "Multiple failed resolution attempts on the calendar sync bug", tier: "pro", severity: "complex" },
    openedAt: WED,
    expect: {
      severity: "complex", category: "technical", level: "level2",
      channels: ["#support-escalation"], notify: ["senior-technical-specialist"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Customer Satisfaction: "Formal complaints", "Requests to speak with management"; Level 3 Support Manager (2 h).
    name: "Formal complaint: standard escalation, Level 3 responds within 2 h",
    input: { text: "Formal complaint about service quality; they want to speak with a manager", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "standard", category: "satisfaction", level: "level3",
      channels: ["#support-management", "#support-escalation"], notify: ["support-manager"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-07T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Customer Satisfaction: "Product feature requests from Pro customers"; Level 2 "Product Manager: Feature requests".
    name: "Feature request from a Pro customer: standard escalation to the Product Manager",
    input: { text: "Feature request: can you add Gantt charts?", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "standard", category: "feature-request", level: "level2",
      channels: ["#support-escalation"], notify: ["product-manager"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-07T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // The same request from a Basic customer is Level 1 "Product Info Agent: Features" (24 h).
    name: "Feature request from a Basic customer: stays at Level 1",
    input: { text: "Feature request: can you add Gantt charts?", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "routine", category: "feature-request", level: "level1",
      channels: ["#support-first-line"], notify: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: "2026-03-05T18:00:00.000Z",
    },
  },
];

describe("TeamFlow playbook", () => {
  it.each(cases)("$name", ({ input, openedAt, expect: e }) => {
    expectDecision(decide(input, policy, at(openedAt)), e, { cc: [], flags: [], clock: "24x7" });
  });

  // "Immediate Escalation (Within 15 minutes)": an agent's own Critical gets 15 min; only legal
  // issues have their own 30 minutes.
  it("an agent-chosen Critical on text no category matches → 15 min first response", () => {
    const d = decide({ text: "Customer is unhappy with the new dashboard colours", severity: "critical" }, policy, at(WED));
    expect(d.classification.severity).toBe("critical");
    expect(iso(d.deadlines.firstResponse)).toBe("2026-03-04T18:15:00.000Z");
  });
});
