import { describe, expect, it } from "vitest";
import { decide, explainDecision } from "../../src/domain/decide.js";
import type { ClassifyInput } from "../../src/domain/classify.js";
import { multipleCustomersFields } from "../../src/domain/linking.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * TeamFlow's criteria read from scope and impact, the Enterprise criterion, the multiple-customers rule
 * counted, the customer's request read as "Requests to speak with management", and the passage and
 * assumptions behind each (the case table in cases/teamflow.cases.yml holds the rest).
 */
const policy = shippedPolicy("teamflow.yml");
const decided = (input: ClassifyInput) => decide(input, policy, Date.parse("2026-04-15T17:00:00Z"));
const why = (input: ClassifyInput) => explainDecision(decided(input)).join("\n");
const categories = (input: ClassifyInput) => {
  const c = decided(input).classification;
  return [c.category, ...c.alsoCategories];
};

describe("TeamFlow: the playbook's text behind every entry", () => {
  it("carries a passage on every severity, definition line, tier, level, category and rule, and on the customer's request", () => {
    const missing = [...policy.severities, ...policy.tiers, ...policy.levels, ...policy.categories, ...policy.rules].filter((x) => !x.passage).map((x) => x.id);
    expect(missing).toEqual([]);
    expect(policy.severities.flatMap((s) => s.definitions).every((d) => d.passage)).toBe(true);
    expect(policy.triggers.customerRequestPassage).toEqual({ section: "Customer Satisfaction", quote: "Requests to speak with management" });
  });

  it("keeps its assumptions as notes and says them when they decide", () => {
    expect(Object.keys(policy.notes)).toEqual(expect.arrayContaining(["severities/critical", "severities/complex", "triggers", "rules/enterprise-customer"]));
    expect(why({ text: "Acme and Globex both report they cannot log in since 9:00" })).toContain(
      "assumed by the policy, not the playbook (severity critical): the playbook names \"API downtime affecting multiple customers\"",
    );
    expect(why({ text: "Gantt export cuts off the last column", customerRequested: true })).toContain(
      "assumed by the policy, not the playbook (triggers): the playbook has no \"customer requests escalation\" trigger",
    );
  });
});

describe("TeamFlow: Service Outages and performance read from who is affected and how badly", () => {
  it.each([
    ["Attachments and avatars won't load for anyone - CloudFront returns 403 on every file URL.", "Platform-wide service disruption"],
    ["Acme and Globex both report they cannot log in since 9:00", "API downtime affecting multiple customers"],
    ["Two customers say the app won't load since the deploy", "API downtime affecting multiple customers"],
  ])("%s → critical outage (“%s”)", (text, quote) => {
    const d = decided({ text, tier: "basic" });
    expect(d.classification).toMatchObject({ severity: "critical", category: "outage" });
    expect(d.route.level).toBe("level3");
    expect(d.classification.reasons.join("\n")).toContain(`“${quote}” (Service Outages)`);
  });

  it("severely slow for a customer's users is a performance degradation report: standard, Technical Issues", () => {
    const d = decided({ text: "Boards are crawling for all their users since yesterday" });
    expect(d.classification).toMatchObject({ severity: "standard", category: "technical" });
    expect(d.classification.reasons.join("\n")).toContain("“Performance degradation reports” (Technical Issues)");
  });

  it.each([
    // one customer's users, one user, a question, a bug that is not a disruption
    "Everyone at Acme can't log in since their SSO certificate expired",
    "Their whole team is locked out after the SSO change; other customers are fine",
    "One user can't log in after the password reset",
    "Boards load very slowly for one user on hotel wifi",
    "Customer asks if anyone can see the archived board",
    "Acme and Globex each have one user who can't log in",
  ])("%s → no outage, not critical", (text) => {
    const d = decided({ text, tier: "basic" });
    expect(categories({ text, tier: "basic" })).not.toContain("outage");
    expect(d.classification.severity).not.toBe("critical");
  });
});

