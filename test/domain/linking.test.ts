import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { distinctCustomers, linkRefusalText, linkTarget, multipleCustomersFields, severityToMatch, wouldCycle } from "../../src/domain/linking.js";
import type { Policy } from "../../src/domain/playbook/model.js";
import { playbookChoiceWith, reclassify } from "../../src/domain/reclassify.js";
import { loadPolicyFile, parsePolicy } from "../../src/policy/loader.js";
import { fleetPolicy } from "../support/policy.js";

type Row = { id: number; status: "open" | "acknowledged" | "resolved"; parentId: number | null };
const row = (id: number, parentId: number | null = null, status: Row["status"] = "open"): Row => ({ id, status, parentId });

describe("cycle detection", () => {
  const parents = new Map<number, number | null>([
    [1, null],
    [2, 1],
    [3, 2],
    [7, 8],
    [8, 7], // a loop in stored data must still end
  ]);
  it.each([
    ["linking 1 under its grandchild 3", 1, 3, true],
    ["linking 1 under its child 2", 1, 2, true],
    ["linking 3 under 1 (already its root)", 3, 1, false],
    ["linking 5 under 3", 5, 3, false],
    ["linking 1 under itself", 1, 1, true],
    ["a stored loop that does not reach 5", 5, 7, false],
  ])("%s → %s", (_, id, start, cycles) => {
    expect(wouldCycle(id, start, (x) => parents.get(x))).toBe(cycles);
  });
});

describe("where a link goes", () => {
  it.each([
    ["itself", row(1), row(1), undefined, [], { refused: "self" }],
    ["its own child", row(1), row(2, 1), row(1), [2], { refused: "cycle", via: 2 }],
    ["a resolved one", row(1), row(2, null, "resolved"), undefined, [], { refused: "resolved", target: 2 }],
    ["from a child", row(3, 1), row(2), undefined, [], { refused: "already_linked", parent: 1 }],
    ["from a parent", row(1), row(5), undefined, [2, 3], { refused: "has_children", children: [2, 3] }],
    ["to an open one", row(2), row(1), undefined, [], { parentId: 1 }],
    ["to a child: its root instead", row(4), row(2, 1), row(1), [], { parentId: 1, viaChild: 2 }],
    ["to a child whose root is resolved", row(4), row(2, 1), row(1, null, "resolved"), [], { refused: "resolved", target: 1 }],
  ] as const)("%s", (_, child, chosen, root, children, expected) => {
    expect(linkTarget(child, chosen, root, children)).toEqual(expected);
  });

  it("every refusal reads as a reason", () => {
    expect(linkRefusalText({ refused: "self" }, 2, 2)).toBe("ESC-0002 cannot be the same issue as itself: choose another escalation.");
    expect(linkRefusalText({ refused: "cycle", via: 2 }, 1, 2)).toContain("ESC-0002 is already linked to ESC-0001: linking back would make a circle");
    expect(linkRefusalText({ refused: "resolved", target: 3 }, 4, 3)).toContain("ESC-0003 is already resolved");
    expect(linkRefusalText({ refused: "has_children", children: [2] }, 1, 5)).toContain("link ESC-0005 to ESC-0001 instead");
  });
});

describe("the parent's severity", () => {
  it.each([
    ["a more severe child raises it", "sev3", ["sev2"], "sev2"],
    ["the most severe of several", "sev3", ["sev4", "sev1", "sev2"], "sev1"],
    ["a less severe child leaves it", "sev2", ["sev3"], undefined],
    ["an equal one leaves it", "sev2", ["sev2"], undefined],
    ["no children", "sev2", [], undefined],
    ["a severity the playbook no longer has is ignored", "sev3", ["sev0"], undefined],
  ])("%s", (_, parent, children, expected) => {
    expect(severityToMatch(fleetPolicy, parent, children)).toBe(expected);
  });
});

