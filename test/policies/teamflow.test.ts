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
    // The playbook lists it under "Enterprise Customer Issues": an Enterprise how-to is an Enterprise customer issue.
    name: "Enterprise plan: any issue is a priority escalation to Level 4 / #customer-success",
    input: { text: "How do I invite teammates to a project?", tier: "enterprise" },
    openedAt: WED,
    expect: {
      severity: "high", category: "enterprise", level: "level4",
      // The category's channel first ("#customer-success: Enterprise customer issues"), then Level 4's.
      channels: ["#customer-success", "#executive-escalation", "#support-escalation"],
      notify: ["vp-customer-success"], cc: ["customer-success-manager"],
      // "4. Enterprise Customer Escalation" Immediate Actions, as the owner's checklist (issue 9, class 7).
      flags: ["account-review", "priority", "management-ack"],
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
      flags: ["secure-environment", "email-security-team", "acknowledge-no-details"],
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
      flags: ["secure-environment", "email-security-team", "acknowledge-no-details"],
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
      cc: ["customer-success-manager"], flags: ["status-page", "page-oncall", "disruption-notice"],
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
      cc: ["customer-success-manager"],
      // Both procedures' checklists: the outage's (category) and the Enterprise escalation's (rule).
      flags: ["status-page", "page-oncall", "disruption-notice", "account-review", "priority", "management-ack"],
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
      flags: ["preserve-records", "email-legal", "acknowledge-legal-review"],
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
      flags: ["preserve-records", "email-legal", "acknowledge-legal-review"],
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
      notify: ["vp-customer-success"], cc: ["customer-success-manager"], flags: ["account-review", "priority", "management-ack"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Financial Impact: "Refund requests over $1,000" (a Financial Impact escalation, billing's refund
    // approval beside it); Level 3 "Finance Director: Large refunds".
    name: "Refund of $1,500: Financial Impact priority, Finance Director at Level 3",
    input: { text: "Customer requests a refund for the annual plan", tier: "basic", fields: { refund_amount: 1500 } },
    openedAt: WED,
    expect: {
      severity: "high", category: "financial", level: "level3",
      channels: ["#support-management", "#support-escalation"],
      notify: ["finance-director", "billing-manager"], flags: ["large-refund"],
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

// Issue 9: decisions a careful support lead would make, on texts written the way agents write them.
// Every matching category counts; phrases are read in context (false friends, negation on both sides,
// inflections); rules run on the agent's choice; checklists in the playbook's own words.
const SEC_FLAGS = ["secure-environment", "email-security-team", "acknowledge-no-details"];
const OUTAGE_FLAGS = ["status-page", "page-oncall", "disruption-notice"];
const LEGAL_FLAGS = ["preserve-records", "email-legal", "acknowledge-legal-review"];
const ENTERPRISE_FLAGS = ["account-review", "priority", "management-ack"];
// A Level 1 ticket nobody escalates (Basic): 24 h response, daily update, 1 week, 24 h at Level 1.
const BASIC_LEVEL1: PlaybookCase["expect"] = {
  severity: "routine", category: "general", level: "level1", channels: ["#support-first-line"], notify: [],
  firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
  resolution: "2026-03-11T18:00:00.000Z", levelBudget: "2026-03-05T18:00:00.000Z",
};

const issue9Cases: PlaybookCase[] = [
  // ── Class 1: every matching category counts ─────────────────────────────────────────────────
  {
    // A lawyer AND a data leak: security ("Suspected data breach") and legal ("Legal threats or
    // litigation mentions") both apply. Both are Critical; security comes first in the playbook, so
    // it is primary, and "CTO: Security breaches" puts it at Level 4, where legal's CEO already sits.
    // Legal adds legal-emergency@ and the CEO/CTO (executives moves from cc to notify) and its checklist.
    // First response 15 min (security; legal's own 30 min counts only when legal is primary);
    // updates every 30 min; Critical Issues: 4 hours.
    name: "Lawyer threatens to sue over a data leak: security (Level 4, CTO) and legal both told",
    input: { text: "Their lawyer says they will sue us over the data leak from the shared board", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "security", alsoCategories: ["legal"], level: "level4",
      channels: ["#security-alerts", "#executive-escalation", "#support-escalation"],
      notify: ["security-incident", "engineering-manager", "legal-emergency", "executives"], cc: [],
      flags: [...SEC_FLAGS, ...LEGAL_FLAGS], rules: ["security-breach"],
      firstResponse: "2026-03-04T18:15:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // A refund inside an outage: the outage owns it (Level 3, 15 min, updates every 15 min) and the
    // refund still reaches the Billing Manager (Level 2 "refund approvals") as an also-level.
    name: "Refund asked for during an ongoing API outage: outage, and the Billing Manager is told",
    input: { text: "Customer wants a refund because the API outage is still ongoing", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "outage", alsoCategories: ["billing"], level: "level3", alsoLevels: ["level2"],
      channels: ["#outage-response", "#support-management", "#support-escalation"],
      notify: ["outage-response", "engineering-oncall", "support-manager", "engineering-manager", "billing-manager"],
      cc: ["customer-success-manager"], flags: OUTAGE_FLAGS,
      firstResponse: "2026-03-04T18:15:00.000Z", nextUpdate: "2026-03-04T18:15:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // An Enterprise SLA miss that also shows a churn indicator: the Enterprise escalation's checklist
    // plus "Potential churn indicators for major accounts". Priority: 1 h, updates 4 h, 24 h.
    name: "Enterprise customer: SLA missed and evaluating alternatives → Enterprise issue plus churn risk",
    input: { text: "Customer says their SLA was missed again and they are evaluating alternatives", tier: "enterprise" },
    openedAt: WED,
    expect: {
      severity: "high", category: "enterprise", alsoCategories: ["churn"], level: "level4",
      channels: ["#customer-success", "#executive-escalation", "#support-escalation"],
      notify: ["vp-customer-success"], cc: ["customer-success-manager"],
      flags: [...ENTERPRISE_FLAGS, "churn-risk"], rules: ["enterprise-customer"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  // ── Class 2: phrases in context ───────────────────────────────────────────────────────────────
  {
    // "Billing system errors affecting multiple customers" is Financial Impact (priority, Finance Director,
    // Level 3, 1 h); the single-customer dispute (billing) stays as an also-category.
    name: "Several customers charged twice: billing system error → financial impact, Finance Director",
    input: { text: "Billing error: several customers were charged twice this morning", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "high", category: "financial", alsoCategories: ["billing"], level: "level3",
      channels: ["#support-management", "#support-escalation"],
      notify: ["finance-director", "billing-manager"], rules: ["billing-many-customers"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // One customer's billing error is a billing dispute for the Billing Manager (Level 2, 4 h), not a
    // priority "billing system error affecting multiple customers". Routine: daily update, 1 week.
    name: "One customer charged twice: Billing Manager at Level 2, no priority escalation",
    input: { text: "Billing error on their account: they were charged twice for March", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "routine", category: "billing", alsoCategories: [], level: "level2",
      channels: ["#support-escalation"], notify: ["billing-manager"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // "multiple customers" asking for a feature is not a billing or outage signal; "on the roadmap"
    // is a roadmap question (Level 1 Product Info Agent for a Basic customer).
    name: "Multiple customers asking for a feature: a feature request, not an incident",
    input: { text: "Multiple customers are asking for a Gantt view, is it on the roadmap?", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, category: "feature-request", alsoCategories: [] },
  },
  {
    // "Sue" is a name, not a lawsuit.
    name: "False friend: Sue from the customer's finance team is not a lawsuit",
    input: { text: "Customer says Sue from their finance team needs admin rights on the billing page", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    // "breached the SLA" is an Enterprise "SLA violation" (priority, Level 4, VP of Customer Success),
    // not a security breach (no 15-minute security page).
    name: "False friend: we breached the SLA → SLA violation, not a security breach",
    input: { text: "Customer says we breached the SLA on their last three tickets", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "high", category: "enterprise", alsoCategories: [], level: "level4",
      channels: ["#customer-success", "#executive-escalation", "#support-escalation"],
      notify: ["vp-customer-success"], cc: ["customer-success-manager"], flags: ENTERPRISE_FLAGS,
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // About to breach the SLA: not yet an "SLA violation", and not a security breach either.
    name: "False friend: about to breach the SLA is neither a breach nor yet a violation",
    input: { text: "Heads up: we are about to breach the SLA on this ticket", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    // "breach of contract" is a legal threat (CEO, legal-emergency@, 30 min acknowledgment), not a
    // security breach: no #security-alerts, no 15-minute security page.
    name: "False friend for security, real legal signal: in breach of contract → legal only",
    input: { text: "Customer claims we are in breach of contract over the missed uptime commitment", tier: "pro" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "legal", alsoCategories: [], level: "level4",
      channels: ["#executive-escalation", "#support-escalation"],
      notify: ["legal-emergency", "executives"], flags: LEGAL_FLAGS,
      firstResponse: "2026-03-04T18:30:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // "Cancel" the button is not churn; "cancel their subscription and switch to Asana" is (checklist item
    // only: a Basic account is not a major account, so it stays with Level 1's Billing Agent).
    name: "False friend: the Cancel button does nothing → no churn flag",
    input: { text: "The Cancel button on the task modal does nothing", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [], flags: [] },
  },
  {
    name: "Churn signal: threatening to cancel their subscription → churn-risk checklist item",
    input: { text: "Customer is threatening to cancel their subscription and switch to Asana", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, category: "churn", flags: ["churn-risk"] },
  },
  {
    // The same churn signal from a >$50k account: "Potential churn indicators for major accounts" is a
    // priority escalation to the VP of Customer Success (1 h, 4 h updates, 24 h).
    name: "Churn signal from a $80k account: priority escalation with the churn checklist item",
    input: {
      text: "They are cancelling their subscription at renewal and moving to a competitor",
      tier: "pro", fields: { annual_contract_value: 80000 },
    },
    openedAt: WED,
    expect: {
      severity: "high", category: "churn", level: "level4",
      channels: ["#executive-escalation", "#support-escalation", "#customer-success"],
      notify: ["vp-customer-success"], flags: ["churn-risk", "priority"], rules: ["high-value-account"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // "down" in "drop-down" is not an outage.
    name: "False friend: the assignee drop-down is empty → Level 1, no outage",
    input: { text: "The assignee drop-down is empty on every board", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    // A how-to question about an integration is not an "integration problem" (it stays with Level 1's
    // Technical Support Agent); "Can you add my colleague" is not a feature request.
    name: "False friends: setting up the Slack integration and adding a colleague stay at Level 1",
    input: { text: "How do I set up the Slack integration? Also, can you add my colleague to the workspace?", tier: "pro" },
    openedAt: WED,
    expect: {
      ...BASIC_LEVEL1, alsoCategories: [],
      firstResponse: "2026-03-05T02:00:00.000Z", // Level 1 Pro: 8 hours
    },
  },
  {
    // A broken integration is: Level 2 "Senior Technical Specialist: ... integration problems" (Standard:
    // 4 h, daily updates, 72 h). "stopped" is an inflection of the phrase "integration stop".
    name: "Real signal: the Jira integration stopped syncing → Senior Technical Specialist",
    input: { text: "Their Jira integration stopped syncing yesterday", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "standard", category: "technical", level: "level2",
      channels: ["#support-escalation"], notify: ["senior-technical-specialist"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-07T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // A procurement review asking for scan results is not a "potential security vulnerability" report,
    // and a workaround "hacked together" is not an attack.
    name: "False friends: vulnerability scan results and a hacked-together workaround are not security incidents",
    input: {
      text: "Procurement asks for our latest vulnerability scan results; meanwhile they hacked together a Zapier workaround",
      tier: "basic",
    },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    // The customer's success manager mentioned by name is not a "Dedicated success manager request";
    // the footer's copyright year is not an IP dispute.
    name: "False friends: their success manager's name and the footer's copyright year",
    input: { text: "Their success manager Anna says the copyright year in the footer still shows 2024", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    // A marketing team's "social media calendar" is not a "Social media mention requiring response"...
    name: "False friend: the social media calendar template does not load → Level 1",
    input: { text: "The social media calendar template will not load for their marketing team", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    // ...a public post about our support is (Level 3 Support Manager, 2 h; Standard 72 h).
    name: "Real signal: the customer posted on social media about our support → Support Manager",
    input: { text: "Customer posted on social media that our support ignored them for a week", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "standard", category: "satisfaction", level: "level3",
      channels: ["#support-management", "#support-escalation"], notify: ["support-manager"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-07T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // A credit for a past outage is not an outage in progress; a refund-policy question is Level 1's
    // "Billing Agent: ... pricing questions", not a refund approval.
    name: "Past outage and the refund policy: Level 1 billing questions, no outage page",
    input: { text: "Customer asks for a credit for last week's outage and about the refund policy for annual plans", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    // IP dispute written as agents write it: "DMCA takedown". Legal's own 30 min acknowledgment; updates
    // on Critical's 30 min; 4 h.
    name: "Real signal: a DMCA takedown notice → legal, 30 min, Level 4",
    input: { text: "Customer received a DMCA takedown notice for a file shared from their workspace", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "legal", level: "level4",
      channels: ["#executive-escalation", "#support-escalation"],
      notify: ["legal-emergency", "executives"], flags: LEGAL_FLAGS,
      firstResponse: "2026-03-04T18:30:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  {
    // Data loss written as an agent writes it: "lost all their data". Security & Data Incidents, Level 3
    // (Engineering Manager), 15 min, updates every 30 min, 4 h.
    name: "Real signal: lost all their data after an import → data incident, 15 min",
    input: { text: "Acme lost all their data after the CSV import overwrote the project", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "critical", category: "security", level: "level3",
      channels: ["#security-alerts", "#support-management", "#support-escalation"],
      notify: ["security-incident", "engineering-manager"], cc: ["executives"], flags: SEC_FLAGS,
      firstResponse: "2026-03-04T18:15:00.000Z", nextUpdate: "2026-03-04T18:30:00.000Z",
      resolution: "2026-03-04T22:00:00.000Z", levelBudget: null,
    },
  },
  // ── Negation, before and after the phrase ─────────────────────────────────────────────────────
  {
    name: "Negation before: the API is not down → no outage",
    input: { text: "The API is not down, the customer was calling a retired endpoint", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    name: "Negation after: unauthorized access has been ruled out → no security incident",
    input: { text: "Unauthorized access has been ruled out; the customer shared their password with a contractor", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  {
    name: "Negation as an answer: 'Data loss: none' → no data incident",
    input: { text: "Data loss: none. The export opens in Excel with garbled characters", tier: "basic" },
    openedAt: WED,
    expect: { ...BASIC_LEVEL1, alsoCategories: [] },
  },
  // ── Inflections ─────────────────────────────────────────────────────────────────────────────
  {
    // "loads slowly" (phrase "load slowly"): "Performance degradation reports" (Standard, Level 2).
    name: "Inflection: the dashboard loads slowly → performance degradation, Level 2",
    input: { text: "Their dashboard loads slowly since Tuesday's release", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "standard", category: "technical", level: "level2",
      channels: ["#support-escalation"], notify: ["senior-technical-specialist"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-07T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // "incorrect invoices" (phrase "incorrect invoice"): a billing dispute for the Billing Manager (Level 2, 4 h).
    name: "Inflection: incorrect invoices → billing dispute, Billing Manager",
    input: { text: "Acme received incorrect invoices for January and February", tier: "basic" },
    openedAt: WED,
    expect: {
      severity: "routine", category: "billing", level: "level2",
      channels: ["#support-escalation"], notify: ["billing-manager"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-11T18:00:00.000Z", levelBudget: null,
    },
  },
  // ── Class 3: rules on the agent's choice ────────────────────────────────────────────────────
  {
    // No feature phrase in the text, but the agent files it as a Feature request: "Product feature requests
    // from Pro customers" now applies (Standard, Level 2 Product Manager, 4 h, 72 h).
    name: "Agent's category: a Pro customer's wish filed as Feature request → Product Manager at Level 2",
    input: { text: "Customer would like Gantt charts in the list view", tier: "pro", category: "feature-request" },
    openedAt: WED,
    expect: {
      severity: "standard", category: "feature-request", level: "level2",
      channels: ["#support-escalation"], notify: ["product-manager"], rules: ["pro-feature-request"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z",
      resolution: "2026-03-07T18:00:00.000Z", levelBudget: null,
    },
  },
  {
    // The agent files "several customers charged for removed seats" as Billing: the multiple-customers rule
    // runs on that choice, so Financial Impact also applies (Finance Director told, Level 3 as an also-level)
    // and raises it to Priority (1 h, 4 h updates, 24 h). The agent's category stays the owner (Level 2).
    name: "Agent's category: Billing for several customers → Financial impact also applies, priority",
    input: { text: "Several customers were charged for seats they had already removed", tier: "pro", category: "billing" },
    openedAt: WED,
    expect: {
      severity: "high", category: "billing", alsoCategories: ["financial"], level: "level2", alsoLevels: ["level3"],
      channels: ["#support-escalation", "#support-management"],
      notify: ["billing-manager", "finance-director"], rules: ["billing-many-customers"],
      firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-04T22:00:00.000Z",
      resolution: "2026-03-05T18:00:00.000Z", levelBudget: null,
    },
  },
];

describe("TeamFlow playbook", () => {
  it.each([...cases, ...issue9Cases])("$name", ({ input, openedAt, expect: e }) => {
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
