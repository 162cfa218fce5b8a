import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * The generic procedure's urgency definitions (P1–P4) read from scope and impact, its automatic and manual
 * triggers, the passage behind each entry, and ordinary wording that must raise nothing (the case table in
 * cases/generic-levels.cases.yml holds the rest).
 */
const policy = shippedPolicy("generic-levels.yml");
const decided = (text: string, extra: { fields?: Record<string, number>; customerRequested?: boolean } = {}) =>
  decide({ text, ...extra }, policy, Date.parse("2026-03-04T10:00:00Z"));

describe("Generic levels: no new false alarms from the definitions and the rules", () => {
  it.each([
    "Customer would like API documentation for the orders endpoint",
    "Customer's team is stuck on how to configure SSO",
    "The originals are not in the shared folder, customer asks where to upload them",
    "User is locked out because she forgot her password and asks how to reset it",
    "Several customers asked how to export to CSV",
    "Multiple customers have asked for a dark mode feature request",
    "We can't ship this feature until Q3, customer asked for a date",
    "Customer wants to know why the export is missing the IP column",
  ])("%s → P4, no security, no multiple-customers item", (text) => {
    const d = decided(text);
    expect(d.classification.severity).toBe("p4");
    expect([d.classification.category, ...d.classification.alsoCategories]).not.toContain("security");
    expect(d.route.flags).not.toContain("multiple-customers");
  });
});

describe("Generic levels: urgency by the playbook's definitions, with the passage", () => {
  it.each([
    ["Nobody can log in", "p1", "“System down” (Critical (P1))"],
    ["The export fails for all of their users, no workaround", "p2", "“Major functionality broken, significant impact” (High (P2))"],
    ["Login page is slow for all users at Acme", "p2", "“significant impact” (High (P2))"],
    ["CSV export is broken for one user at Vandelay", "p3", "“Minor functionality issues” (Medium (P3))"],
    ["PDF export cuts off the last column; exporting to CSV works as a workaround", "p3", "“workarounds available” (Medium (P3))"],
    ["Customer asks how to add a second admin", "p4", "“General questions” (Low (P4))"],
  ])("%s → %s, %s", (text, severity, passage) => {
    const d = decided(text);
    expect(d.classification.severity).toBe(severity);
    expect(d.classification.reasons.join("\n")).toContain(passage);
  });

  it("a defect of Level 2's typical issues is at least P3, a question about the same subject stays P4", () => {
    expect(decided("Their calls to /v2/orders return 429 errors").classification.severity).toBe("p3");
    expect(decided("Customer asks whether our API supports webhooks").classification.severity).toBe("p4");
  });

  it("a significant business impact is P2 ('Business impact is significant'), not when a workaround keeps them going", () => {
    const blocked = decided("Order sync to their ERP has failed since Monday; they can't ship anything");
    expect(blocked.classification.severity).toBe("p2");
    expect(blocked.classification.reasons.join("\n")).toContain("“Business impact is significant” (Manual Escalation)");
    expect(decided("Order sync to their ERP has failed; they can't ship anything until they re-send by hand as a workaround").classification.severity).toBe("p3");
  });
});

describe("Generic levels: the triggers", () => {
  it("'Issue affects multiple customers' from the customers counted in the text or the form", () => {
    expect(decided("Acme and Globex both report sync errors").route.flags).toContain("multiple-customers");
    expect(decided("Sync errors for Acme", { fields: { customers_affected: 2 } }).route.flags).toContain("multiple-customers");
    expect(decided("Sync errors for Acme", { fields: { customers_affected: 1 } }).route.flags).not.toContain("multiple-customers");
  });

  it("'Multiple failed resolution attempts' escalates one level up and keeps the urgency", () => {
    const at = (text: string) => {
      const d = decided(text, { fields: { failed_attempts: 2 } });
      return [d.classification.severity, d.route.level];
    };
    expect(at("Customer needs a password reset")).toEqual(["p4", "level2"]);
    expect(at("Calendar sync errors for one user")).toEqual(["p3", "level3"]);
    expect(at("Performance degradation on the reporting service")).toEqual(["p3", "level4"]);
    expect(at("The export button is broken")).toEqual(["p2", "level4"]);
    // One attempt is not "multiple".
    const once = decide({ text: "Calendar sync errors for one user", fields: { failed_attempts: 1 } }, policy, 0);
    expect([once.classification.severity, once.route.level]).toEqual(["p3", "level2"]);
  });

  it("'Customer requests escalation' takes it one level up with its passage; the urgency stays", () => {
    const d = decided("Customer asked us to escalate: calendar sync errors for one user");
    expect([d.classification.severity, d.route.level]).toEqual(["p3", "level3"]);
    expect(d.route.reasons.join("\n")).toContain("“Customer requests escalation” (Automatic Escalation)");
  });
});

describe("Generic levels: the passage behind every entry", () => {
  it("every severity, definition line, level, category and rule names its passage (checked against the playbook's text on load)", () => {
    const missing = [
      ...policy.severities.filter((s) => !s.passage).map((s) => `severity ${s.id}`),
      ...policy.severities.flatMap((s) => (s.definitions ?? []).filter((l) => !l.passage).map(() => `definition of ${s.id}`)),
      ...policy.levels.filter((l) => !l.passage).map((l) => `level ${l.id}`),
      ...policy.categories.filter((c) => !c.passage).map((c) => `category ${c.id}`),
      ...policy.rules.filter((r) => !r.passage).map((r) => `rule ${r.id}`),
    ];
    expect(missing).toEqual([]);
    expect(policy.triggers.customerRequestPassage).toEqual({ section: "Automatic Escalation", quote: "Customer requests escalation" });
  });
});