describe("TeamFlow: any issue affecting Enterprise customers", () => {
  it("an Enterprise how-to question is an Enterprise customer issue (priority, Level 4, #customer-success)", () => {
    const d = decided({ text: "How do I invite teammates to a project?", tier: "enterprise" });
    expect(d.classification).toMatchObject({ severity: "high", category: "enterprise", alsoCategories: [], rules: ["enterprise-customer"] });
    expect(d.route).toMatchObject({ level: "level4", notify: ["vp-customer-success"], cc: ["customer-success-manager"] });
    expect(d.route.channels[0]).toBe("#customer-success");
    expect(d.classification.reasons.join("\n")).toContain("“Any issue affecting Enterprise customers” (Enterprise Customer Issues)");
  });

  it("an Enterprise customer hit by an outage: the outage owns it, the Enterprise escalation applies beside it", () => {
    const d = decided({ text: "Platform-wide service disruption, nobody can log in", tier: "enterprise" });
    expect(d.classification).toMatchObject({ severity: "critical", category: "outage", alsoCategories: ["enterprise"] });
    expect(d.route.level).toBe("level4");
    expect(d.route.notify).toEqual(expect.arrayContaining(["outage-response", "vp-customer-success"]));
    expect(d.route.channels).toEqual(expect.arrayContaining(["#outage-response", "#customer-success"]));
    // 15 minutes: the outage's target, not the Enterprise hour.
    expect(d.deadlines.firstResponse! - Date.parse("2026-04-15T17:00:00Z")).toBe(15 * 60_000);
  });

  it("a Pro or Basic customer's how-to stays first-line", () => {
    expect(decided({ text: "How do I invite teammates to a project?", tier: "pro" }).classification).toMatchObject({ severity: "routine", category: "general" });
  });
});

describe("TeamFlow: billing system errors affecting multiple customers, counted", () => {
  it.each([
    "Invoices went out with the wrong seat count for two customers",
    "Customer was double charged; other customers report the same",
    "Acme, Globex and Initech were all charged twice this month",
  ])("%s → financial impact, Finance Director", (text) => {
    const d = decided({ text, tier: "pro" });
    expect(d.classification).toMatchObject({ severity: "high", category: "financial", rules: ["billing-many-customers"] });
    expect(d.route.notify).toContain("finance-director");
  });

  it("one customer's double charge stays a billing dispute for the Billing Manager", () => {
    const d = decided({ text: "Customer was double charged this month", tier: "pro" });
    expect(d.classification).toMatchObject({ severity: "routine", category: "billing", rules: [] });
  });

  it("linked escalations of two customers fill Customers affected, and the playbook decides again", () => {
    const input = { text: "Customer was charged twice for June", tier: "pro" };
    expect(decided(input).classification.category).toBe("billing");
    const fields = multipleCustomersFields(policy, {}, 2);
    expect(fields).toEqual({ customers_affected: 2 });
    expect(decided({ ...input, fields }).classification).toMatchObject({ severity: "high", category: "financial" });
    // The same count makes an integration that cannot get in for several customers an outage.
    const locked = { text: "Their integration cannot log in to the API since 09:00" };
    expect(decided(locked).classification).toMatchObject({ severity: "routine", category: "general" });
    expect(decided({ ...locked, fields }).classification).toMatchObject({ severity: "critical", category: "outage" });
  });
});

describe("TeamFlow: the customer asks to escalate (Requests to speak with management)", () => {
  it("the form's box alone: Customer Satisfaction, standard, Level 3 with the Support Manager", () => {
    const d = decided({ text: "Gantt export to PDF cuts off the last column.", tier: "basic", customerRequested: true });
    expect(d.classification).toMatchObject({ severity: "standard", category: "satisfaction", customerRequested: true, rules: ["customer-request-is-management-request"] });
    expect(d.route.level).toBe("level3");
    expect(d.route.notify).toContain("support-manager");
    expect(d.classification.reasons.join("\n")).toContain("“Requests to speak with management” (Customer Satisfaction)");
  });

  it("said in the text, the same; never a level above Level 3 when it already starts there", () => {
    const text = decided({ text: "Gantt export to PDF cuts off the last column. The customer has asked us to escalate.", tier: "basic" });
    expect(text.classification).toMatchObject({ severity: "standard", category: "satisfaction", customerRequested: true });
    expect(text.route.level).toBe("level3");
    const manager = decided({ text: "She's done explaining the import problem to agents and wants a manager to call her today.", customerRequested: true });
    expect(manager.route.level).toBe("level3");
  });

  it("an outage the customer wants escalated stays the outage, with the Support Manager told", () => {
    const d = decided({ text: "Platform-wide service disruption since 09:40", tier: "basic", customerRequested: true });
    expect(d.classification).toMatchObject({ severity: "critical", category: "outage", alsoCategories: ["satisfaction"] });
    expect(d.route.level).toBe("level3");
    expect(d.route.notify).toContain("support-manager");
  });

  it("the agent's own escalation is not the customer's request", () => {
    const d = decided({ text: "Escalating this to Level 2: the export bug needs a senior specialist", tier: "basic" });
    expect(d.classification.customerRequested).toBe(false);
    expect(categories({ text: "Escalating this to Level 2: the export bug needs a senior specialist", tier: "basic" })).not.toContain("satisfaction");
  });
});
