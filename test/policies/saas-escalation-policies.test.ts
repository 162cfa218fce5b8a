import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { levelsAbove, nextLevel } from "../../src/domain/playbook/lookup.js";
import { at, expectDecision, iso, shippedPolicy, type PlaybookCase } from "../support/playbook-cases.js";

const policy = shippedPolicy("saas-escalation-policies.yml");

// Reference openings (America/New_York; DST starts Sun 2026-03-08):
//   Wed 2026-03-04 10:00 EST = 15:00Z (inside business hours 9am-6pm)
//   Wed 2026-03-04 19:30 EST (after hours), Fri 2026-03-06 17:00 EST (one open hour left),
//   Sat 2026-03-07 11:00 EST (weekend), Thu 2026-11-26 10:00 EST (Thanksgiving: the playbook lists no holidays).
const cases: PlaybookCase<"clock">[] = [
  {
    // 🔴 Security & Privacy: "Customer reports seeing another user's data"; Critical 30 min / 4 h, 24/7.
    name: "another user's data → Critical, Security, 30 min / 4 h around the clock",
    input: { text: "Customer reports seeing another user's data in their dashboard" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "security", level: "security",
      channels: ["#security-escalations"], notify: ["security"], flags: ["preserve-evidence"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // 🔴 Financial Issues: "Refund request over $500" → billing@; Critical stays 24/7 on a Saturday.
    name: "refund of $750 on a Saturday → Critical financial issue for billing, clock runs 24/7",
    input: { text: "Customer requests a refund of their annual plan", fields: { refund_amount: 750 } },
    openedAt: "2026-03-07T11:00:00-05:00",
    expect: {
      severity: "critical", category: "financial", level: "billing",
      channels: ["#billing-escalations"], notify: ["billing"], rules: ["refund-over-500"],
      clock: "24x7", firstResponse: "2026-03-07T16:30:00.000Z", nextUpdate: "2026-03-08T16:00:00.000Z", resolution: "2026-03-07T20:00:00.000Z",
    },
  },
  {
    // $500 is not "over $500": Standard, business hours from Monday 9am (EDT after the DST change):
    // 24 h = Mon 9 + Tue 9 + Wed 6 → Wed 15:00 EDT; 72 h = 8 business days → Wed 18 Mar 18:00 EDT.
    name: "refund of exactly $500 on a Saturday → Standard, waits for Monday 9am",
    input: { text: "Customer requests a refund of their annual plan", fields: { refund_amount: 500 } },
    openedAt: "2026-03-07T11:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-11T19:00:00.000Z", nextUpdate: "2026-03-11T19:00:00.000Z", resolution: "2026-03-18T22:00:00.000Z",
    },
  },
  {
    // 🔴 Service Outage: "Multiple customers reporting same issue" → operations@ and #incidents (Emergency Procedures).
    name: "multiple customers reporting the same issue → Critical outage, #incidents",
    input: { text: "Multiple customers reporting that the dashboard won't load" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "outage", level: "operations",
      channels: ["#incidents"], notify: ["operations", "incidents"], flags: ["check-status-page"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // Same trigger given as a number: 3 customers reporting an otherwise Standard issue.
    name: "3 customers reporting the same export failure (field) → Critical outage",
    input: { text: "Export to CSV fails for this account", fields: { customers_reporting: 3 } },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "outage", level: "operations",
      channels: ["#incidents"], notify: ["operations", "incidents"], rules: ["multiple-customers"], flags: ["check-status-page"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // 🔴 Legal/Compliance "Threats of legal action"; Enterprise: 50 % faster (30 min → 15 min, 4 h → 2 h), CC the CSM.
    name: "Enterprise legal threat at 2am Sunday → Critical legal, 15 min / 2 h, CSM in CC",
    input: { text: "Customer threatens legal action over a contract dispute", tier: "enterprise" },
    openedAt: "2026-03-01T02:00:00-05:00",
    expect: {
      severity: "critical", category: "legal", level: "legal",
      channels: ["#legal-escalations"], notify: ["legal"], cc: ["customer-success"], flags: ["cc-csm", "no-legal-advice"],
      clock: "24x7", firstResponse: "2026-03-01T07:15:00.000Z", nextUpdate: "2026-03-02T07:00:00.000Z", resolution: "2026-03-01T09:00:00.000Z",
    },
  },
  {
    // 🟡 Technical Issues "Mobile app crash preventing use", opened after 6pm: clock starts Thu 9am EST.
    // 4 h → Thu 13:00 EST; 24 h = Thu 9 + Fri 9 + Mon 6 → Mon 9 Mar 15:00 EDT.
    name: "app crash after hours → High technical, clock starts next morning",
    input: { text: "Mobile app crash preventing use on iOS" },
    openedAt: "2026-03-04T19:30:00-05:00",
    expect: {
      severity: "high", category: "technical", level: "tech-support",
      channels: ["#tech-support-escalations"], notify: ["tech-support"],
      clock: "business-hours", firstResponse: "2026-03-05T18:00:00.000Z", nextUpdate: "2026-03-09T19:00:00.000Z", resolution: "2026-03-09T19:00:00.000Z",
    },
  },
  {
    // 🟡 Account Access "locked out after failed 2FA": Response SLA 2 hours, verify identity first.
    // Friday 17:00: 1 h left Friday, 1 h Monday → Mon 10:00 EDT; 24 h → Fri 1 + Mon 9 + Tue 9 + Wed 5 → Wed 14:00 EDT.
    name: "locked out after failed 2FA on Friday 5pm → High, 2 h over the weekend",
    input: { text: "Admin is locked out after failed 2FA" },
    openedAt: "2026-03-06T17:00:00-05:00",
    expect: {
      severity: "high", category: "account-access", level: "account-access",
      channels: ["#account-access-escalations"], notify: ["access"], flags: ["verify-identity"], rules: ["verify-identity"],
      clock: "business-hours", firstResponse: "2026-03-09T14:00:00.000Z", nextUpdate: "2026-03-11T18:00:00.000Z", resolution: "2026-03-11T18:00:00.000Z",
    },
  },
  {
    // 🟡 Angry/Frustrated "asks for manager": Response SLA 1 hour; Enterprise: 24/7, halved (30 min, 12 h), CC CSM.
    name: "Enterprise customer asks for a manager on Saturday → High, 30 min / 12 h, 24/7",
    input: { text: "Customer is frustrated and asks for a manager", tier: "Enterprise" },
    openedAt: "2026-03-07T11:00:00-05:00",
    expect: {
      severity: "high", category: "angry", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"], cc: ["customer-success"], flags: ["cc-csm"],
      clock: "24x7", firstResponse: "2026-03-07T16:30:00.000Z", nextUpdate: "2026-03-08T16:00:00.000Z", resolution: "2026-03-08T04:00:00.000Z",
    },
  },
  {
    // Same as a non-Enterprise customer: business hours from Monday 9am EDT; 1 h → 10:00; 24 h → Wed 15:00 EDT.
    name: "non-Enterprise customer asks for a manager on Saturday → waits for Monday",
    input: { text: "Customer is frustrated and asks for a manager" },
    openedAt: "2026-03-07T11:00:00-05:00",
    expect: {
      severity: "high", category: "angry", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-09T14:00:00.000Z", nextUpdate: "2026-03-11T19:00:00.000Z", resolution: "2026-03-11T19:00:00.000Z",
    },
  },
  {
    // Churn Risk: "Asking about cancellation process", "Comparing us to competitors" → mark Churn Risk, alert CS.
    // Wed 10:00 EST: 1 h → 11:00; 24 h = Wed 8 + Thu 9 + Fri 7 → Fri 16:00 EST.
    name: "cancellation process and competitors → churn risk flagged, Customer Success alerted",
    input: { text: "Customer is asking about the cancellation process and comparing us to competitors" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "angry", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations", "customer-success"], flags: ["churn-risk"], rules: ["churn-risk"],
      clock: "business-hours", firstResponse: "2026-03-04T16:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // 🟢 Product Questions "When will you add [feature]?"; Enterprise on a Sunday: 24/7, 24 h → 12 h, 72 h → 36 h.
    name: "Enterprise feature request on Sunday → Standard, 12 h / 36 h around the clock",
    input: { text: "When will you add dark mode? Feature request from the customer", tier: "enterprise" },
    openedAt: "2026-03-08T10:00:00-04:00",
    expect: {
      severity: "standard", category: "product", level: "product",
      channels: ["#product-feedback"], notify: ["product"], cc: ["customer-success"], flags: ["cc-csm"],
      clock: "24x7", firstResponse: "2026-03-08T22:00:00-04:00", nextUpdate: "2026-03-09T10:00:00-04:00", resolution: "2026-03-09T22:00:00-04:00",
    },
  },
  {
    // 🟢 Complex Billing "Tax exemption certificates" on Thanksgiving: the playbook lists no holidays, so it counts.
    // 24 h = Thu 8 + Fri 9 + Mon 7 → Mon 30 Nov 16:00 EST; 72 h = Thu 8 + 7 full days + 1 h → Tue 8 Dec 10:00 EST.
    name: "tax exemption question on Thanksgiving → Standard billing, Thanksgiving is a business day",
    input: { text: "Customer needs a tax exemption certificate applied to their invoice" },
    openedAt: "2026-11-26T10:00:00-05:00",
    expect: {
      severity: "standard", category: "complex-billing", level: "billing",
      channels: ["#billing-escalations"], notify: ["billing"],
      clock: "business-hours", firstResponse: "2026-11-30T21:00:00.000Z", nextUpdate: "2026-11-30T21:00:00.000Z", resolution: "2026-12-08T15:00:00.000Z",
    },
  },
  {
    // 🔴 Financial "Suspected fraudulent transaction": billing@, "For fraud: Also alert security@".
    name: "suspected fraudulent transaction → Critical billing, security also alerted",
    input: { text: "Suspected fraudulent transaction on the customer's card" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "financial", level: "billing",
      channels: ["#billing-escalations", "#security-escalations"], notify: ["billing", "security"],
      rules: ["fraud-alert-security"], alsoLevels: ["security"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // "Subpoena or legal data request" (Security) and "Subpoena or court order" (Legal): both teams,
    // now because both categories match (the rule that added Legal is gone).
    name: "subpoena → Critical security, legal also told",
    input: { text: "We received a subpoena for this user's records" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "security", alsoCategories: ["legal"], level: "security",
      channels: ["#security-escalations", "#legal-escalations"], notify: ["security", "legal"],
      flags: ["preserve-evidence", "no-legal-advice"], alsoLevels: ["legal"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // "Request to delete all data (GDPR 'right to be forgotten')" + High-Risk Requests: 3 factors + management approval.
    // "GDPR ... compliance requests" is Legal/Compliance too, so Legal is also told.
    name: "GDPR right to be forgotten → Critical security, legal also told, 3-factor verification and approval",
    input: { text: "Customer invokes the GDPR right to be forgotten and asks us to delete all data" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "security", alsoCategories: ["legal"], level: "security",
      channels: ["#security-escalations", "#legal-escalations"], notify: ["security", "verification", "legal"], alsoLevels: ["legal"],
      flags: ["preserve-evidence", "no-legal-advice", "verify-identity-3-factors", "management-approval"], rules: ["high-risk-verification"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // Negated mention: "not an outage" stays a Standard feature request. Wed 10:00 EST:
    // 24 h → Fri 16:00 EST; 72 h = Wed 8 + 7 full days + 1 h → Mon 16 Mar 10:00 EDT.
    name: "'not an outage' feature request → Standard product question",
    input: { text: "Not an outage: the customer has a feature request for dark mode" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "product", level: "product",
      channels: ["#product-feedback"], notify: ["product"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Angry/Frustrated: "Customer has complained 3+ times in one conversation" → High, 1 h.
    name: "3 complaints in one conversation → High angry-customer escalation, 1 h",
    input: { text: "Customer still cannot export reports", fields: { complaints_in_conversation: 3 } },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "angry", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"], rules: ["repeated-complaints"],
      clock: "business-hours", firstResponse: "2026-03-04T16:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // Repeat Escalations: "3+ times in 30 days: Email summary to success@; Request case review by senior support".
    name: "third escalation in 30 days → Customer Success and senior support review",
    input: { text: "Customer asks about invoice details", fields: { escalations_last_30_days: 3 } },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "complex-billing", level: "billing",
      channels: ["#billing-escalations"], notify: ["billing", "customer-success", "senior-support"],
      flags: ["repeat-escalation"], rules: ["repeat-escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // The agent's explicit priority wins: a sync problem marked 🔴 runs on the 24/7 Critical clock (30 min / 4 h).
    name: "agent marks a sync issue 🔴 after hours → Critical clock, still technical support",
    input: { text: "Data not syncing after all troubleshooting", severity: "🔴" },
    openedAt: "2026-03-04T19:30:00-05:00",
    expect: {
      severity: "critical", category: "technical", level: "tech-support",
      channels: ["#tech-support-escalations"], notify: ["tech-support"],
      clock: "24x7", firstResponse: "2026-03-05T01:00:00.000Z", nextUpdate: "2026-03-06T00:30:00.000Z", resolution: "2026-03-05T04:30:00.000Z",
    },
  },
  // ── Issue 9: decisions a careful support lead would make ─────────────────────────────────────────
  // Reference instants for Wed 2026-03-04 10:00 EST (15:00Z):
  //   Critical (24/7): 30 min → 15:30Z; update 24 h → Thu 15:00Z; 4 h → 19:00Z.
  //   High (business hours): 4 h → 14:00 EST = 19:00Z; 2 h → 17:00Z; 1 h → 16:00Z;
  //     24 h = Wed 8 + Thu 9 + Fri 7 → Fri 6 Mar 16:00 EST = 21:00Z.
  //   Standard (business hours): 24 h → Fri 6 Mar 21:00Z; 72 h = Wed 8 + 7 full days + 1 h → Mon 16 Mar 10:00 EDT = 14:00Z.
  {
    // Every category counts: a lawyer (Legal/Compliance) writing about a data leak (Security & Privacy).
    // Both Critical; Security comes first in the playbook, so it owns it and Legal is told.
    name: "lawyer's letter about a data leak → Security owns it, Legal also told",
    input: { text: "Got a letter from the customer's lawyer about a data leak exposing their employees' records" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "security", alsoCategories: ["legal"], level: "security",
      channels: ["#security-escalations", "#legal-escalations"], notify: ["security", "legal"], alsoLevels: ["legal"],
      flags: ["preserve-evidence", "no-legal-advice"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // Two Critical categories: "duplicate charge" (Financial) and "Threats of legal action" (Legal).
    name: "charged twice and threatening legal action → billing owns it, Legal also told",
    input: { text: "Customer was charged twice for the annual renewal and says they'll take legal action" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "financial", alsoCategories: ["legal"], level: "billing",
      channels: ["#billing-escalations", "#legal-escalations"], notify: ["billing", "legal"], alsoLevels: ["legal"],
      flags: ["no-legal-advice"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // False friend: "breach" of the SLA is not a security breach. Standard billing question ("invoice").
    name: "'about to breach the SLA' on an invoice question → Standard billing, not Security",
    input: { text: "Heads-up: we're about to breach the SLA on this customer's invoice question" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "complex-billing", level: "billing",
      channels: ["#billing-escalations"], notify: ["billing"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Real signal, inflected: "breached" ("Suspected account breach").
    name: "workspace breached (inflected) → Critical security",
    input: { text: "Customer believes their workspace was breached, an unknown admin appeared overnight" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "security", level: "security",
      channels: ["#security-escalations"], notify: ["security"], flags: ["preserve-evidence"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // False friends: the Cancel button is not a cancellation, "presses" is not the press.
    name: "the Cancel button does nothing when pressed → Standard general, no churn risk, no press",
    input: { text: "The Cancel button on the invite dialog does nothing when the user presses it" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Real signal: "Customer threatens to leave/cancel (churn risk)" → High, 1 h; Churn Risk: flag and alert CS.
    name: "will cancel their subscription unless fixed → High angry/churn, churn risk flagged",
    input: { text: "Customer says they will cancel their subscription if the export isn't fixed this week" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "angry", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations", "customer-success"], flags: ["churn-risk"], rules: ["churn-risk"],
      clock: "business-hours", firstResponse: "2026-03-04T16:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // Media/Influencer Inquiries: a journalist → press@, #marketing-alerts; "don't provide special treatment" (Standard).
    name: "journalist asking for comment → Standard, press team and #marketing-alerts",
    input: { text: "A journalist from The Verge is asking for comment on our pricing change" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "media", level: "press",
      channels: ["#marketing-alerts"], notify: ["press"], flags: ["no-unannounced-features"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // False friends: "legal" in "legal entity name" is billing paperwork; "invoices" (inflected) is the billing question.
    name: "legal entity name on invoices → Standard billing, not Legal",
    input: { text: "Customer wants the legal entity name on their invoices changed to Acme GmbH" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "complex-billing", level: "billing",
      channels: ["#billing-escalations"], notify: ["billing"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // False friend: "Supervisor" is a role in the customer's app, not a request for our supervisor.
    name: "Supervisor role can't approve timesheets → Standard general, not an angry customer",
    input: { text: "Users with the Supervisor role can't approve timesheets since the last release" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Real signal: "Customer explicitly asks for manager/supervisor" → High, 1 h.
    name: "demanded to speak with a supervisor → High angry, 1 h",
    input: { text: "Customer demanded to speak with a supervisor after being transferred twice" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "angry", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-04T16:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // False friend: multiple customers asking for a feature is a feature request, not an outage.
    name: "multiple customers requesting a feature → Standard product question, not an outage",
    input: { text: "Multiple customers have been requesting a Gantt view, please log it as a feature request" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "product", level: "product",
      channels: ["#product-feedback"], notify: ["product"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Real signal as agents write it: "Several customers are reporting ..." → Critical outage.
    name: "several customers are reporting missing scheduled reports → Critical outage",
    input: { text: "Several customers are reporting that scheduled reports never arrived this morning" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "outage", level: "operations",
      channels: ["#incidents"], notify: ["operations", "incidents"], flags: ["check-status-page"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // False friend: Sue is a person; "volume discounts" (inflected) is a complex billing question.
    name: "Sue from finance asks about volume discounts → Standard billing, not Legal",
    input: { text: "Sue from their finance team asked about volume discounts for 200 seats" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "complex-billing", level: "billing",
      channels: ["#billing-escalations"], notify: ["billing"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Real signal: "Threats of legal action" as agents write it ("threatening to sue us").
    name: "threatening to sue us → Critical legal",
    input: { text: "Customer is threatening to sue us if the contract discount isn't honoured" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "legal", level: "legal",
      channels: ["#legal-escalations"], notify: ["legal"], flags: ["no-legal-advice"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // False friend: our emails landing in the spam folder are deliverability, not a ToS violation.
    name: "notification emails land in the spam folder → Standard general, not Legal",
    input: { text: "Customer says our notification emails land in their spam folder" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Real signal: "Terms of Service violations (spam, abuse, illegal content)".
    name: "a user is sending spam through the platform → Critical legal",
    input: { text: "A user in this workspace is sending spam through our email campaigns feature" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "critical", category: "legal", level: "legal",
      channels: ["#legal-escalations"], notify: ["legal"], flags: ["no-legal-advice"],
      clock: "24x7", firstResponse: "2026-03-04T15:30:00.000Z", nextUpdate: "2026-03-05T15:00:00.000Z", resolution: "2026-03-04T19:00:00.000Z",
    },
  },
  {
    // False friend: a customer whose business is competitor analysis is not comparing us to competitors.
    name: "competitor-analysis agency with an export problem → Standard general, no churn risk",
    input: { text: "Customer runs a competitor-analysis agency; their CSV export drops two columns" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Real Churn Risk sign "Comparing us to competitors", inflected ("comparing us with").
    name: "comparing us with a rival and may switch → High, churn risk flagged",
    input: { text: "They're comparing us with Asana and may switch to a competitor next quarter" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "angry", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations", "customer-success"], flags: ["churn-risk"], rules: ["churn-risk"],
      clock: "business-hours", firstResponse: "2026-03-04T16:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // Negation before the phrase: "No unauthorized access and no data loss".
    name: "'no unauthorized access and no data loss' → Standard general",
    input: { text: "No unauthorized access and no data loss, the customer just can't find an old report" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Negation after the phrase: "data leak ruled out", and "Outage? No."
    name: "'data leak ruled out', 'Outage? No.' → Standard general",
    input: { text: "Data leak ruled out, they only see their own teammates' projects. Outage? No." },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Inflection: "crashed" for "crash" ("Mobile app crash preventing use") → High, tech support 4 h.
    name: "the iOS app crashed three times (inflected) → High technical",
    input: { text: "The iOS app crashed three times during the customer's demo" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "technical", level: "tech-support",
      channels: ["#tech-support-escalations"], notify: ["tech-support"],
      clock: "business-hours", firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // Inflection + false friend: "syncing invoices" is the technical failure, not a billing question.
    name: "integration stopped syncing invoices → High technical, billing not told",
    input: { text: "Their QuickBooks integration stopped syncing invoices after two reconnection attempts" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "technical", alsoCategories: [], level: "tech-support",
      channels: ["#tech-support-escalations"], notify: ["tech-support"],
      clock: "business-hours", firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // Agent's choice drives the rules: no phrase matched, the agent picked Account Access; the rule
    // "Verify identity first" runs on that final category (High, access team, 2 h).
    name: "agent picks Account Access → High, access team, verify-identity rule applies",
    input: { text: "Customer can't get into the workspace since switching to a new phone", category: "account-access" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "account-access", level: "account-access",
      channels: ["#account-access-escalations"], notify: ["access"], flags: ["verify-identity"], rules: ["verify-identity"],
      clock: "business-hours", firstResponse: "2026-03-04T17:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // Agent's severity drives the rules: 4 customers reporting (field) makes it an outage; the agent
    // marks it 🟡, so the rule runs on High: operations owns it on the High business-hours clock.
    name: "4 customers reporting, agent marks 🟡 → outage for operations on the High clock",
    input: { text: "Attachments fail to upload for this account", fields: { customers_reporting: 4 }, severity: "🟡" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "outage", level: "operations",
      channels: ["#incidents"], notify: ["operations", "incidents"], flags: ["check-status-page"], rules: ["multiple-customers"],
      clock: "business-hours", firstResponse: "2026-03-04T19:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // Medium-Risk Requests: "2FA removal: 2 factors"; Account Access: "Verify identity first"; 2 h.
    name: "disable 2FA after losing a phone → High account access, 2-factor verification flagged",
    input: { text: "Customer asks us to disable 2FA on their account after losing their phone" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "account-access", level: "account-access",
      channels: ["#account-access-escalations"], notify: ["access"],
      flags: ["verify-identity-2-factors", "verify-identity"], rules: ["medium-risk-verification", "verify-identity"],
      clock: "business-hours", firstResponse: "2026-03-04T17:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
  {
    // False friend: asking how to turn 2FA on is a how-to question, not an access escalation.
    name: "how to enable 2FA for the team → Standard general",
    input: { text: "Customer asks how to enable 2FA for their whole team" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // Churn Risk signs "Decreased usage", "Multiple unresolved issues": flagged and CS alerted, but no
    // High escalation; "usage is down" is not an outage.
    name: "usage is down and several unresolved issues → churn risk flagged, Standard, not an outage",
    input: { text: "Usage is down 40% since January and they have several unresolved issues" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations", "customer-success"], flags: ["churn-risk"], rules: ["churn-risk"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // False friend: "data loss prevention" is a feature question, not "Data loss or corruption".
    name: "asks about data loss prevention → Standard general, not an outage",
    input: { text: "Customer asks whether we offer data loss prevention for shared files" },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "standard", category: "general", level: "support-escalations",
      channels: ["#support-escalations"], notify: ["escalations"],
      clock: "business-hours", firstResponse: "2026-03-06T21:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-16T14:00:00.000Z",
    },
  },
  {
    // The customer asks for escalation (the form's box) of a High technical issue. The playbook has no tiers
    // to climb: its line is 🟡 Angry/Frustrated Customers "Customer explicitly asks for manager/supervisor"
    // → "Email: escalations@[company].com", "Response SLA: 1 hour". So the escalation team is told and the
    // 1-hour target counts, while tech support keeps the bug (not handed to the escalation team, whose
    // `next` is for a first response missed, and never to the next team in the file, account access).
    name: "customer asks to escalate an app crash → tech support keeps it, escalation team told, 1 h",
    input: { text: "The Android app crashes on launch for this customer", customerRequested: true },
    openedAt: "2026-03-04T10:00:00-05:00",
    expect: {
      severity: "high", category: "technical", alsoCategories: ["angry"], level: "tech-support",
      channels: ["#tech-support-escalations", "#support-escalations"], notify: ["tech-support", "escalations"], alsoLevels: ["support-escalations"],
      clock: "business-hours", firstResponse: "2026-03-04T16:00:00.000Z", nextUpdate: "2026-03-06T21:00:00.000Z", resolution: "2026-03-06T21:00:00.000Z",
    },
  },
];

describe("SaaS Escalation Procedures & Policies playbook", () => {
  it.each(cases)("$name", ({ input, openedAt, expect: e }) => {
    expectDecision(decide(input, policy, at(openedAt)), e, { rules: [], cc: [], flags: [], alsoLevels: [], levelBudget: null });
  });

  // Partnership/Integration Inquiries: "Response SLA: 48 hours" (and the directory: "Response time: 48 hours").
  // Wed 10:00 EST + 48 business hours = Wed 8 + Thu 9 + Fri 9 + Mon 9 + Tue 9 + Wed 4 → Wed 11 Mar 13:00 EDT.
  // The category sets its own target (ownTargets), so the Standard priority's earlier 24 h does not apply.
  it("partnership inquiry → 48 business hours for a first response", () => {
    const d = decide({ text: "Customer wants to build an integration and asks about becoming a reseller" }, policy, at("2026-03-04T10:00:00-05:00"));
    expect(d.classification.category).toBe("partnerships");
    expect(d.route.level).toBe("partnerships");
    expect(iso(d.deadlines.firstResponse)).toBe("2026-03-11T17:00:00.000Z");
  });

  // The levels are teams, not a ladder: Post-Escalation Follow-Up "24 hours pass with no response
  // (check with escalation team)". Every team hands on to the escalation team, whatever the priority,
  // and the escalation team is the top; the Escalate button offers only that path.
  it("every team's next is the escalation team, which is the top", () => {
    for (const l of policy.levels) {
      for (const s of policy.severities) {
        if (l.id === "support-escalations") {
          expect(nextLevel(policy, l.id, s.id)).toBeUndefined();
          expect(levelsAbove(policy, l.id, s.id)).toEqual([]);
        } else {
          expect(nextLevel(policy, l.id, s.id)?.id).toBe("support-escalations");
          expect(levelsAbove(policy, l.id, s.id).map((x) => x.id)).toEqual(["support-escalations"]);
        }
      }
    }
  });
});
