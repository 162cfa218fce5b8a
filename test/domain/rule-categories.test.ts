import { describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { parsePolicy, PolicyError } from "../../src/policy/loader.js";

/**
 * Rules that make a category apply (`then.addCategory`) and rules on the customer's request
 * (`when.customerRequested`), on a small playbook: a plan whose every ticket is a "VIP issue", and a
 * customer's request to escalate read as a complaint.
 */
const POLICY = [
  "name: Rule categories",
  "defaults: { severity: low, category: general, level: l1, tier: basic }",
  "severities:",
  "  - { id: critical, label: Critical, firstResponse: 15m, progressUpdate: 30m, resolution: 4h }",
  "  - { id: high, label: High, firstResponse: 1h, progressUpdate: 4h, resolution: 24h }",
  "  - { id: standard, label: Standard, firstResponse: 4h, progressUpdate: 1 day, resolution: 72h }",
  "  - { id: low, label: Low, firstResponse: 8h, progressUpdate: 1 day, resolution: 1 week }",
  "tiers: [{ id: basic, label: Basic }, { id: vip, label: VIP }]",
  "levels:",
  "  - { id: l1, label: L1, channels: ['#l1'] }",
  "  - { id: l2, label: L2, channels: ['#l2'] }",
  "  - { id: l3, label: L3, channels: ['#l3'] }",
  "roles:",
  "  ops: { label: Ops, emails: [ops@example.com] }",
  "  vp: { label: VP, emails: [vp@example.com] }",
  "  manager: { label: Manager, emails: [manager@example.com] }",
  "categories:",
  "  - { id: outage, label: Outage, match: [outage], minSeverity: critical, level: l3, notify: [ops] }",
  "  - { id: vip-issue, label: VIP issue, match: [sla missed], minSeverity: high, level: l2, channels: ['#vip'], notify: [vp] }",
  "  - { id: complaint, label: Complaint, match: [formal complaint], minSeverity: standard, level: l2, notify: [manager] }",
  "  - { id: bug, label: Bug, match: [broken], severity: low }",
  "rules:",
  "  - { id: vip, reason: Any VIP issue, when: { tier: [vip] }, then: { addCategory: vip-issue } }",
  "  - { id: asks, reason: The customer asks to escalate, when: { text: [customer asked to escalate] }, then: { customerRequested: true } }",
  "  - { id: asked, reason: A request to escalate is a complaint, when: { customerRequested: true }, then: { addCategory: complaint } }",
].join("\n");

const policy = parsePolicy(POLICY, "rule-categories.yml");
const run = (text: string, more: { tier?: string; customerRequested?: boolean; category?: string } = {}) => decide({ text, ...more }, policy, 0);

describe("a rule's addCategory: the category applies as if its words had matched", () => {
  it("is the primary when nothing else matched, with its minimum, level, channel and people", () => {
    const d = run("How do I export a board?", { tier: "vip" });
    expect(d.classification).toMatchObject({ category: "vip-issue", alsoCategories: [], severity: "high", rules: ["vip"] });
    expect(d.route).toMatchObject({ level: "l2", notify: ["vp"] });
    expect(d.route.channels).toContain("#vip");
    expect(d.classification.reasons).toContain("→ VIP issue");
  });

  it("stays beside a more severe primary: an outage for a VIP stays the outage, the VIP issue's people are told", () => {
    const d = run("Outage on the EU cluster", { tier: "vip" });
    expect(d.classification).toMatchObject({ category: "outage", alsoCategories: ["vip-issue"], severity: "critical" });
    expect(d.route.level).toBe("l3");
    expect(d.route.notify).toEqual(expect.arrayContaining(["ops", "vp"]));
    expect(d.classification.reasons).toContain("VIP issue also applies");
  });

  it("takes over from a less severe match, which stays as another category", () => {
    const d = run("Export is broken", { tier: "vip" });
    expect(d.classification).toMatchObject({ category: "vip-issue", alsoCategories: ["bug"], severity: "high" });
  });

  it("is not added twice when its own words matched too, and does nothing for other plans", () => {
    expect(run("Their SLA missed again", { tier: "vip" }).classification).toMatchObject({ category: "vip-issue", alsoCategories: [] });
    expect(run("How do I export a board?").classification).toMatchObject({ category: "general", severity: "low", rules: [] });
  });

  it("never replaces the agent's chosen category: it applies beside it", () => {
    const d = run("How do I export a board?", { tier: "vip", category: "bug" });
    expect(d.classification).toMatchObject({ category: "bug", alsoCategories: ["vip-issue"], severity: "high" });
  });

  it("an unknown category is refused with the rule's field", () => {
    expect(() => parsePolicy(POLICY.replace("addCategory: vip-issue", "addCategory: vip-isue"), "bad.yml")).toThrow(PolicyError);
    expect(() => parsePolicy(POLICY.replace("addCategory: vip-issue", "addCategory: vip-isue"), "bad.yml")).toThrow(/rules\[0\]\.then\.addCategory.*vip-isue/);
  });
});

describe("a rule on the customer's request (when.customerRequested)", () => {
  it("applies with the form's box alone", () => {
    const d = run("Gantt export cuts off the last column", { customerRequested: true });
    expect(d.classification).toMatchObject({ category: "complaint", severity: "standard", rules: ["asked"], customerRequested: true });
    expect(d.route.notify).toContain("manager");
  });

  it("applies when an earlier rule read the request in the text", () => {
    const d = run("Gantt export cuts off. Customer asked to escalate.");
    expect(d.classification).toMatchObject({ category: "complaint", rules: ["asks", "asked"], customerRequested: true });
  });

  it("does not apply when nobody asked", () => {
    expect(run("Gantt export cuts off the last column").classification).toMatchObject({ category: "general", rules: [], customerRequested: false });
  });

  it("can only be true", () => {
    expect(() => parsePolicy(POLICY.replace("when: { customerRequested: true }", "when: { customerRequested: false }"), "bad.yml")).toThrow(/customerRequested can only be true/);
  });
});
