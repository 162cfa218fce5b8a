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
      // The export "bug" with a documented workaround is the known issue itself, not a bug for Level 2.
      ...L1, category: "known-issue", alsoCategories: [],
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
      // Level 3 "Resolution Target: Same day or emergency hotfix" is now a checklist item on every L3 post.
      ...L3, category: "outage", flags: ["same-day-fix"],
      firstResponse: "2026-03-07T12:00:00.000Z", nextUpdate: "2026-03-07T12:00:00.000Z", resolution: "2026-03-08T10:00:00.000Z",
    },
  },
  {
    // Level 3 "Data loss or security incident".
    name: "L3 data loss",
    input: { text: "Data loss after import: customer records are missing", tier: "enterprise" },
    openedAt: WED,
    expect: {
      ...L3, category: "data-loss-security", flags: ["same-day-fix"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 3 "Customer threatening to churn due to product issues". "repeated product bugs" names no
    // confirmed bug for Level 2 to fix: Level 2 is not also told.
    name: "L3 churn threat over product issues",
    input: { text: "Customer threatening to cancel because of repeated product bugs", tier: "pro" },
    openedAt: WED,
    expect: {
      ...L3, category: "churn-risk", alsoCategories: [], flags: ["churn-risk", "same-day-fix"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 4 "Strategic account at risk of churning": response immediate.
    name: "L4 strategic account at risk of churning: immediate",
    input: { text: "Customer threatening to cancel because of repeated product bugs", tier: "enterprise", fields: { strategic_account: true } },
    openedAt: WED,
    expect: {
      ...L4, category: "churn-risk", alsoCategories: [], flags: ["churn-risk", "action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 4 "Legal or compliance issues".
    name: "L4 legal/compliance issue",
    input: { text: "Customer's legal team raised a GDPR compliance concern", tier: "pro" },
    openedAt: WED,
    expect: {
      // Level 4 "Resolution Target: Immediate action plan" is now a checklist item on every L4 post.
      ...L4, category: "legal-compliance", flags: ["action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 4 "Major brand/reputation risk".
    name: "L4 brand/reputation risk",
    input: { text: "A journalist is asking about the customer's public post", tier: "free" },
    openedAt: WED,
    expect: {
      ...L4, category: "brand-risk", flags: ["action-plan"],
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
      notify: ["support-rep", "engineering-lead", "product-manager"], flags: ["same-day-fix"],
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
  // ---- Issue 9: decisions people can trust. Written the way agents type them. ----
  // Targets at WED (10:00 PST = 18:00Z), as above:
  //   L1 (business hours): 4 bh → 14:00 PST = 22:00Z; update 1 bd → Thu 18:00Z; resolution 2 bd → Fri 18:00Z.
  //   L2 (business hours): 1 bd → Thu 18:00Z; update 1 bd → Thu 18:00Z; 5 bd → Wed 03-11 10:00 PDT = 17:00Z.
  //   L3 (24/7): 2 h → 20:00Z; update 2 h → 20:00Z; 1 day → Thu 18:00Z.
  //   L4 (24/7): 0 → 18:00Z; update 1 h → 19:00Z; 1 day → Thu 18:00Z.
  {
    // Class 1, every category counts: a lawyer's letter (Level 4 legal) about another customer's data (Level 3
    // security). Legal owns it; the Level 3 handlers are told too.
    name: "Lawyer's letter about exposed data: L4 legal owns it, L3 security told too",
    input: { text: "Customer's lawyer sent a letter: another customer's data was visible in their workspace", tier: "enterprise" },
    openedAt: WED,
    expect: {
      ...L4, category: "legal-compliance", alsoCategories: ["data-loss-security"], alsoLevels: ["level3"],
      channels: ["#exec-escalations", "#critical-escalations"],
      notify: ["vp-engineering", "vp-product", "ceo", "engineering-lead", "product-manager"],
      flags: ["action-plan"], rules: ["executive-action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 1 + inflection: a data breach that shows the customer's invoices ("invoice" matches "invoices"):
    // security owns it, support (billing inquiries) is told too.
    name: "Data breach showing their invoices: L3, billing's Level 1 told too",
    input: { text: "Possible data breach: customer found their invoices visible to a user from another company" },
    openedAt: WED,
    expect: {
      ...L3, category: "data-loss-security", alsoCategories: ["billing"], alsoLevels: ["level1"],
      channels: ["#critical-escalations", "#support-escalations"], notify: ["engineering-lead", "product-manager", "support-rep"],
      flags: ["same-day-fix"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: "breach" of the SLA is not a security breach.
    name: "'about to breach the SLA' is no security incident",
    input: { text: "Heads up, we are about to breach the SLA on this ticket and the customer still can't export" },
    openedAt: WED,
    expect: {
      ...L1, category: "general", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: the Cancel button is a bug, not a churn threat.
    name: "'the Cancel button is broken' is a bug, not churn",
    input: { text: "The Cancel button on the invite dialog is broken" },
    openedAt: WED,
    expect: {
      ...L2, category: "bug", alsoCategories: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 2, real signal + inflection ("threatened to cancel", "cancel their subscription"): churn, billing told too.
    name: "Threatened to cancel their subscription: L3 churn with the churn checklist item",
    input: { text: "They threatened to cancel their subscription if the export isn't fixed this week", tier: "pro" },
    openedAt: WED,
    expect: {
      ...L3, category: "churn-risk", alsoCategories: ["billing"], alsoLevels: ["level1"],
      channels: ["#critical-escalations", "#support-escalations"], notify: ["engineering-lead", "product-manager", "support-rep"],
      flags: ["churn-risk", "same-day-fix"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friends: cancelling a report in the app and "the Cancel button" are not cancelling the account.
    name: "'wants to cancel the scheduled report' is not churn",
    input: { text: "Customer wants to cancel the scheduled report but the Cancel button does nothing" },
    openedAt: WED,
    expect: {
      ...L1, category: "general", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: "drop-down" is not "down"; the broken drop-down is a Level 2 bug, not an outage.
    name: "Broken drop-down on the settings page: L2 bug, no outage",
    input: { text: "The timezone drop-down is broken on the settings page" },
    openedAt: WED,
    expect: {
      ...L2, category: "bug", alsoCategories: ["configuration"], alsoLevels: ["level1"],
      channels: ["#eng-escalations", "#support-escalations"], notify: ["engineering-team", "support-rep"],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 2, real signal: the app down for everyone is a Level 3 production outage.
    name: "Whole app down for everyone: L3 outage",
    input: { text: "Whole app is down for everyone at Globex since 9am", tier: "enterprise" },
    openedAt: WED,
    expect: {
      ...L3, category: "outage", alsoCategories: [], flags: ["same-day-fix"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: "press" the verb is no press coverage; "crashes" (inflection of "crash") is the bug.
    name: "'press Save' is no brand risk; the crash is an L2 bug",
    input: { text: "When users press Save the page crashes" },
    openedAt: WED,
    expect: {
      ...L2, category: "bug", alsoCategories: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 2, real signal: going to the press is Level 4 brand risk; "double charging" (inflection of "charge")
    // tells billing's Level 1 too.
    name: "Threat to go to the press over double charging: L4 brand risk, billing told",
    input: { text: "Customer says they will go to the press if billing keeps double charging them", tier: "free" },
    openedAt: WED,
    expect: {
      ...L4, category: "brand-risk", alsoCategories: ["billing"], alsoLevels: ["level1"],
      channels: ["#exec-escalations", "#support-escalations"], notify: ["vp-engineering", "vp-product", "ceo", "support-rep"],
      flags: ["action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: a "legal entity name" on invoices is an L1 billing inquiry, not a legal issue.
    name: "'legal entity name' on invoices: L1 billing, not legal",
    input: { text: "Customer needs the legal entity name on their invoices changed" },
    openedAt: WED,
    expect: {
      ...L1, category: "billing", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2, real signal: the legal department, and "not compliant" is the issue itself (not a negation).
    name: "Legal department says we are not compliant: L4 legal",
    input: { text: "Their legal department says our data retention is not compliant with their DPA", tier: "enterprise" },
    openedAt: WED,
    expect: {
      ...L4, category: "legal-compliance", alsoCategories: [], flags: ["action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: a GDPR data export asked as a how-to is routine, not a compliance issue for the executives.
    name: "GDPR export request asked as a how-to: L1",
    input: { text: "Customer asks how to export all their data for a GDPR request" },
    openedAt: WED,
    expect: {
      ...L1, category: "how-to", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: "multiple customers" asking for a feature is no outage.
    name: "Multiple customers want a feature: L1 feature request, no outage",
    input: { text: "Feature request: multiple customers want bulk edit on the contacts page" },
    openedAt: WED,
    expect: {
      ...L1, category: "feature-request", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2, negation before: "No data loss and no unauthorized access" count for nothing; the duplicates are
    // Level 2 "Data inconsistencies".
    name: "No data loss, no unauthorized access, duplicate records: L2 data inconsistency",
    input: { text: "No data loss and no unauthorized access; the customer just sees duplicate records after the merge" },
    openedAt: WED,
    expect: {
      ...L2, category: "data-inconsistency", alsoCategories: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 2, negation after ("Outage ruled out") + inflection ("load slowly"): Level 2 "Performance issues
    // specific to customer environment".
    name: "Outage ruled out, one customer's dashboards load slowly: L2 performance",
    input: { text: "Outage ruled out: only this customer's dashboards load slowly" },
    openedAt: WED,
    expect: {
      ...L2, category: "performance", alsoCategories: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 2, answered negation ("Outage? No.") and a failure written as "are failing": Level 2 integration.
    name: "'Outage? No.' and webhooks are failing: L2 integration",
    input: { text: "Outage? No. Only webhooks are failing for Initech since the deploy" },
    openedAt: WED,
    expect: {
      ...L2, category: "integration", alsoCategories: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 2: "aren't syncing" is the integration problem itself, not a negation of it.
    name: "Contacts aren't syncing: L2 integration",
    input: { text: "Contacts aren't syncing to HubSpot since Monday", tier: "pro" },
    openedAt: WED,
    expect: {
      ...L2, category: "integration", alsoCategories: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 2, false friends: setting up an integration or finding an API key is a how-to/configuration question.
    name: "How to set up the Salesforce integration: L1, not an integration problem",
    input: { text: "How do I set up the Salesforce integration?" },
    openedAt: WED,
    expect: {
      ...L1, category: "how-to", alsoCategories: ["configuration"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: a session timeout is a setting, not a performance timeout.
    name: "Session timeout question: L1 how-to, not performance",
    input: { text: "How do I change the session timeout to 8 hours?" },
    openedAt: WED,
    expect: {
      ...L1, category: "how-to", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: "sender reputation" is email deliverability, not a brand/reputation risk.
    name: "'sender reputation' is no brand risk",
    input: { text: "Emails from the app land in spam; their sender reputation is poor" },
    openedAt: WED,
    expect: {
      ...L1, category: "general", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 2: "Error Messages: none" is the template's field left empty, not an error; "load slowly" is the issue.
    name: "Template field 'Error Messages: none' is no bug",
    input: { text: "Dashboards load slowly for their EU users. Error Messages: none" },
    openedAt: WED,
    expect: {
      ...L2, category: "performance", alsoCategories: [],
      firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // "Severe performance degradation" is Level 3 alone: the same words do not also count as a Level 2 issue.
    name: "Extremely slow for every user: L3 severe performance only",
    input: { text: "App is extremely slow for every user since the upgrade" },
    openedAt: WED,
    expect: {
      ...L3, category: "severe-performance", alsoCategories: [], flags: ["same-day-fix"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Inflection ("won't be renewing") for a churn threat; "reporting bugs" is the reason, not a bug report.
    name: "Won't be renewing unless bugs are fixed: L3 churn",
    input: { text: "Globex told their CSM they won't be renewing unless the reporting bugs are fixed" },
    openedAt: WED,
    expect: {
      ...L3, category: "churn-risk", alsoCategories: [], flags: ["churn-risk", "same-day-fix"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 2, false friend: a plan that "did not renew" automatically is a billing question, not a churn threat.
    name: "Plan did not renew automatically: no churn",
    input: { text: "Customer asks why their plan did not renew automatically last night" },
    openedAt: WED,
    expect: {
      ...L1, category: "general", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 1, real signal: "will not renew" (churn, Level 3) because of "SSO login failures" (integration, Level 2).
    name: "Will not renew unless SSO login failures stop: L3 churn, L2 integration told",
    input: { text: "Acme says they will not renew in June unless SSO login failures stop", tier: "enterprise" },
    openedAt: WED,
    expect: {
      ...L3, category: "churn-risk", alsoCategories: ["integration"], alsoLevels: ["level2"],
      channels: ["#critical-escalations", "#eng-escalations"], notify: ["engineering-lead", "product-manager", "engineering-team"],
      flags: ["churn-risk", "same-day-fix"], rules: ["critical-same-day"],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-04T20:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Level 4 "Contract-critical functionality broken": a bug in something the contract requires. The rule makes
    // it the primary; Level 2 (the bug) is told too.
    name: "Contractually required export broken: L4 contract-critical, L2 told",
    input: { text: "Scheduled exports are broken, and they are contractually required for the customer's audit", tier: "enterprise" },
    openedAt: WED,
    expect: {
      ...L4, category: "contract-critical", alsoCategories: ["bug"], alsoLevels: ["level2"],
      channels: ["#exec-escalations", "#eng-escalations"], notify: ["vp-engineering", "vp-product", "ceo", "engineering-team"],
      flags: ["action-plan"], rules: ["contract-critical-broken", "executive-action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Feature Request "Contract: Promised in customer contract/negotiation": product review, not Level 4
    // (nothing is broken).
    name: "Feature promised in the contract: L1 with product team review, not L4",
    input: { text: "Feature request: audit log export, promised in their contract renewal negotiation" },
    openedAt: WED,
    expect: {
      ...L1, category: "feature-request", alsoCategories: [], notify: ["support-rep", "product-manager"],
      flags: ["product-review"], rules: ["feature-contract"],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
  {
    // Class 3: the agent chooses "Churn risk" for a text that never says churn; the strategic-account rule runs
    // on that choice: Level 4.
    name: "Agent chooses Churn risk for a strategic account: the L4 rule runs on the choice",
    input: { text: "Renewal call went badly, they are unhappy with the reporting gaps", category: "churn-risk", fields: { strategic_account: true } },
    openedAt: WED,
    expect: {
      ...L4, category: "churn-risk", alsoCategories: [], flags: ["churn-risk", "action-plan"],
      rules: ["strategic-account-churn", "executive-action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Class 3: the agent picks L2 for a churn threat: the L3 same-day item does not apply to the chosen severity;
    // the category still owns Level 3, on the business-hours clock of L2 (Level 3's 2 h: 12:00 PST = 20:00Z).
    name: "Agent downgrades a churn threat to L2: no same-day item, still Level 3",
    input: { text: "Customer threatening to churn over the reporting gaps", severity: "L2" },
    openedAt: WED,
    expect: {
      severity: "engineering", category: "churn-risk", alsoCategories: [], level: "level3", clock: "business-hours",
      channels: ["#critical-escalations", "#eng-escalations"], notify: ["engineering-lead", "product-manager", "engineering-team"],
      flags: ["churn-risk"], rules: [],
      firstResponse: "2026-03-04T20:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-11T17:00:00.000Z",
    },
  },
  {
    // Class 3 + 7: the agent picks L4 for an invoice dispute: the "Immediate action plan" item follows the choice.
    name: "Agent chooses L4 for an invoice dispute: action plan item, executives told",
    input: { text: "Invoice dispute for a strategic account", severity: "L4" },
    openedAt: WED,
    expect: {
      severity: "executive", category: "billing", level: "level1", clock: "24x7", alsoLevels: ["level4"],
      channels: ["#support-escalations", "#exec-escalations"], notify: ["support-rep", "vp-engineering", "vp-product", "ceo"],
      flags: ["action-plan"], rules: ["executive-action-plan"],
      firstResponse: "2026-03-04T18:00:00.000Z", nextUpdate: "2026-03-04T19:00:00.000Z", resolution: "2026-03-05T18:00:00.000Z",
    },
  },
  {
    // Inflection ("Known issues") and "workaround is documented": Level 1 "Known issues with documented workarounds".
    name: "Known issues with the workaround documented in the KB: L1",
    input: { text: "Known issues: the PDF export workaround is documented in the KB" },
    openedAt: WED,
    expect: {
      ...L1, category: "known-issue", alsoCategories: [],
      firstResponse: "2026-03-04T22:00:00.000Z", nextUpdate: "2026-03-05T18:00:00.000Z", resolution: "2026-03-06T18:00:00.000Z",
    },
  },
];

describe("OctoAcme playbook", () => {
  it.each(cases)("$name", ({ input, openedAt, expect: e }) => {
    expectDecision(decide(input, policy, at(openedAt)), e, { flags: [], levelBudget: null });
  });
});
