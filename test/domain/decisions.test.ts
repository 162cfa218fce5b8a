import { describe, expect, it } from "vitest";
import { decide, explainDecision } from "../../src/domain/decide.js";
import { levelsAbove, nextLevel } from "../../src/domain/playbook/lookup.js";
import { loadPolicyFile } from "../../src/policy/loader.js";

/** The decision engine on a small playbook of its own (test/fixtures/decisions.yml). */
const policy = loadPolicyFile(new URL("../fixtures/decisions.yml", import.meta.url).pathname);
const T0 = Date.parse("2026-04-15T17:00:00Z");
const MIN = 60_000;

describe("every matching category counts", () => {
  it("makes the most severe the primary; the others add their team, people, flags and targets", () => {
    const d = decide({ text: "The app crashes on the invoices page and the customer wants a refund" }, policy, T0);
    expect(d.classification.category).toBe("bug"); // High beats Normal
    expect(d.classification.alsoCategories).toEqual(["billing"]);
    expect(d.classification.matches.map((m) => [m.category, m.found])).toEqual([["billing", "refund"], ["bug", "crashes"]]);
    expect(d.route.level).toBe("tech");
    expect(d.route.alsoLevels).toEqual(["billing"]);
    expect(d.route.channels).toEqual(["#tech", "#billing"]);
    expect(d.route.notify).toEqual(["tech", "billing", "lead"]);
    expect(d.route.flags).toEqual(["attach-logs"]);
    // Billing's 30 min first response is earlier than High's 1 h: never a slower promise.
    expect(d.deadlines.firstResponse).toBe(T0 + 30 * MIN);
    expect(explainDecision(d)).toEqual(expect.arrayContaining(["primary: Bug (the most severe match); also Billing", "Billing also applies: tells Billing team; notifies billing"]));
  });

  it("keeps the escalation restricted when any applying category is, even one the agent did not choose", () => {
    const d = decide({ text: "A customer says their invoices leaked to another account", category: "billing" }, policy, T0);
    expect(d.classification.category).toBe("billing");
    expect(d.classification.alsoCategories).toEqual(["security"]);
    expect(d.classification.severity).toBe("urgent");
    expect(d.route.restricted).toBe(true);
    expect(d.route.channels[0]).toBe("#security-private");
    expect(d.route.channels).toContain("#billing");
  });

  it("lets a rule make another category the primary, keeping the first as an also-category", () => {
    const d = decide({ text: "Crash on checkout", fields: { refund_amount: 2500 } }, policy, T0);
    expect(d.classification.category).toBe("billing");
    expect(d.classification.alsoCategories).toEqual(["bug"]);
    expect(d.classification.rules).toEqual(["big-refund", "high-bug-to-lead"]);
    expect(d.route.flags).toEqual(["attach-logs", "finance-approval"]);
  });
});

describe("phrases as phrases", () => {
  it.each([
    ["We are about to breach the SLA on this ticket", "general"],
    ["SLA breaches on three tickets this week", "general"],
    ["A breach has been ruled out; the app crashes on login", "bug"],
    ["No breach, but the export throws an error", "bug"],
    ["Customer data may have leaked to another tenant", "security"],
  ])("%j → %s", (text, category) => {
    expect(decide({ text }, policy, T0).classification.category).toBe(category);
  });
});

describe("rules run on the final severity and category", () => {
  it("drops a severity rule when the agent chooses a lower severity, and says so", () => {
    const suggested = decide({ text: "The app crashes" }, policy, T0);
    expect(suggested.classification.rules).toEqual(["high-bug-to-lead"]);
    expect(suggested.route.notify).toContain("lead");
    const chosen = decide({ text: "The app crashes", severity: "p3" }, policy, T0);
    expect(chosen.classification).toMatchObject({ severity: "normal", suggestedSeverity: "high", chosenSeverity: "normal", rules: [] });
    expect(chosen.route.notify).not.toContain("lead");
    expect(chosen.classification.reasons).toEqual(expect.arrayContaining(["agent chose Normal (suggested High)", "no longer applies on the agent's choice: high-bug-to-lead"]));
  });

  it("runs a rule the suggestion did not reach when the agent's choice meets it", () => {
    const d = decide({ text: "Typo on the settings page", category: "bug", severity: "high" }, policy, T0);
    expect(d.classification).toMatchObject({ category: "bug", suggestedCategory: "general", severity: "high", suggestedSeverity: "normal", rules: ["high-bug-to-lead"] });
    expect(d.route.level).toBe("tech");
    expect(d.classification.reasons).toContain("on the agent's choice: A High bug: the lead hears of it");
  });

  it("raises severity to a chosen category's minimum when the agent chose no severity", () => {
    const d = decide({ text: "Typo on the settings page", category: "bug" }, policy, T0);
    expect(d.classification).toMatchObject({ severity: "high", suggestedSeverity: "normal" });
  });
});

describe("escalation paths", () => {
  it("follows each level's next, by severity, and ends at the top", () => {
    expect(nextLevel(policy, "frontline", "normal")?.id).toBe("tech");
    expect(nextLevel(policy, "frontline", "urgent")?.id).toBe("leadership");
    expect(nextLevel(policy, "tech", "normal")?.id).toBe("leadership");
    expect(nextLevel(policy, "leadership", "urgent")).toBeUndefined();
    // A team is never handed to an unrelated team.
    expect(levelsAbove(policy, "tech", "high").map((l) => l.id)).toEqual(["leadership"]);
    expect(levelsAbove(policy, "frontline", "high").map((l) => l.id)).toEqual(["tech", "leadership"]);
  });

  it("starts one step along the path when the customer asked for escalation", () => {
    expect(decide({ text: "everything is down", customerRequested: true }, policy, T0).route.level).toBe("leadership");
    expect(decide({ text: "Slow dashboard", customerRequested: true }, policy, T0).route.level).toBe("tech");
  });

  it("takes the text's word that the customer asked, once, even when the form's box says so too", () => {
    const fromText = decide({ text: "Slow dashboard; the customer asked us to escalate" }, policy, T0);
    expect(fromText.classification).toMatchObject({ customerRequested: true, rules: ["customer-asks"] });
    expect(fromText.route.level).toBe("tech");
    const both = decide({ text: "Slow dashboard; the customer asked us to escalate", customerRequested: true }, policy, T0);
    expect(both.route.level).toBe("tech"); // one step, not two
  });
});

describe("checklist", () => {
  it("collects the tier's, categories' and rules' flags", () => {
    const d = decide({ text: "The app crashes", tier: "vip", fields: { refund_amount: 5000 } }, policy, T0);
    expect(d.route.flags).toEqual(["call-customer", "attach-logs", "finance-approval"]);
  });
});
