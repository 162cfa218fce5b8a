import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { levelsAbove } from "../../src/domain/playbook/lookup.js";
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
const P2_COMMS = ["email", "dashboard-alert"];
// Each urgency's "Communication" is a checklist item: P3 "Email notification", P4 "Email response".
const P3_COMMS = ["email-notification"];
const P4_COMMS = ["email-response"];

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
    // Critical keyword "broken" on an otherwise low-urgency report → escalated as P2, the urgency whose
    // definition says "broken" ("Major functionality broken"), not P1 "System down": 1 h, Level 3 (2 h budget).
    name: "'the export button is broken' → critical keyword, P2 at Level 3",
    input: { text: "The export button is broken" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "general", ...L3, flags: P2_COMMS, rules: ["critical-keyword-broken", "p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // P2 definition "Major functionality broken, significant impact": 1 h, to Level 3 (whose budget is 2 h).
    name: "major functionality broken → P2 (not P1), Level 3, 1 h",
    input: { text: "Major functionality broken: reports cannot be generated, significant impact" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "general", ...L3, flags: P2_COMMS, rules: ["p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // P2 on a Level 2 typical issue (data synchronization) still goes to Level 3.
    name: "significant impact on data synchronization → P2, Level 3 over Level 2",
    input: { text: "Significant impact: data synchronization problems for the whole team" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "technical", ...L3, flags: P2_COMMS, rules: ["p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // P3 "Minor functionality issues, workarounds available": 4 h, to Level 2, email notification.
    name: "minor issue with a workaround → P3, Level 2, 4 h",
    input: { text: "Minor functionality issue with CSV export, workaround available" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "general", ...L2, flags: P3_COMMS, rules: ["p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Level 1 typical issue "Password resets": P4, 24 h, Level 1 holds it 24 h.
    name: "password reset → P4, Level 1, 24 h",
    input: { text: "Customer needs a password reset" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Level 2 typical issue "API integration problems": a defect, so at least Medium (P3) "Minor functionality
    // issues" (Low (P4) is only "General questions, feature requests"); 4 h, Level 2.
    name: "API integration problems → P3, Level 2, 4 h",
    input: { text: "API integration problems: requests return errors" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "technical", ...L2, flags: P3_COMMS, rules: ["technical-defect-at-least-p3", "p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Level 3 typical issue "Performance degradation": a defect (at least P3); Level 3 responds within 2 h.
    name: "performance degradation → P3, Level 3, 2 h",
    input: { text: "Performance degradation on the reporting service" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "senior-technical", ...L3, flags: P3_COMMS, rules: ["defect-at-least-p3", "p3-level2"],
      firstResponse: "2026-03-04T12:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // Level 4 typical issues "Security vulnerabilities", "Product bugs requiring code changes": 1 h, top level (no budget).
    // A vulnerability is a "Security-related concern" (Automatic Escalation): High (P2), as the security concerns.
    name: "security vulnerability requiring code changes → P2, Level 4, 1 h",
    input: { text: "Security vulnerability in the file upload requires code changes" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "engineering", ...L4, flags: P2_COMMS, rules: ["security-vulnerability", "p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // Automatic Escalation "Customer requests escalation": one level up (Level 1 → Level 2), as the form's box;
    // the urgency stays P4.
    name: "customer requests escalation of a billing question → P4, Level 2",
    input: { text: "Customer requests escalation of a billing question" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L2, flags: P4_COMMS, rules: ["customer-requests-escalation", "p4-level1"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // The text and the form's box both say the customer asked: one level up, not two.
    name: "customer requests escalation, said in the text and ticked on the form → still Level 2",
    input: { text: "Customer requests escalation of a billing question", customerRequested: true },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L2, flags: P4_COMMS, rules: ["customer-requests-escalation", "p4-level1"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Automatic Escalation "Multiple failed resolution attempts" (field): the issue is escalated one level up
    // (Level 1 → Level 2); no urgency definition names failed attempts, so it stays P4.
    name: "two failed resolution attempts on a password reset → P4, Level 2",
    input: { text: "Password reset email never arrives", fields: { failed_attempts: 2 } },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L2, flags: P4_COMMS, rules: ["p4-level1", "multiple-failed-attempts"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // One failed attempt is not "multiple".
    name: "one failed resolution attempt → stays P4 at Level 1",
    input: { text: "Password reset email never arrives", fields: { failed_attempts: 1 } },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // A negated keyword is not a critical keyword: "not an outage".
    name: "'not an outage, just a general question' → P4, Level 1",
    input: { text: "This is not an outage, just a general question about exports" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  // ── Issue 9: written the way agents write, false friends next to the real signals ──────────────
  {
    // False friend: "down" in "drop-down" is not the critical keyword; the password reset is Level 1.
    name: "'the country drop-down is empty' → not P1; password reset at Level 1",
    input: { text: "The country drop-down is empty when customers try to reset their password" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Real signal: "went down" is the system being down → P1, 10:00 + 15 min, immediately at Level 4.
    name: "'checkout site went down' → P1 at Level 4",
    input: { text: "Checkout site went down at 9:40, nobody can place orders" },
    openedAt: OPEN,
    expect: {
      severity: "p1", category: "general", ...L4, flags: P1_COMMS, rules: ["critical-keywords", "p1-level4"],
      firstResponse: "2026-03-04T10:15:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // False friend: planned maintenance is not an outage ("down for maintenance").
    name: "'site is down for maintenance tonight' → not P1",
    input: { text: "The site is down for maintenance tonight, customer has a general question about when it is back" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // False friend: breaching the SLA is not a security breach (no Security issue, no P1).
    name: "'about to breach the SLA' on a billing question → Level 1, not security",
    input: { text: "We're about to breach the SLA on this billing question, please pick it up" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // False friend with a duration in between: "breached the 4h response target".
    name: "'we breached the 4h response target' → not a security breach",
    input: { text: "We breached the 4h response target on this ticket, customer needs a password reset" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Real signal: a hacked account is the P1 definition's "security breach" (rule security-breach), Level 4 at once.
    name: "'admin account was hacked' → security, P1 at Level 4",
    input: { text: "Customer's admin account was hacked overnight, unknown logins from abroad" },
    openedAt: OPEN,
    expect: {
      severity: "p1", category: "security", ...L4, flags: P1_COMMS, rules: ["security-breach", "p1-level4"],
      firstResponse: "2026-03-04T10:15:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // Negation after the phrase: "a breach has been ruled out" → no security issue.
    name: "'a breach has been ruled out' → password reset at Level 1",
    input: { text: "Security review done: a breach has been ruled out. Customer needs a password reset" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Every category counts: a compromised account AND failing sync → security owns it (P1 → Level 4),
    // technical also applies: Level 2 gets a pointer and its team is told.
    name: "compromised account + sync failures → security at Level 4, Level 2 also told",
    input: { text: "Data sync keeps failing and the customer's account was compromised" },
    openedAt: OPEN,
    expect: {
      severity: "p1", category: "security", alsoCategories: ["technical"],
      level: "level4", channels: ["#engineering-escalations", "#support-level2"], notify: ["engineering", "technical-support"], alsoLevels: ["level2"],
      flags: P1_COMMS, rules: ["security-breach", "p1-level4"],
      firstResponse: "2026-03-04T10:15:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: null,
    },
  },
  {
    // Every category counts: Level 3's performance degradation owns it (2 h), Level 2's timeouts also told. A defect: P3.
    name: "performance degradation + API timeouts → P3, Level 3, Level 2 also told",
    input: { text: "Performance degradation across the dashboard, and the API returns timeout errors" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "senior-technical", alsoCategories: ["technical"],
      level: "level3", channels: ["#support-level3", "#support-level2"], notify: ["senior-support", "technical-support"], alsoLevels: ["level2"],
      flags: P3_COMMS, rules: ["defect-at-least-p3", "p3-level2"],
      firstResponse: "2026-03-04T12:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // Inflections: "loads slowly", "timing out" are Level 2's "Performance issues" (4 h); a defect: P3.
    name: "'loads slowly and reports are timing out' → P3, Level 2",
    input: { text: "Dashboard loads slowly and reports are timing out" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "technical", ...L2, flags: P3_COMMS, rules: ["technical-defect-at-least-p3", "p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // False friend: "sorry to bug you" is not a bug; the invoice question stays at Level 1.
    name: "'sorry to bug you' + billing question → Level 1, not a technical bug",
    input: { text: "Sorry to bug you again, customer has a billing question about last month's charge" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // False friend: "slow to respond" is about us, not a performance issue.
    name: "'we were slow to respond' + invoice question → Level 1",
    input: { text: "Customer is upset we were slow to respond; they have a question about their invoice" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // False friend: a "sync call" is a meeting, not "Data synchronization problems".
    name: "'booked a sync call' about a feature request → Level 1",
    input: { text: "Booked a sync call with the customer about their feature request" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // False friend: the agent's own "Escalating this" is not "Customer requests escalation": no step up to Level 3.
    name: "'Escalating this to Level 2' (agent's words) → no customer-request step, P3 at Level 2",
    input: { text: "Escalating this to Level 2: the CSV export API returns 500 errors" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "technical", ...L2, flags: P3_COMMS, rules: ["technical-defect-at-least-p3", "p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Real signal in other words: "Customer wants this escalated" → one level up (technical is already Level 2 → Level 3).
    name: "'customer wants this escalated' on API timeouts → P3, Level 3",
    input: { text: "Customer wants this escalated: the API keeps timing out" },
    openedAt: OPEN,
    expect: {
      // Level 3's 2 h response and budget.
      severity: "p3", category: "technical", ...L3, flags: P3_COMMS, rules: ["technical-defect-at-least-p3", "customer-requests-escalation", "p3-level2"],
      firstResponse: "2026-03-04T12:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // False friend: a broken link in an article is not broken functionality.
    name: "'broken link in the help-center article' → not escalated, Level 1",
    input: { text: "Broken link in the help-center article on password reset" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Inflection of the keyword: "broke" → P2, Level 3 (1 h; Level 3's budget 2 h).
    name: "'the release broke the bulk import' → P2 at Level 3",
    input: { text: "Yesterday's release broke the bulk import for this account" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "general", ...L3, flags: P2_COMMS, rules: ["critical-keyword-broken", "p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // "broken" on what the agent calls minor with a workaround: P3's own definition wins (4 h, Level 2).
    name: "minor issue, tooltip broken, they can work around it → P3, not P2",
    input: { text: "Minor issue: the tooltip on the export button is broken, they can work around it" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "general", ...L2, flags: P3_COMMS, rules: ["p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // "the workaround doesn't work": the failing API integration is a Level 2 defect, Medium (P3) at Level 2, never
    // lower. (The scope-and-impact reading still counts the mention of a workaround, so the explanation quotes P3's
    // "workarounds available" rather than the rule technical-defect-at-least-p3: the same urgency.)
    name: "'the workaround doesn't work' → a failing integration, P3 at Level 2",
    input: { text: "The workaround from the KB doesn't work, API integration still failing" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "technical", ...L2, flags: P3_COMMS, rules: ["p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Negation after the phrase ("Data loss: none") and an inflection ("load slowly").
    name: "'Data loss: none. Reports load slowly' → not P1; P3 at Level 2",
    input: { text: "Data loss: none. Reports load slowly since the update." },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "technical", alsoCategories: [], ...L2, flags: P3_COMMS, rules: ["technical-defect-at-least-p3", "p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Negation as an answer: "Outage? No." → no critical keyword.
    name: "'Outage? No.' + billing question → Level 1",
    input: { text: "Outage? No. Customer only has a billing question." },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", alsoCategories: [], ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Manual Escalation "Issue affects multiple customers": a checklist item for the owner, routing unchanged.
    name: "several customers report sync errors → Level 2 + 'affects multiple customers' item",
    input: { text: "Several customers report sync errors since this morning" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "technical", ...L2, flags: [...P3_COMMS, "multiple-customers"], rules: ["technical-defect-at-least-p3", "p3-level2", "manual-multiple-customers"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // False friend: customers asking for the same feature is a feature request, not an issue affecting them.
    name: "'multiple customers have asked for' a feature → no multiple-customers item",
    input: { text: "Multiple customers have asked for a dark mode feature request" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Manual Escalation "Legal or compliance concerns arise": "threatened to sue" (inflected) → checklist item.
    name: "customer threatened to sue over sync errors → Level 2 + legal/compliance item",
    input: { text: "Customer threatened to sue over repeated data sync errors" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "technical", ...L2, flags: [...P3_COMMS, "legal-compliance"], rules: ["technical-defect-at-least-p3", "p3-level2", "manual-legal-compliance"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // False friend: "legal entity name" on an invoice is a billing question, not a legal concern.
    name: "'legal entity name' on the invoice → billing question, no legal item",
    input: { text: "Customer wants to change the legal entity name on their invoice, billing question" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Manual Escalation "Customer is dissatisfied with resolution" → checklist item.
    name: "customer not happy with the resolution → dissatisfied item",
    input: { text: "Customer is not happy with the resolution of their password reset ticket" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general-support", ...L1, flags: [...P4_COMMS, "dissatisfied"], rules: ["p4-level1", "manual-dissatisfied"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Agent's choice: P2 picked by hand on a plain question → the P2 rule runs on it (Level 3, email + dashboard).
    name: "agent picks P2 on a general question → Level 3, P2 communication",
    input: { text: "Customer has a general question about exports", severity: "P2" },
    openedAt: OPEN,
    expect: {
      severity: "p2", category: "general-support", ...L3, flags: P2_COMMS, rules: ["p2-level3"],
      firstResponse: "2026-03-04T11:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
    },
  },
  {
    // Agent's choice: P3 on a password reset → rule p3-level2 runs on the chosen urgency: Level 2, 4 h.
    name: "agent picks P3 on a password reset → Level 2, email notification",
    input: { text: "Customer needs a password reset, second time this week", severity: "medium" },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "general-support", ...L2, flags: P3_COMMS, rules: ["p3-level2"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // Agent's choice: P4 on a sandbox outage → the P1 rules no longer apply; P4's do (Level 1, 24 h).
    name: "agent downgrades a sandbox 'is down' to P4 → Level 1, P4 communication",
    input: { text: "The sandbox admin console is down, production is fine", severity: "P4" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "general", ...L1, flags: P4_COMMS, rules: ["critical-keywords", "p4-level1"],
      firstResponse: "2026-03-05T10:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-05T10:00:00.000Z",
    },
  },
  {
    // Agent's choice of category: Technical on an invoice question → Level 2 owns it; the matched
    // General support still applies (no level of its own, so nobody else is told).
    name: "agent picks Technical on an invoice question → Level 2, general support also applies",
    input: { text: "Customer has a question about their invoice: usage numbers look wrong", category: "technical" },
    openedAt: OPEN,
    expect: {
      severity: "p4", category: "technical", alsoCategories: ["general-support"], ...L2, alsoLevels: [], flags: P4_COMMS, rules: ["p4-level1"],
      firstResponse: "2026-03-04T14:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T14:00:00.000Z",
    },
  },
  {
    // A user who cannot log in has an "Account access problem", not a "General question": Medium (P3), "To Level 2";
    // the form's "customer asked for escalation" takes it one level up the ladder (Level 2 → Level 3), whose 2 h applies.
    name: "customer asked for escalation (form) on a login failure → P3, Level 3",
    input: { text: "Customer can't log in after a password reset", customerRequested: true },
    openedAt: OPEN,
    expect: {
      severity: "p3", category: "general-support", ...L3, flags: P3_COMMS, rules: ["account-access-problem", "p3-level2"],
      firstResponse: "2026-03-04T12:00:00.000Z", nextUpdate: UPDATE, resolution: RESOLVE, levelBudget: "2026-03-04T12:00:00.000Z",
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

  // "Escalate to Level 2 if unresolved", "to Level 3 if required", "to engineering if needed": one ladder for
  // every urgency (no `next`), so the Escalate button and the automatic moves climb it level by level.
  it("the levels are one ladder for every urgency: Level 1 → 2 → 3 → 4", () => {
    for (const sev of ["p1", "p2", "p3", "p4"]) {
      expect(levelsAbove(policy, "level1", sev).map((l) => l.id)).toEqual(["level2", "level3", "level4"]);
      expect(levelsAbove(policy, "level4", sev)).toEqual([]);
    }
  });

  // "Response time exceeds SLA": taking it on in time stops a level's budget; later moves are the level's call.
  it("every budgeted level's budget stops at acknowledgement", () => {
    const budgeted = policy.levels.filter((l) => l.budget);
    expect(budgeted.map((l) => [l.id, l.budgetStops])).toEqual([
      ["level1", "acknowledged"],
      ["level2", "acknowledged"],
      ["level3", "acknowledged"],
    ]);
  });

  // The checklist items in the playbook's words (Urgency Levels → Communication; Manual Escalation).
  it("checklist wordings", () => {
    expect(policy.flags).toEqual({
      "phone-call": "Communication: phone call",
      email: "Communication: email",
      "dashboard-alert": "Communication: dashboard alert",
      "email-notification": "Communication: email notification",
      "email-response": "Communication: email response",
      "multiple-customers": "Manual escalation trigger: issue affects multiple customers",
      "legal-compliance": "Manual escalation trigger: legal or compliance concerns",
      dissatisfied: "Manual escalation trigger: customer dissatisfied with resolution",
    });
  });
});
