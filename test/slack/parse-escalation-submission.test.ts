import { describe, expect, it } from "vitest";
import { parseEscalationSubmission, parseResolveSubmission } from "../../src/slack/parse-escalation-submission.js";
import { escalationValues } from "../support/harness.js";

describe("parseEscalationSubmission", () => {
  it("reads a complete form", () => {
    const parsed = parseEscalationSubmission(escalationValues({ contact: "  John Smith  " }));
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
    [{ severity: undefined }, "severity"],
    [{ severity: "sev9" }, "severity"],
    [{ tier: undefined }, "tier"],
  ])("%o → inline error on %s", (fields, block) => {
    const parsed = parseEscalationSubmission(escalationValues(fields));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.errors)).toContain(block);
  });

  it("answers garbage with an error instead of throwing", () => {
    expect(parseEscalationSubmission("nonsense").ok).toBe(false);
    expect(parseEscalationSubmission({ summary: { summary: { value: 3 } } }).ok).toBe(false);
  });
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