describe("the multiple-customers threshold", () => {
  it("counts customers, not escalations: spacing and case do not make another", () => {
    expect(distinctCustomers(["Acme Corp", " acme  corp ", "ACME CORP"])).toBe(1);
    expect(distinctCustomers(["Acme Corp", "Beta Inc", ""])).toBe(2);
  });

  it.each([
    ["one customer is not several", {}, 1, undefined],
    ["two reach Fleet's threshold", {}, 2, { customers_affected: 2 }],
    ["a higher count typed by hand stays", { customers_affected: 5 }, 3, undefined],
    ["a lower count typed by hand is raised", { customers_affected: 1, refund_amount: 10 }, 3, { customers_affected: 3, refund_amount: 10 }],
  ])("%s", (_, fields, customers, expected) => {
    expect(multipleCustomersFields(fleetPolicy, fields, customers)).toEqual(expected);
  });

  it("is off for a playbook without the rule, and follows the playbook's own count", () => {
    const off: Policy = { ...fleetPolicy, linking: {} };
    expect(multipleCustomersFields(off, {}, 10)).toBeUndefined();
    const three: Policy = { ...fleetPolicy, linking: { multipleCustomers: { at: 3, field: "customers_affected" } } };
    expect(multipleCustomersFields(three, {}, 2)).toBeUndefined();
    expect(multipleCustomersFields(three, {}, 3)).toEqual({ customers_affected: 3 });
  });

  it("the count decides again through the playbook's own rule: Fleet tells Tier 3, SaaS calls it an outage", () => {
    const base = {
      id: 1, status: "open", severity: "sev3", tier: "standard", category: "general", alsoCategories: [], level: "tier1", summary: "Uploads fail",
      impact: null, errorMessages: null, reproSteps: null, sentiment: null, fields: {}, customerRequested: false, channels: ["#fleet-support-tier1"],
      channel: "#fleet-support-tier1", restricted: false, flags: [], reopenedAt: null, createdAt: 0, levelSince: 0, pausedMs: 0, lastUpdateAt: null,
      acknowledgedBy: null, firstResponseDue: 0, breachedAt: null, messageChannelId: null, messageTs: null, suggestedSeverity: "sev3", suggestedCategory: "general",
    } as unknown as Parameters<typeof reclassify>[0];
    const fleet = reclassify(base, { severity: "sev3", category: "general", fields: { customers_affected: 2 } }, "U1", "2 customers linked", 0, fleetPolicy);
    if ("refused" in fleet) throw new Error(fleet.refused);
    expect(fleet.changes.flags).toContain("related-tickets");
    expect(fleet.newReasons.join(" ")).toContain("More than one customer affected");
    expect(fleet.changes.reclassification).toBeUndefined();

    const saas = loadPolicyFile("policies/saas-escalation-policies.yml");
    expect(saas.linking.multipleCustomers).toEqual({ at: 2, field: "customers_reporting" });
    // The generic procedure's Manual Escalation "Issue affects multiple customers": the owner's checklist item.
    const generic = loadPolicyFile("policies/generic-levels.yml");
    expect(generic.linking.multipleCustomers).toEqual({ at: 2, field: "customers_affected" });
    const sync = { ...base, severity: "p3", suggestedSeverity: "p3", category: "technical", suggestedCategory: "technical", tier: "standard", level: "level2", summary: "Calendar sync errors" };
    const linked = reclassify(sync, { severity: "p3", category: "technical", fields: { customers_affected: 2 } }, "U1", "2 customers linked", 0, generic);
    if ("refused" in linked) throw new Error(linked.refused);
    expect(linked.changes.flags).toContain("multiple-customers");
    // Left out: no count is written.
    const genericText = readFileSync("policies/generic-levels.yml", "utf8");
    const none = parsePolicy(genericText.replace(/^linking:\n  multipleCustomers: .*\n/m, ""), "policies/generic-levels.yml");
    expect(none.linking.multipleCustomers).toBeUndefined();
    // SaaS: "Multiple customers reporting same issue" makes it a Critical service outage, as the playbook would at opening.
    const login = { ...base, severity: "standard", suggestedSeverity: "standard", category: "general", suggestedCategory: "general", tier: saas.tiers[0]!.id, summary: "Login page errors for users", channels: ["#support-escalations"], channel: "#support-escalations" };
    expect(playbookChoiceWith(login, { customers_reporting: 2 }, saas)).toEqual({ severity: "critical", category: "outage" });
    expect(playbookChoiceWith(login, { customers_reporting: 1 }, saas)).toEqual({ severity: "standard", category: "general" });
    // A category a person chose stays theirs; a severity is never lowered.
    expect(playbookChoiceWith({ ...login, category: "technical" }, { customers_reporting: 2 }, saas).category).toBe("technical");
    // Fleet's rule only routes: what the playbook suggests for the text stays what it was.
    const uploads = { ...base, severity: "sev2", category: "bug", suggestedCategory: "bug" };
    expect(playbookChoiceWith(uploads, { customers_affected: 2 }, fleetPolicy)).toEqual({ severity: "sev2", category: "bug" });
    // Unchanged values are still refused as unchanged.
    expect(reclassify(base, { severity: "sev3", category: "general", fields: {} }, "U1", "nothing", 0, fleetPolicy)).toEqual({ refused: "unchanged" });
  });
});
