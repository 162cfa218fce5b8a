import { describe, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { at, expectDecision, shippedPolicy, type PlaybookCase } from "../support/playbook-cases.js";

const policy = shippedPolicy("octoacme.yml");

// Business hours (placeholder calendar): Mon-Fri 09:00-17:00 America/Los_Angeles; DST starts Sun 2026-03-08;
// Thanksgiving 2026-11-26 is a holiday. Wednesday 2026-03-04 10:00 PST = 18:00Z.
const WED = "2026-03-04T10:00:00-08:00";
const L1 = { severity: "standard", level: "level1", channels: ["#support-escalations"], notify: ["support-rep"], clock: "business-hours" };
const L2 = { severity: "engineering", level: "level2", channels: ["#eng-escalations"], notify: ["engineering-team"], clock: "business-hours" };
const L3 = { severity: "critical", level: "level3", channels: ["#critical-escalations"], notify: ["engineering-lead", "product-manager"], clock: "24x7" };
const L4 = { severity: "executive", level: "level4", channels: ["#exec-escalations"], notify: ["vp-engineering", "vp-product", "ceo"], clock: "24x7" };

const cases: PlaybookCase<"clock">[] = [
  {
    // Level 1 "Common how-to questions": response within 4 business hours, resolution 1-2 business days.
    name: "L1 how-to question in business hours (Enterprise: no tier modifier)",
    input: { text: "How do I export a report to CSV?", tier: "Enterprise" },
    openedAt: WED,
    expect: {
      ...L1, category: "how-to",
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Opened after hours (18:30): the 4 business hours start Thursday 09:00.
    name: "L1 opened after hours: clock starts next morning (Free: same targets)",
    input: { text: "How do I export a report to CSV?", tier: "free" },
    openedAt: "2026-03-04T18:30:00-08:00",
    expect: {
      ...L1, category: "how-to",
      firstResponse: "2026-03-05T21:00:00.000Z", nextUpdate: "2026-03-06T17:00:00.000Z", resolution: "2026-03-09T16:00:00.000Z",
    },
  },
  {
    // Level 1 "Account/billing inquiries": Friday 15:00 → 2 business hours Friday, 2 on Monday (now PDT).
    name: "L1 billing inquiry on Friday afternoon: over the weekend and the DST change",
    input: { text: "Invoice question: customer was charged for an extra seat", tier: "pro" },
    openedAt: "2026-03-06T15:00:00-08:00",
    expect: {
      ...L1, category: "billing",
      firstResponse: "2026-03-09T18:00:00.000Z", nextUpdate: "2026-03-09T22:00:00.000Z", resolution: "2026-03-10T22:00:00.000Z",
    },
  },
  {
    // A Saturday opening waits for Monday 09:00.
    name: "L1 opened on a Saturday: clock starts Monday 09:00",
    input: { text: "Where do I find the audit log settings?" },
    openedAt: "2026-03-07T11:00:00-08:00",
    expect: {
      ...L1, category: "how-to",
      firstResponse: "2026-03-09T20:00:00.000Z", nextUpdate: "2026-03-10T16:00:00.000Z", resolution: "2026-03-11T16:00:00.000Z",
    },
  },
  {
    // Level 1 "Basic configuration assistance" the day before Thanksgiving: 1 h Wednesday, holiday, 3 h Friday.
    name: "L1 configuration before a holiday: Thanksgiving does not count",
    input: { text: "Customer needs help with basic configuration of notifications" },
    openedAt: "2026-11-25T16:00:00-08:00",
    expect: {
      ...L1, category: "configuration",
      firstResponse: "2026-11-27T20:00:00.000Z", nextUpdate: "2026-11-28T00:00:00.000Z", resolution: "2026-12-01T00:00:00.000Z",
    },
  },
  {
    // Level 1 "Known issues with documented workarounds" (not an engineering bug).
    name: "Known issue with a documented workaround stays at L1",
    input: { text: "Known issue: the export bug has a documented workaround" },
    openedAt: WED,
    expect: {
      ...L1, category: "known-issue",
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Level 2 "Confirmed bugs requiring code fixes": response within 1 business day, resolution 3-5 business days.
    name: "L2 confirmed bug: 1 business day, 5 business days",
    input: { text: "Confirmed bug: export fails with a 500 error", tier: "pro" },
    openedAt: WED,
    expect: {
      ...L2, category: "bug",
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Level 2 "Integration problems", opened Friday after hours: business days count from Monday 09:00.
    name: "L2 integration problem on Friday evening",
    input: { text: "Webhook integration to the CRM stopped syncing", tier: "enterprise" },
    openedAt: "2026-03-06T17:30:00-08:00",
    expect: {
      ...L2, category: "integration",
      firstResponse: "2026-03-10T16:00:00.000Z", nextUpdate: "2026-03-10T16:00:00.000Z", resolution: "2026-03-16T16:00:00.000Z",
    },
  },
  {
    // Level 3 "Production outage affecting multiple customers": within 2 hours (not business hours), same day.
    name: "L3 production outage on a Saturday night: 2 h on a 24/7 clock",
    input: { text: "Production outage affecting multiple customers: dashboards return 503", tier: "free" },
    openedAt: "2026-03-07T02:00:00-08:00",
    expect: {
      ...L3, category: "outage",
      firstResponse: "2026-03-07T12:00:00.000Z", nextUpdate: "2026-03-07T12:00:00.000Z", resolution: "2026-03-08T10:00:00.000Z",
    },
  },
  {
    // Level 3 "Data loss or security incident".
    name: "L3 data loss",
    input: { text: "Data loss after import: customer records are missing", tier: "enterprise" },
    openedAt: WED,
    expect: {
      ...L3, category: "data-loss-security",
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 3 "Customer threatening to churn due to product issues".
    name: "L3 churn threat over product issues",
    input: { text: "Customer threatening to cancel because of repeated product bugs", tier: "pro" },
    openedAt: WED,
    expect: {
      ...L3, category: "churn-risk",
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 4 "Strategic account at risk of churning": response immediate.
    name: "L4 strategic account at risk of churning: immediate",
    input: { text: "Customer threatening to cancel because of repeated product bugs", tier: "enterprise", fields: { strategic_account: true } },
    openedAt: WED,
    expect: {
      ...L4, category: "churn-risk",
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 4 "Legal or compliance issues".
    name: "L4 legal/compliance issue",
    input: { text: "Customer's legal team raised a GDPR compliance concern", tier: "pro" },
    openedAt: WED,
    expect: {
      ...L4, category: "legal-compliance",
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 4 "Major brand/reputation risk".
    name: "L4 brand/reputation risk",
    input: { text: "A journalist is asking about the customer's public post", tier: "free" },
    openedAt: WED,
    expect: {
      ...L4, category: "brand-risk",
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Escalation Template "Escalation Level: [L1/L2/L3/L4]": the agent picks L3 for a how-to ticket after hours.
    // The L3 handlers are told and the 2 h clock runs 24/7; the owner stays the category's level.
    name: "Agent chooses L3 explicitly after hours: L3 told, 2 h on the 24/7 clock",
    input: { text: "How do I export a report to CSV?", severity: "L3" },
    openedAt: "2026-03-04T18:30:00-08:00",
    expect: {
      severity: "critical", category: "how-to", level: "level1", clock: "24x7",
      channels: ["#support-escalations", "#critical-escalations"],
      notify: ["support-rep", "engineering-lead", "product-manager"],
      firstResponse: "2026-03-05T04:30:00.000Z", nextUpdate: "2026-03-05T04:30:00.000Z", resolution: "2026-03-06T02:30:00.000Z",
    },
  },
  {
    // Criteria for Product Team Review: "Volume: 5+ customers requesting same feature".
    name: "Feature requested by 6 customers: product team review",
    input: { text: "Feature request: can you add dark mode?", fields: { feature_requests: 6 } },
    openedAt: WED,
    expect: {
      ...L1, category: "feature-request", notify: ["support-rep", "product-manager"], flags: ["product-review"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // 4 customers is below "5+".
    name: "Feature requested by 4 customers: no product review",
    input: { text: "Feature request: can you add dark mode?", fields: { feature_requests: 4 } },
    openedAt: WED,
    expect: {
      ...L1, category: "feature-request",
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Criteria for Product Team Review: "Competitive: Required for competitive parity".
    name: "Feature needed for competitive parity: product team review",
    input: { text: "Feature request: a competitor already offers SAML groups" },
    openedAt: WED,
    expect: {
      ...L1, category: "feature-request", notify: ["support-rep", "product-manager"], flags: ["product-review"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
];

describe("OctoAcme playbook", () => {
  it.each(cases)("$name", ({ input, openedAt, expect: e }) => {
    expectDecision(decide(input, policy, at(openedAt)), e, { flags: [], levelBudget: null });
  });
});
