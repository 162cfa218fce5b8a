import { describe, expect, it } from "vitest";
import { amountNear } from "../../src/domain/text-amount.js";
import { classify } from "../../src/domain/classify.js";
import { parsePolicy } from "../../src/policy/loader.js";

const REFUND = ["refund", "reimburse"];

describe("amounts typed in the text", () => {
  it.each([
    ["Customer wants a refund of $850 for the unused months of their annual plan.", 850, "$850"],
    ["Customer asks for a refund of $1,450 for seats they paid for but never used.", 1450, "$1,450"],
    ["$600 refund requested for the duplicate seats", 600, "$600"],
    ["They want to be reimbursed 900 dollars for the downtime", 900, "900 dollars"],
    ["Refund: USD 2,000 (annual plan)", 2000, "USD 2,000"],
    ["Refund request of US$ 750.50 for March", 750.5, "US$ 750.50"],
    ["refund of about $1.2k for the add-on", 1200, "$1.2k"],
    // The amount nearest to the refund in its sentence, not the invoice's total.
    ["Their $2,400 invoice was paid; they want a refund of $300 for one seat.", 300, "$300"],
    ["Paid $2,400 for the year. They want a $300 refund for one unused seat.", 300, "$300"],
  ])("%j → %d", (text, value, found) => {
    expect(amountNear(text, REFUND)).toMatchObject({ value, found });
  });

  it.each([
    // No refund mentioned: an amount alone is not a refund.
    "Customer was charged twice for the annual renewal ($1,188 x2) on the same card.",
    // Negated: nobody asks for a refund.
    "Not asking for a refund of the $900, they just want the invoice corrected.",
    // Another sentence: the amount is not the refund's.
    "The plan costs $1,200 a year. The customer asks how refunds work.",
    // Not dollars, or not money: a threshold in dollars says nothing about these.
    "Customer wants a refund of €900 for March",
    "Refund for 850 seats is not possible",
  ])("%j → nothing", (text) => {
    expect(amountNear(text, REFUND)).toBeUndefined();
  });
});

const POLICY = `
name: Amounts
defaults: { severity: low, category: general, level: l1, tier: standard }
severities:
  - { id: high, label: High, firstResponse: 1h, progressUpdate: 1h, resolution: 4h }
  - { id: low, label: Low, firstResponse: 8h, progressUpdate: 1 day, resolution: 5 days }
tiers: [{ id: standard, label: Standard }]
levels:
  - { id: l1, label: Level 1, channels: ["#l1"] }
  - { id: billing, label: Billing, channels: ["#billing"] }
categories:
  - { id: financial, label: Financial, level: billing }
  - id: angry
    label: Angry customer
    match: [asks for a manager]
    minSeverity: high
    customerRequested: true
fields:
  - { id: refund_amount, label: Refund requested (USD), kind: number, fromText: [refund] }
rules:
  - id: big-refund
    reason: Refund over $500
    when: { field: refund_amount, above: 500 }
    then: { category: financial, minSeverity: high }
`;

describe("a number field read from the text (fromText)", () => {
  const policy = parsePolicy(POLICY, "amounts.yml");

  it("an amount typed next to the field's phrase meets the rule on that field, and says so", () => {
    const c = classify({ text: "Customer wants a refund of $850 for the unused months" }, policy);
    expect(c).toMatchObject({ severity: "high", category: "financial", rules: ["big-refund"] });
    // The rule's category replaces the playbook's default, which does not stay on as another category.
    expect(c.alsoCategories).toEqual([]);
    expect(c.reasons).toContain("read Refund requested (USD) = 850 from the text ('$850' next to 'refund')");
  });

  it("the form's value wins over the text, and a small amount in the text stays below the threshold", () => {
    expect(classify({ text: "Customer wants a refund of $850", fields: { refund_amount: 120 } }, policy).rules).toEqual([]);
    expect(classify({ text: "Customer wants a refund of $120" }, policy).rules).toEqual([]);
    expect(classify({ text: "Customer wants a refund of $850", fields: { refund_amount: "" } }, policy).rules).toEqual(["big-refund"]);
  });

  it("is refused on a field that is not a number", () => {
    expect(() => parsePolicy(POLICY.replace("kind: number, fromText", "kind: text, fromText"), "amounts.yml")).toThrow(/fromText.*kind: number/);
  });
});

describe("a category that applies when the customer asked for escalation (customerRequested)", () => {
  const policy = parsePolicy(POLICY, "amounts.yml");

  it("the form's box makes the category apply, as its phrases do", () => {
    const boxed = classify({ text: "Zapier trigger fires twice for every new task", customerRequested: true }, policy);
    expect(boxed).toMatchObject({ severity: "high", category: "angry", customerRequested: true });
    expect(boxed.reasons).toContain("customer asked for escalation → Angry customer");
    expect(classify({ text: "Zapier trigger fires twice, customer asks for a manager" }, policy).category).toBe("angry");
    expect(classify({ text: "Zapier trigger fires twice for every new task" }, policy)).toMatchObject({ severity: "low", category: "general" });
  });

  it("a rule's category keeps the category it replaces when the text spoke of it", () => {
    const c = classify({ text: "Customer asks for a manager and wants a refund of $850" }, policy);
    expect(c).toMatchObject({ category: "financial", alsoCategories: ["angry"] });
  });

  it("is another category beside a more severe one, not instead of it", () => {
    const c = classify({ text: "Customer wants a refund of $850", customerRequested: true }, policy);
    expect(c.category).toBe("financial");
    expect(c.alsoCategories).toEqual(["angry"]);
  });
});
