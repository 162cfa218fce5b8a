import { describe, expect, it } from "vitest";
import { decide, explainDecision } from "../../src/domain/decide.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * The SaaS playbook ("Escalation Procedures & Policies") read as its author meant: severity by scope and
 * impact, the multiple-customers line from the customers the text counts, a refund over $500 typed in
 * the text, the customer asking to escalate, and every entry's passage (the case tables in cases/ hold
 * the rest).
 */
const policy = shippedPolicy("saas-escalation-policies.yml");
const OPENED = Date.parse("2026-03-04T15:00:00Z"); // Wed 10:00 EST, inside business hours
const decided = (text: string, extra: { tier?: string; fields?: Record<string, number>; customerRequested?: boolean } = {}) =>
  decide({ text, ...extra }, policy, OPENED);
const categories = (text: string) => {
  const c = decided(text).classification;
  return [c.category, ...c.alsoCategories];
};

describe("SaaS: severity by the playbook's lines, read as scope and impact", () => {
  it.each([
    // 🔴 Service Outage "Customer cannot access critical features": the customer's people cannot get in at all.
    ["Nobody at Stark Industries can log in - SSO returns a 500 for all 300 users", "critical", "outage", "Customer cannot access critical features"],
    ["Nothing loads for anyone at Hooli since 8am, every page spins", "critical", "outage", "Customer cannot access critical features"],
    // 🟡 Technical Issues "Reproducible bug affecting multiple users": fails for more than one user, no workaround.
    ["CSV exports fail for 3 of their users since the release", "high", "technical", "Reproducible bug affecting multiple users"],
    ["Recurring invoices are broken for all of their accountants, no workaround", "high", "technical", "Reproducible bug affecting multiple users"],
    // A workaround: nothing is prevented, so Standard ("Is customer blocked from working?").
    ["CSV exports fail for 3 of their users, but the Excel export works as a workaround", "standard", "general", "Is customer blocked from working?"],
  ])("%s → %s %s (“%s”)", (text, severity, category, quote) => {
    const d = decided(text);
    expect(d.classification.severity).toBe(severity);
    expect(d.classification.category).toBe(category);
    expect(explainDecision(d).join("\n")).toContain(`“${quote}”`);
  });

  it("one person who cannot get in is not an outage (Account Access is High, one customer's whole user base is Critical)", () => {
    const one = decided("User lost his phone and the 2FA codes fail; he is completely locked out of the workspace").classification;
    expect(one.severity).toBe("high");
    expect([one.category, ...one.alsoCategories]).not.toContain("outage");
  });
});

describe("SaaS: multiple customers reporting the same issue, counted in the text", () => {
  it.each([
    "Globex and Soylent both report CSV exports failing with 'timeout' since this morning",
    "Three customers say the dashboard won't load after the update",
  ])("%s → Critical outage for operations, #incidents", (text) => {
    const d = decided(text);
    expect(d.classification).toMatchObject({ severity: "critical", category: "outage" });
    expect(d.classification.rules).toContain("multiple-customers-mentioned");
    expect(d.route.level).toBe("operations");
    expect(d.route.channels).toContain("#incidents");
  });

  it.each([
    // several customers asking for something, a question, or a problem that is over: no outage
    "Three customers asked for a Gantt view this week, please log the feature request",
    "Two customers ask how to export their reports to Excel",
    "Globex and Soylent both report that exports work again since the fix",
    "Two agencies want to resell our platform under their own brand",
  ])("%s → no outage", (text) => {
    expect(categories(text)).not.toContain("outage");
    expect(decided(text).classification.severity).not.toBe("critical");
  });

  it("the form's count does the same (the linked escalations write it)", () => {
    const d = decided("Export to CSV fails for this account", { fields: { customers_reporting: 2 } });
    expect(d.classification).toMatchObject({ severity: "critical", category: "outage", rules: ["multiple-customers"] });
  });
});

describe("SaaS: a refund over $500 typed in the text", () => {
  it("is the 🔴 Financial line, and the explanation says where the amount was read", () => {
    const d = decided("Customer wants a refund of $850 for the unused months of their annual plan");
    expect(d.classification).toMatchObject({ severity: "critical", category: "financial", rules: ["refund-over-500"] });
    expect(d.route.level).toBe("billing");
    expect(explainDecision(d).join("\n")).toContain("read Refund requested (USD) = 850 from the text ('$850' next to 'refund')");
    expect(explainDecision(d).join("\n")).toContain("“Refund request over $500”");
  });

  it.each([
    ["Customer wants a refund of $500 for the add-on", undefined],
    ["Customer wants a refund of $120 for two seats", undefined],
    // What the agent typed in the form wins over the text.
    ["Customer wants a refund of $850, agreed to $300 on the call", { refund_amount: 300 }],
    // No refund: an invoice's amount is not a refund request.
    ["Finance asks for a copy of the $2,400 invoice with their PO number", undefined],
  ])("%s → not the refund line", (text, fields) => {
    expect(decided(text, fields ? { fields } : {}).classification.rules).not.toContain("refund-over-500");
  });
});

describe("SaaS: the customer asks to escalate", () => {
  it("the form's box on an ordinary issue: 🟡 Angry/Frustrated 'asks for manager/supervisor', escalation team, 1 hour", () => {
    const d = decided("Zapier trigger fires twice for every new task", { customerRequested: true });
    expect(d.classification).toMatchObject({ severity: "high", category: "angry", customerRequested: true });
    expect(d.route.level).toBe("support-escalations");
    expect(d.deadlines.firstResponse).toBe(OPENED + 60 * 60_000);
    expect(explainDecision(d).join("\n")).toContain("“Customer explicitly asks for manager/supervisor”");
    expect(d.assumptions.join("\n")).toContain('the playbook has no "customer asks to escalate" line');
  });

  it("the agent's words do the same as the box", () => {
    const d = decided("Zapier trigger fires twice for every new task. The customer asked us to escalate it.");
    expect(d.classification).toMatchObject({ severity: "high", category: "angry", customerRequested: true, rules: ["customer-requests-escalation"] });
  });

  it("beside a breach, Security keeps it and the escalation team is told", () => {
    const d = decided("Customer reports seeing another user's data in their dashboard", { customerRequested: true });
    expect(d.classification).toMatchObject({ severity: "critical", category: "security", alsoCategories: ["angry"] });
    expect(d.route.level).toBe("security");
    expect(d.route.alsoLevels).toContain("support-escalations");
  });
});

describe("SaaS: the passage behind each entry", () => {
  it("every severity, definition line, tier, level, category and rule names its passage, and the file names its playbook", () => {
    expect(policy.playbookSource).toBe("playbooks/saas-escalation-policies.md");
    const missing = [
      ...policy.severities.flatMap((s) => [...(s.passage ? [] : [`severity ${s.id}`]), ...s.definitions.flatMap((d, i) => (d.passage ? [] : [`${s.id} definition ${i}`]))]),
      ...policy.tiers.filter((t) => !t.passage).map((t) => `tier ${t.id}`),
      ...policy.levels.filter((l) => !l.passage).map((l) => `level ${l.id}`),
      ...policy.categories.filter((c) => !c.passage).map((c) => `category ${c.id}`),
      ...policy.rules.filter((r) => !r.passage).map((r) => `rule ${r.id}`),
    ];
    expect(missing).toEqual([]);
  });

  it("keeps the assumptions the playbook does not state as notes", () => {
    expect(Object.keys(policy.notes)).toEqual(expect.arrayContaining(["reading", "calendars/business-hours", "severities/high", "triggers", "repeats", "featureRequests"]));
  });
});
