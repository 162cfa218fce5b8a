import { describe, expect, it } from "vitest";
import { parseEscalationSubmission, parseResolveSubmission } from "../../src/slack/parse-escalation-submission.js";
import { parseAmount } from "../../src/slack/parse-escalation-submission.js";
import { escalationValues } from "../support/harness.js";
import { fleetPolicy } from "../support/policy.js";

describe("parseEscalationSubmission", () => {
  it("reads a complete form", () => {
    const parsed = parseEscalationSubmission(escalationValues({ contact: "  John Smith  " }), fleetPolicy);
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({
        customer: "Acme Corp",
        tier: "enterprise",
        severity: "sev2",
        summary: "Drivers cannot upload inspection photos (NET-002)",
        customerContact: "John Smith",
        troubleshooting: undefined,
      }),
    });
  });

  it.each([
    [{ summary: "" }, "summary"],
    [{ summary: "   " }, "summary"],
    [{ summary: "broken" }, "summary"],
    [{ customer: "" }, "customer"],
    [{ severity: "sev9" }, "severity"],
    [{ customersAffected: "lots" }, "pf_customers_affected"],
    [{ tier: undefined }, "tier"],
  ])("%o → inline error on %s", (fields, block) => {
    const parsed = parseEscalationSubmission(escalationValues(fields), fleetPolicy);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors)).toContain(block);
  });

  it("answers garbage with an error instead of throwing", () => {
    expect(parseEscalationSubmission("nonsense", fleetPolicy).ok).toBe(false);
    expect(parseEscalationSubmission({ summary: { summary: { value: 3 } } }, fleetPolicy).ok).toBe(false);
  });
});

describe("the playbook's own fields", () => {
  it("reads numbers as agents type them, and leaves severity to the playbook when not chosen", () => {
    const parsed = parseEscalationSubmission(escalationValues({ severity: undefined, customersAffected: "12" }), fleetPolicy);
    expect(parsed.ok && parsed.value.fields).toEqual({ customers_affected: 12 });
    expect(parsed.ok && parsed.value.severity).toBeUndefined();
  });
  it.each([
    ["1200", 1200],
    ["$1,200", 1200],
    ["1,200.50", 1200.5],
    ["50k", 50000],
    ["€ 75", 75],
    ["lots", undefined],
    ["-5", undefined],
  ])("parseAmount(%s) = %s", (text, n) => expect(parseAmount(text)).toBe(n));
});

describe("parseResolveSubmission", () => {
  const v = (id: string, value: string | null) => ({ [id]: { [id]: { type: "plain_text_input", value } } });
  it("needs a resolution and a root cause", () => {
    expect(parseResolveSubmission({ ...v("resolution", "x"), ...v("root_cause", null) })).toMatchObject({ ok: false, errors: { root_cause: expect.any(String) } });
    expect(parseResolveSubmission({ ...v("resolution", "Fixed"), ...v("root_cause", "Bug"), ...v("prevention", "") })).toEqual({
      ok: true,
      value: { resolution: "Fixed", rootCause: "Bug", prevention: undefined },
    });
  });
});
