import { describe, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { at, expectDecision, shippedPolicy, type PlaybookCase } from "../support/playbook-cases.js";

/**
 * Cases taken from the Fleet Management iOS escalation playbook (v1.0, November 2025).
 * Expected instants are worked out by hand from the playbook:
 * - Response Time SLAs: Sev 1 15 min / every hour / 4 h; Sev 2 2 h / 4 h / 8 h;
 *   Sev 3 4 h / daily / 3 business days; Sev 4 8 h / every 3 days / 5 business days.
 * - Customer Type Modifiers: Enterprise −50 % response time, Trial/Free +100 % response time.
 * - Tier 2 hours: Monday-Friday 6 AM - 8 PM Pacific, Saturday 8 AM - 5 PM Pacific; Sev 1 has
 *   on-call (24/7). Hour targets count only those hours; "daily"/"every 3 days" are calendar days;
 *   business days are the days Tier 2 is open (Saturday included — the playbook does not define
 *   business days more narrowly), holidays excluded.
 * - Tier 2 budget: "Ticket open >8 hours (Tier 2) → Tier 3".
 * Pacific is UTC−8 (PST) before 2026-03-08 02:00 and after 2026-11-01 02:00, UTC−7 (PDT) between.
 * Checklist flags (issue 9): every Sev 1 carries "page the on-call engineer via PagerDuty" and "war room"
 * (Tier 2 to Tier 3, Steps 3 and 5), so the Sev 1 cases below list them.
 */
const policy = shippedPolicy("fleet-management.yml");

const TIER2 = "#fleet-support-tier2";
const ENG = "#fleet-engineering";
const MGMT = "#fleet-management";
const SECURITY = "#security-alerts";
/** "If Sev 1, page on-call engineer via PagerDuty"; "War Room (Sev 1 Only)": the sev1-incident rule. */
const SEV1_FLAGS = ["pagerduty", "war-room"];

// A Wednesday morning in an ordinary week (PDT, no holiday): 2026-04-15T17:00Z.
const WED = "2026-04-15T10:00:00-07:00";

const cases: PlaybookCase<"clock" | "levelBudget">[] = [
  // ---- Response Time SLAs table, one row each --------------------------------------------------
  {
    name: "SLA Sev 1: production down → 15 min / hourly / 4 h on the 24x7 on-call clock; Tier 2 + Tier 3 + Management",
    input: { text: "Production down: every driver gets a 503 when starting a trip." },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "outage", level: "tier3",
      channels: [ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "support-manager"], flags: SEV1_FLAGS, rules: ["sev1-incident"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: null, // Tier 3 has no time budget in the playbook
    },
  },
  {
    name: "SLA Sev 2: major feature not working → 2 h / 4 h / 8 h in Tier 2 hours",
    input: { text: "Major feature not working: trip tracking stops recording after 10 minutes." },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T19:00:00.000Z", // 12:00 PDT
      nextUpdate: "2026-04-15T21:00:00.000Z", // 14:00 PDT
      resolution: "2026-04-16T01:00:00.000Z", // 18:00 PDT
      levelBudget: "2026-04-16T01:00:00.000Z", // >8 h at Tier 2 → Tier 3
    },
  },
  {
    name: "SLA Sev 3 (default): workaround available → 4 h / daily / 3 business days",
    input: { text: "GPS position lags a few minutes behind on the live map; a workaround is available." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", // 14:00 PDT
      nextUpdate: "2026-04-16T17:00:00.000Z", // Thu 10:00 PDT
      resolution: "2026-04-18T17:00:00.000Z", // Thu, Fri, Sat → Sat 10:00 PDT
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    // Automatic Escalation Triggers: "Customer requests escalation → Next tier + Support Manager", said in the
    // agent's words: the next tier from Tier 1, where the customer asked, is Tier 2 (the playbook's own Tier 1
    // ticket ends "Requested escalation." and goes to Tier 2), and the Support Manager is told; Sev 3 targets.
    name: "Customer asked us to escalate → next tier from Tier 1 (Tier 2) + Support Manager, once even with the form's box ticked",
    input: { text: "GPS position lags a few minutes behind on the live map. The customer has asked us to escalate.", customerRequested: true },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: ["support-manager"],
      rules: ["customer-requests-escalation"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", // 14:00 PDT
      nextUpdate: "2026-04-16T17:00:00.000Z", // Thu 10:00 PDT
      resolution: "2026-04-18T17:00:00.000Z", // Thu, Fri, Sat → Sat 10:00 PDT
      levelBudget: "2026-04-16T01:00:00.000Z", // Tier 2's 8 h: 10:00 → 18:00 PDT
    },
  },
  {
    name: "SLA Sev 4: agent picks Sev 4 for a feature request → 8 h / every 3 days / 5 business days",
    input: { text: "Feature request: can you add a dark mode to the trip log?", severity: "sev 4" },
    openedAt: WED,
    expect: {
      severity: "sev4", category: "feature-request", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-16T01:00:00.000Z", // Wed 18:00 PDT
      nextUpdate: "2026-04-18T17:00:00.000Z", // Sat 10:00 PDT
      resolution: "2026-04-21T17:00:00.000Z", // Thu, Fri, Sat, Mon, Tue → Tue 10:00 PDT
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  {
    name: "Sev 4 suggested: a feature request starts at Sev 4 without the agent choosing it (\"Sev 4: feature requests\")",
    input: { text: "Feature request: can you add a dark mode to the trip log?" },
    openedAt: WED,
    expect: {
      severity: "sev4", category: "feature-request", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-16T01:00:00.000Z",
      nextUpdate: "2026-04-18T17:00:00.000Z",
      resolution: "2026-04-21T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    // Issue 9: every matching category counts; the feature request stays as an also-category (it routes to Tier 2,
    // which Sev 1 tells anyway).
    name: "text that asks for a feature but says production is down is an outage: the most severe category is the primary",
    input: { text: "Feature request, but first: production down since the last release" },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "outage", alsoCategories: ["feature-request"], level: "tier3",
      channels: [ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "support-manager"], flags: SEV1_FLAGS, rules: ["sev1-incident"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: null,
    },
  },

  // ---- Customer Type Modifiers ---------------------------------------------------------------
  {
    name: "Enterprise Sev 2: \"Sev 2 issue for Enterprise customer: 1 hour response\"; CC Customer Success",
    input: {
      text: 'Driver unable to upload photos during vehicle inspections. Photos stuck in upload queue with "Upload failed" error. Business-critical functionality blocked for 10 drivers.',
      tier: "Enterprise",
    },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "bug", level: "tier2", channels: [TIER2], notify: [],
      cc: ["customer-success"], flags: ["vip"], rules: ["enterprise-blocked"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T18:00:00.000Z", // 1 h (instead of 2 h): 11:00 PDT
      nextUpdate: "2026-04-15T21:00:00.000Z", // −50 % applies to response time only
      resolution: "2026-04-16T01:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "Enterprise Sev 1 on a Sunday night: 7.5 min response on the 24x7 clock, Tier 2 + Tier 3 + Management",
    input: { text: "App crashes on launch for all users since the 1.6.0 release.", tier: "VIP" },
    openedAt: "2026-04-19T23:00:00-07:00",
    expect: {
      severity: "sev1", category: "outage", level: "tier3",
      channels: [ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "support-manager"], cc: ["customer-success"], flags: ["vip", ...SEV1_FLAGS], rules: ["sev1-incident"],
      clock: "24x7",
      firstResponse: "2026-04-20T06:07:30.000Z", // 15 min × 0.5
      nextUpdate: "2026-04-20T07:00:00.000Z",
      resolution: "2026-04-20T10:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "Trial Sev 3: doubled response target (+100 %) runs over into the next business morning",
    input: { text: "The trip report export leaves out the odometer column.", tier: "free tier" },
    openedAt: "2026-04-15T15:00:00-07:00",
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-16T16:00:00.000Z", // 8 h: 15:00-20:00 Wed + 06:00-09:00 Thu PDT
      nextUpdate: "2026-04-16T22:00:00.000Z", // daily, unchanged
      resolution: "2026-04-18T22:00:00.000Z", // Sat 15:00 PDT, unchanged
      levelBudget: "2026-04-16T16:00:00.000Z", // Tier 2's 8 h is a budget, not a response time
    },
  },

  // ---- Automatic Escalation Triggers ---------------------------------------------------------
  {
    name: "Security incident suspected → Security Team + Tier 3 immediately; details stay in the security channel",
    input: { text: "Security researcher reports a vulnerability: unauthorized access to other fleets' trip data through the API." },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "security", level: "tier3", restricted: true,
      channels: [SECURITY, ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      // Issue 9: unauthorized access to customer data is a breach: "Security Officer + CTO + Legal"; the
      // incident procedure's "DO NOT delete evidence / notify customer yet" and the Sev 1 steps are the checklist.
      notify: ["engineering-oncall", "security-officer", "cto", "support-manager", "legal"],
      flags: ["preserve-evidence", "no-customer-notice", ...SEV1_FLAGS], rules: ["sev1-incident", "security-breach-legal"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    // Tier 2 to Tier 3 example: "Affects multiple customers ... Severity 2 (High)" (tickets #12345, #12346, #12350).
    name: "Multiple customers reporting the same issue → Tier 2 + Tier 3; the playbook's own example stays Sev 2",
    input: {
      text: "Photo uploads failing with 503 Service Unavailable error. Affects multiple customers (at least 10 drivers at Acme Corp, possibly more). Critical business functionality blocked.",
      tier: "enterprise",
      fields: { customers_affected: 3 },
    },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "bug", level: "tier2",
      channels: [TIER2, ENG], alsoLevels: ["tier3"],
      notify: ["engineering-oncall"], cc: ["customer-success"], flags: ["vip", "related-tickets"],
      rules: ["multiple-customers", "multiple-customers-mentioned", "enterprise-blocked"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T18:00:00.000Z", nextUpdate: "2026-04-15T21:00:00.000Z", resolution: "2026-04-16T01:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "Multiple customers from the form field alone → Tier 3 told, severity unchanged",
    input: { text: "Sync trouble: trips recorded offline never reach the dashboard.", fields: { customers_affected: 4 } },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", level: "tier2",
      channels: [TIER2, ENG], alsoLevels: ["tier3"], notify: ["engineering-oncall"], flags: ["related-tickets"], rules: ["multiple-customers"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // ---- Negation --------------------------------------------------------------------------------
  {
    name: "Negation: \"this is not an outage\" and \"no data loss\" stay a Sev 3 bug at Tier 2",
    input: { text: "This is not an outage and there was no data loss: the app crashes when opening the fuel report." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "bug", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // ---- Tier 2 hours: after hours, weekend, holiday ----------------------------------------------
  {
    name: "Friday 19:30 Pacific, Sev 2: 30 min Friday, the rest from Saturday 08:00",
    input: { text: "Performance severely degraded: the dashboard takes over a minute to load." },
    openedAt: "2026-04-17T19:30:00-07:00",
    expect: {
      severity: "sev2", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-18T16:30:00.000Z", // Sat 09:30 PDT
      nextUpdate: "2026-04-18T18:30:00.000Z", // Sat 11:30 PDT
      resolution: "2026-04-18T22:30:00.000Z", // Sat 15:30 PDT
      levelBudget: "2026-04-18T22:30:00.000Z",
    },
  },
  {
    name: "Friday 19:30 Pacific, Enterprise Sev 2: 1 h response lands Saturday 08:30",
    input: { text: "Photo upload blocked for all inspections at Acme Corp; upload failed error.", tier: "enterprise" },
    openedAt: "2026-04-17T19:30:00-07:00",
    expect: {
      severity: "sev2", category: "bug", level: "tier2", channels: [TIER2], notify: [],
      cc: ["customer-success"], flags: ["vip"], rules: ["enterprise-blocked"],
      clock: "tier2-hours",
      firstResponse: "2026-04-18T15:30:00.000Z", // Sat 08:30 PDT
      nextUpdate: "2026-04-18T18:30:00.000Z",
      resolution: "2026-04-18T22:30:00.000Z",
      levelBudget: "2026-04-18T22:30:00.000Z",
    },
  },
  {
    name: "Sunday (Tier 2 closed), Sev 3: clocks start Monday 06:00",
    input: { text: "Custom report filters reset when the app is reopened; a workaround is available." },
    openedAt: "2026-04-19T10:00:00-07:00",
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-20T17:00:00.000Z", // Mon 10:00 PDT
      nextUpdate: "2026-04-20T17:00:00.000Z", // daily: Mon 10:00 PDT
      resolution: "2026-04-23T13:00:00.000Z", // from Mon 06:00: Tue, Wed, Thu → Thu 06:00 PDT
      levelBudget: "2026-04-20T21:00:00.000Z", // Mon 14:00 PDT
    },
  },
  {
    name: "Holiday 2026-12-25, Sev 2 opened Christmas Eve 19:00: Christmas is skipped, Saturday 08:00 resumes",
    input: { text: "Major feature not working: vehicle inspections cannot be submitted." },
    openedAt: "2026-12-24T19:00:00-08:00",
    expect: {
      severity: "sev2", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-12-26T17:00:00.000Z", // 1 h Thu + 1 h Sat → Sat 09:00 PST
      nextUpdate: "2026-12-26T19:00:00.000Z", // Sat 11:00 PST
      resolution: "2026-12-26T23:00:00.000Z", // Sat 15:00 PST
      levelBudget: "2026-12-26T23:00:00.000Z",
    },
  },
  {
    name: "Holiday 2026-12-25, Sev 3 opened on Christmas morning: business days count from Saturday 08:00",
    input: { text: "The fuel log shows litres instead of gallons; a workaround is available." },
    openedAt: "2026-12-25T10:00:00-08:00",
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-12-26T20:00:00.000Z", // Sat 12:00 PST
      nextUpdate: "2026-12-26T18:00:00.000Z", // daily: Sat 10:00 PST
      resolution: "2026-12-30T16:00:00.000Z", // Mon, Tue, Wed → Wed 08:00 PST
      levelBudget: "2026-12-27T00:00:00.000Z", // Sat 16:00 PST
    },
  },

  // ---- DST weekends of 2026 (March 8 and November 1) -------------------------------------------
  {
    name: "DST spring forward (Sun 2026-03-08), Sev 3 opened Sat 16:00 PST: Monday opens at 06:00 PDT",
    input: { text: "Driver names are sorted by first name in the assignment list; a workaround is available." },
    openedAt: "2026-03-07T16:00:00-08:00",
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-03-09T16:00:00.000Z", // 1 h Sat + 3 h from Mon 06:00 PDT → 09:00 PDT
      nextUpdate: "2026-03-08T23:00:00.000Z", // daily: Sun 16:00 PDT (23 h later)
      resolution: "2026-03-11T23:00:00.000Z", // Mon, Tue, Wed → Wed 16:00 PDT
      levelBudget: "2026-03-09T20:00:00.000Z", // Mon 13:00 PDT
    },
  },
  {
    name: "DST spring forward, Sev 1 at 01:30 PST: 24x7 targets are elapsed time across the skipped hour",
    input: { text: "System down: no driver can sync trips." },
    openedAt: "2026-03-08T01:30:00-08:00",
    expect: {
      severity: "sev1", category: "outage", level: "tier3",
      channels: [ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "support-manager"], flags: SEV1_FLAGS, rules: ["sev1-incident"],
      clock: "24x7",
      firstResponse: "2026-03-08T09:45:00.000Z",
      nextUpdate: "2026-03-08T10:30:00.000Z", // 03:30 PDT
      resolution: "2026-03-08T13:30:00.000Z", // 06:30 PDT
      levelBudget: null,
    },
  },
  {
    name: "DST fall back (Sun 2026-11-01), Sev 2 opened Sat 16:30 PDT: Monday opens at 06:00 PST",
    input: { text: "Major feature not working: geofence alerts are not sent." },
    openedAt: "2026-10-31T16:30:00-07:00",
    expect: {
      severity: "sev2", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-11-02T15:30:00.000Z", // 30 min Sat + 1.5 h from Mon 06:00 PST → 07:30 PST
      nextUpdate: "2026-11-02T17:30:00.000Z", // 09:30 PST
      resolution: "2026-11-02T21:30:00.000Z", // 13:30 PST
      levelBudget: "2026-11-02T21:30:00.000Z",
    },
  },
  {
    name: "DST fall back, Sev 4 (agent says 'low') opened Fri 10:00 PDT: every 3 days keeps 10:00 wall time",
    input: { text: "The settings screen title is cut off on iPhone SE.", severity: "low" },
    openedAt: "2026-10-30T10:00:00-07:00",
    expect: {
      severity: "sev4", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-10-31T01:00:00.000Z", // Fri 18:00 PDT
      nextUpdate: "2026-11-02T18:00:00.000Z", // Mon 10:00 PST (73 h later)
      resolution: "2026-11-05T18:00:00.000Z", // Sat, Mon, Tue, Wed, Thu → Thu 10:00 PST
      levelBudget: "2026-10-31T01:00:00.000Z",
    },
  },

  // ---- Management Escalation -----------------------------------------------------------------
  {
    name: "Customer threatens to cancel → Customer Success Manager + Support Manager, response 30 minutes",
    input: { text: "The customer threatens to cancel the contract and switch to a competitor over the sync problems." },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "churn-risk", level: "management", channels: [MGMT],
      notify: ["support-manager", "customer-success"], flags: ["churn-risk"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T17:30:00.000Z", // 30 min
      nextUpdate: "2026-04-15T21:00:00.000Z",
      resolution: "2026-04-16T01:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "An angry customer alone is a Tier 1 → Tier 2 escalation, not a churn threat",
    input: { text: "Customer is angry: trip history will not load after three troubleshooting attempts." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "Refund request up to $5,000 → Support Manager",
    input: { text: "Customer disputes the March invoice and asks for a refund.", fields: { refund_amount: 800 } },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "billing", level: "management", channels: [MGMT], notify: ["support-manager"],
      flags: ["refund-approval"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "Refund request over $5,000 → VP Customer Success as well",
    input: { text: "Customer disputes the annual invoice and asks for a refund.", fields: { refund_amount: 7500 } },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "billing", level: "management", channels: [MGMT],
      notify: ["support-manager", "vp-customer-success"], flags: ["refund-approval", "vp-approval"], rules: ["refund-over-5000"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: null,
    },
  },
  // ---- Issue 9: every signal counts, no false alarms ---------------------------------------------
  // Times for these cases, all opened WED 10:00 PDT (17:00Z) unless said otherwise:
  //   Sev 3, Tier 2 hours: 4 h → 14:00 PDT; daily → Thu 10:00; 3 business days → Sat 10:00; Tier 2 budget 8 h → 18:00.
  //   Sev 2: 2 h → 12:00 PDT; every 4 h → 14:00; 8 h → 18:00 PDT (Thu 01:00Z). Sev 1 (24x7): 15 min / 1 h / 4 h.
  //   Management and Tier 3 have no budget (levelBudget null).

  // "cancel": the Cancel button and cancelled inspections are the app's own words, not a churn threat.
  {
    name: "false friend: tapping Cancel on an inspection that then stays open is a bug report, not a churn threat",
    input: { text: "Driver taps Cancel on the vehicle inspection and the app freezes; the cancelled inspection still shows as open." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "real churn threat as an agent writes it (they'll cancel their subscription, another vendor) → CSM + Support Manager in 30 min",
    input: { text: "Acme's fleet manager says they'll cancel their subscription and switch to another vendor if sync isn't fixed this week." },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "churn-risk", alsoCategories: [], level: "management", channels: [MGMT],
      notify: ["support-manager", "customer-success"], flags: ["churn-risk"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T17:30:00.000Z", // "Response: 30 minutes"
      nextUpdate: "2026-04-15T21:00:00.000Z", resolution: "2026-04-16T01:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "inflection: \"cancelling the contract\" is the phrase \"cancel the contract\"",
    input: { text: "Globex is cancelling the contract at the end of the month over repeated GPS gaps." },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "churn-risk", level: "management", channels: [MGMT],
      notify: ["support-manager", "customer-success"], flags: ["churn-risk"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T17:30:00.000Z", nextUpdate: "2026-04-15T21:00:00.000Z", resolution: "2026-04-16T01:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "negation before: \"frustrated but not threatening to cancel\" stays a Sev 3 at Tier 2",
    input: { text: "Customer is frustrated but not threatening to cancel the contract; fuel report totals are off by a day." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // "breach": an SLA about to breach is the Support Manager's ("SLA breached or will breach → Support Manager"), not security's.
  {
    name: "false friend: \"about to breach the SLA\" tells the Support Manager, never the security team",
    input: { text: "We are about to breach the SLA on Acme's ticket: trip exports still time out after two retries." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2],
      notify: ["support-manager"], rules: ["sla-breach-mentioned"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "negation: \"no evidence of a breach\" (four words back) leaves only the export error",
    input: { text: "Security team found no evidence of a breach; the export error is a gateway timeout." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "bug", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "real breach, hedged the way agents hedge (\"a breach is not ruled out\") → restricted security Sev 1, Legal told",
    input: { text: "Globex admin could open trips of another fleet from the export screen; a breach is not ruled out yet." },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "security", alsoCategories: [], level: "tier3", restricted: true,
      channels: [SECURITY, ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "security-officer", "cto", "support-manager", "legal"],
      flags: ["preserve-evidence", "no-customer-notice", ...SEV1_FLAGS], rules: ["sev1-incident", "security-breach-legal"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "false friend: an \"Unauthorized access (401)\" error after a password reset is a login problem, not an incident",
    input: { text: 'Driver sees "Unauthorized access (401)" after resetting her password; other drivers of the fleet log in fine.' },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // "error" / "crash" / "leaked": a fleet's vehicles crash and leak; "without error" is negated.
  {
    name: "false friends: a van \"in a crash\" whose photos upload \"without error\" is neither a bug nor an incident",
    input: { text: "The van was in a crash and leaked oil; the driver's accident photos upload without error but the report shows no GPS point." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // "invoice": drivers photograph repair invoices; a billing dispute is said as a dispute.
  {
    name: "false friend: an error uploading photos of repair invoices is a bug at Tier 2, not a billing dispute",
    input: { text: "Drivers get an error uploading photos of repair invoices since 1.6.1." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "bug", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "inflection: \"disputing invoices\" and \"overcharged\" → billing at Management, the refund checklist item",
    input: { text: "Acme is disputing invoices #4471 and #4502: overcharged for 20 vehicles they removed in March." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "billing", alsoCategories: [], level: "management", channels: [MGMT],
      notify: ["support-manager"], flags: ["refund-approval"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: null,
    },
  },

  // "multiple customers": reporting the same issue is systemic; asking for the same feature is not.
  {
    name: "false friend: a feature several customers asked for does not tell Tier 3",
    input: { text: "Feature request from multiple customers: a dark mode for the driver app." },
    openedAt: WED,
    expect: {
      severity: "sev4", category: "feature-request", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-16T01:00:00.000Z", // 8 h: Wed 18:00 PDT
      nextUpdate: "2026-04-18T17:00:00.000Z", // every 3 days: Sat 10:00 PDT
      resolution: "2026-04-21T17:00:00.000Z", // Thu, Fri, Sat, Mon, Tue
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "inflection: \"three customers reported the same\" → Tier 2 + Tier 3, related tickets on the checklist",
    input: { text: "Three customers reported the same GPS drift since the 1.6.1 release." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", level: "tier2",
      channels: [TIER2, ENG], alsoLevels: ["tier3"], notify: ["engineering-oncall"],
      flags: ["related-tickets"], rules: ["multiple-customers-mentioned"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // Outage and login: one driver who cannot log in is Tier 1's login problem; nobody logging in is Sev 1.
  {
    name: "false friends: one driver who cannot log in, and a notice to \"all users\", stay Sev 3",
    input: { text: "Driver cannot log in after a password reset; the customer also asks us to send the maintenance notice to all users." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "nobody can log in (Bug Priority P0 \"Cannot login\") is an outage: Sev 1 at Tier 3",
    input: { text: "Nobody can log in since 9:40, every driver gets a spinner on the sign-in screen." },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "outage", level: "tier3",
      channels: [ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "support-manager"], flags: SEV1_FLAGS, rules: ["sev1-incident"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "negation after: \"Outage? No.\" and the depot's power outage are not our outage",
    input: { text: "Outage? No. The depot had a power outage overnight and the OBD2 dongles lost data connection; two trips are split." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "the bug report template's \"Data loss risk: No\" is not data loss",
    input: { text: "Fuel report for one vehicle is empty.\nBusiness functionality blocked: No\nData loss risk: No" },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // Multi-category: each applying category adds its team, people and checklist.
  {
    name: "refund demanded during an outage: outage owns it at Tier 3; billing adds Management, the Support Manager and approval",
    input: { text: "Production is down since 8 AM and Acme demands a refund for the downtime.", fields: { refund_amount: 7500 } },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "outage", alsoCategories: ["billing"], level: "tier3",
      channels: [ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "support-manager", "vp-customer-success"],
      flags: ["refund-approval", ...SEV1_FLAGS, "vp-approval"], rules: ["sev1-incident", "refund-over-5000"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "Enterprise churn threat over a failing upload: churn owns it at Management, the bug still tells Tier 2; 30 min × 0.5",
    input: { text: "Photo uploads have been failing for Acme all day and they threaten to cancel the contract.", tier: "enterprise" },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "churn-risk", alsoCategories: ["bug"], level: "management",
      channels: [MGMT, TIER2], alsoLevels: ["tier2"],
      notify: ["support-manager", "customer-success"],
      cc: [], // Customer Success is already notified by the churn threat
      flags: ["vip", "churn-risk"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T17:15:00.000Z", // churn's 30 min × 0.5 (Enterprise) = 15 min, earlier than Sev 2's 1 h
      nextUpdate: "2026-04-15T21:00:00.000Z", resolution: "2026-04-16T01:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "a lawyer and a data leak: restricted security Sev 1, and the legal team hears of it with its own checklist item",
    input: { text: "Customer's lawyer says drivers' licence numbers leaked to another fleet through the trip export." },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "security", alsoCategories: ["legal"], level: "tier3", restricted: true,
      channels: [SECURITY, ENG, TIER2, MGMT], alsoLevels: ["tier2", "management"],
      notify: ["engineering-oncall", "security-officer", "cto", "legal", "support-manager"],
      flags: ["preserve-evidence", "no-customer-notice", "no-engage", ...SEV1_FLAGS], rules: ["sev1-incident", "security-breach-legal"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "false friends: \"legal entity name\" and Sue from the customer's office are not a legal threat",
    input: { text: "Please correct the legal entity name on Acme's account; Sue from their office sent the new one." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", alsoCategories: [], level: "tier2", channels: [TIER2], notify: [],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },
  {
    name: "press inquiry about last Tuesday's outage → PR team + VP Marketing, \"do NOT respond directly\"; the past outage is not Sev 1",
    input: { text: "A journalist from the Denver Post asks why trips vanished during Tuesday's outage." },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "media", alsoCategories: [], level: "management", channels: [MGMT],
      notify: ["support-manager", "pr-team", "vp-marketing"], flags: ["no-direct-response"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: null,
    },
  },

  // Enterprise "blocked": an account locked after wrong passwords is not a blocked business.
  {
    name: "false friend: an Enterprise driver's account blocked after wrong passwords stays Sev 3 (Enterprise: 2 h response)",
    input: { text: "Driver's account is blocked after five wrong passwords.", tier: "enterprise" },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "general", level: "tier2", channels: [TIER2], notify: [],
      cc: ["customer-success"], flags: ["vip"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T19:00:00.000Z", // Sev 3's 4 h × 0.5 = 2 h → 12:00 PDT
      nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z",
    },
  },

  // The agent's choice: rules run on the final severity and category.
  {
    name: "agent picks Sev 1 for a text without a Sev 1 phrase: Sev 1's on-call clock, PagerDuty and war room follow the choice",
    input: { text: "Trip sync stalls for every vehicle of the Denver depot.", severity: "sev1" },
    openedAt: WED,
    expect: {
      severity: "sev1", category: "general", level: "tier2",
      channels: [TIER2, ENG, MGMT], alsoLevels: ["tier3", "management"],
      notify: ["support-manager", "engineering-oncall"], flags: SEV1_FLAGS, rules: ["sev1-incident"],
      clock: "24x7",
      firstResponse: "2026-04-15T17:15:00.000Z", nextUpdate: "2026-04-15T18:00:00.000Z", resolution: "2026-04-15T21:00:00.000Z",
      levelBudget: "2026-04-16T01:00:00.000Z", // Tier 2's 8 h on the Sev 1 24x7 clock
    },
  },
  {
    name: "agent lowers a suggested Sev 1 outage to Sev 3: still the outage team, but no PagerDuty, no war room, business hours",
    input: { text: "Production down: every driver gets a 503 on trip start.", severity: "sev3" },
    openedAt: WED,
    expect: {
      severity: "sev3", category: "outage", level: "tier3", channels: [ENG], notify: ["engineering-oncall"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T21:00:00.000Z", nextUpdate: "2026-04-16T17:00:00.000Z", resolution: "2026-04-18T17:00:00.000Z",
      levelBudget: null,
    },
  },
  {
    name: "agent picks the churn category on a bug report: churn owns it (Sev 2, 30 min), the bug still tells Tier 2",
    input: { text: "Photo upload fails again; the customer is furious.", category: "churn-risk" },
    openedAt: WED,
    expect: {
      severity: "sev2", category: "churn-risk", alsoCategories: ["bug"], level: "management",
      channels: [MGMT, TIER2], alsoLevels: ["tier2"], notify: ["support-manager", "customer-success"], flags: ["churn-risk"],
      clock: "tier2-hours",
      firstResponse: "2026-04-15T17:30:00.000Z", nextUpdate: "2026-04-15T21:00:00.000Z", resolution: "2026-04-16T01:00:00.000Z",
      levelBudget: null,
    },
  },

];

describe("Fleet Management iOS playbook", () => {
  it.each(cases)("$name", ({ input, openedAt, expect: e }) => {
    expectDecision(decide(input, policy, at(openedAt)), e, { cc: [], flags: [], restricted: false, alsoLevels: [], rules: [] });
  });
});
