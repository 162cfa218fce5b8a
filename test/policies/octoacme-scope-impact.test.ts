import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import type { FieldValue } from "../../src/domain/classify.js";
import { multipleCustomersFields } from "../../src/domain/linking.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * OctoAcme's levels read from scope and impact ("Production outage affecting multiple customers", "Severe
 * performance degradation", "Performance issues specific to customer environment"), the customer's request to
 * escalate (no level of its own), counted customers and typos; and ordinary wording that must not raise an outage,
 * data loss or Level 3. The case table in cases/octoacme.cases.yml holds the rest.
 */
const policy = shippedPolicy("octoacme.yml");
const decided = (text: string, more: { customerRequested?: boolean; fields?: Record<string, FieldValue> } = {}) =>
  decide({ text, ...more }, policy, Date.parse("2026-04-15T17:00:00Z"));
const all = (d: ReturnType<typeof decided>) => [d.classification.category, ...d.classification.alsoCategories];

describe("OctoAcme: no new false alarms from the reading and the typos", () => {
  it.each([
    ["Customer has lots of data in their workspace and asks how to archive old projects", "standard"],
    ["Everyone at Globex wants to know how to export a report", "standard"],
    ["Only one user at Acme can't log in after a password reset", "standard"],
    ["Their new workspace is empty; how do they import their projects from Trello?", "standard"],
    ["The signup form returns 503 for a user at Initech; other customers are fine", "engineering"],
    ["Webhooks fail for Acme and Globex since the release; the rest of the app works", "engineering"],
  ])("%s → no outage, no data loss, %s", (text, severity) => {
    const d = decided(text);
    expect(all(d)).not.toContain("outage");
    expect(all(d)).not.toContain("data-loss-security");
    expect(d.classification.severity).toBe(severity);
  });
});

describe("OctoAcme: levels by the playbook's definitions, the level following the severity", () => {
  it.each([
    ["Since 10:15 nobody at Acme, Globex or Initech can log in to the web app", "critical", "outage", "level3", "Production outage affecting multiple customers"],
    ["The web app won't load for all customers since 9am", "critical", "outage", "level3", "Production outage affecting multiple customers"],
    ["Search takes forever for all 200 users at Hooli since Monday", "critical", "severe-performance", "level3", "Severe performance degradation"],
    ["Reports load slowly only for Wayne's account; other customers are fine", "engineering", "performance", "level2", "Performance issues specific to customer environment"],
    ["Customer asks how to add a second admin", "standard", "how-to", "level1", "Common how-to questions"],
  ])("%s → %s, %s, %s (“%s”)", (text, severity, category, level, quote) => {
    const d = decided(text);
    expect(d.classification.severity).toBe(severity);
    expect(d.classification.category).toBe(category);
    expect(d.route.level).toBe(level);
    expect(d.classification.reasons.join("\n")).toContain(`by the playbook's definition`);
    expect(d.classification.reasons.join("\n")).toContain(`“${quote}”`);
  });

  it("an outage that works again is not an outage now", () => {
    const d = decided("Nobody at Acme or Globex could log in this morning; it works again since 11:00");
    expect(all(d)).not.toContain("outage");
  });
});

describe("OctoAcme: a server error at one customer is Level 2", () => {
  it("one customer's 503 with nothing more severe: a bug for engineering, nothing else listed", () => {
    const d = decided("Only Vandelay's workspace returns 503 since their data migration; every other customer we checked is fine");
    expect(d.classification).toMatchObject({ severity: "engineering", category: "bug", alsoCategories: [], rules: ["server-error"] });
    expect(d.route.level).toBe("level2");
    expect(d.classification.reasons.join("\n")).toContain("“Confirmed bugs requiring code fixes”");
  });

  it("the 503s of an outage affecting multiple customers are its symptom: Level 2 is not told", () => {
    const d = decided("Production outage affecting multiple customers: dashboards return 503");
    expect(d.classification).toMatchObject({ category: "outage", alsoCategories: [] });
    expect(d.classification.rules).not.toContain("server-error");
  });
});

describe("OctoAcme: the customer asks to escalate", () => {
  it("the form's box moves no level: the issue decides, the passage says why", () => {
    const asked = decided("How do I export a report to CSV?", { customerRequested: true });
    const plain = decided("How do I export a report to CSV?");
    expect(asked.classification.customerRequested).toBe(true);
    expect(asked.route.level).toBe(plain.route.level);
    expect(asked.route.notify).toEqual(plain.route.notify);
    expect(asked.route.reasons.join("\n")).toContain("the playbook gives the request no level of its own");
    expect(asked.route.reasons.join("\n")).toContain("“Customer escalation requires leadership involvement” (When to Use)");
  });

  it("said in the agent's words, the request is recorded the same way", () => {
    const d = decided("Export times out for their 500k-row workspace; the customer wants this escalated to someone senior.");
    expect(d.classification.customerRequested).toBe(true);
    expect(d.classification.rules).toContain("customer-requests-escalation");
    expect(d.route.level).toBe("level2");
  });

  it("the agent escalating is not the customer asking", () => {
    expect(decided("Escalating to L2: export times out for their workspace").classification.customerRequested).toBe(false);
  });
});

describe("OctoAcme: counted customers and typos", () => {
  it("the form's count of customers (or linked escalations' customers) makes an outage affecting multiple customers", () => {
    const text = "Customers cannot log in to the web app since 10:15";
    expect(decided(text).classification.severity).not.toBe("critical");
    // Linked escalations about two customers: the count goes into the field, and the playbook decides again.
    const fields = multipleCustomersFields(policy, {}, 2);
    expect(fields).toEqual({ customers_affected: 2 });
    const d = decided(text, { fields: fields! });
    expect(d.classification).toMatchObject({ severity: "critical", category: "outage" });
    expect(d.route.level).toBe("level3");
    expect(multipleCustomersFields(policy, {}, 1)).toBeUndefined();
  });

  it("five or more customers counted in the text asking for a feature: product team review", () => {
    const d = decided("Six customers have asked for a Gantt chart export this quarter");
    expect(d.classification.category).toBe("feature-request");
    expect(d.classification.rules).toContain("feature-volume-counted");
    expect(d.route.notify).toContain("product-manager");
    expect(decided("Two customers have asked for a Gantt chart export").classification.rules).not.toContain("feature-volume-counted");
  });

  it("two letters swapped in a playbook word are read as that word, and the explanation says so", () => {
    const d = decided("custmer says they lsot all their data after the import yesterday");
    expect(d.classification.category).toBe("data-loss-security");
    expect(d.classification.reasons).toContain("read 'lsot' as 'lost' (letters swapped)");
  });
});
