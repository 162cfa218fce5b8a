import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decide, explainDecision } from "../../src/domain/decide.js";
import { loadPolicyFile, PolicyError } from "../../src/policy/loader.js";
import { shippedPolicy } from "../support/playbook-cases.js";

const PLAYBOOK = [
  "# Test playbook",
  "## Severities",
  "### Resolution SLA Details",
  "**Sev 1 - Critical:**",
  "- Production system down",
  "**Sev 2 - High:**",
  "- Single enterprise customer unable to use app",
  "## Escalation Triggers",
  "| Condition | Escalate To |",
  "|-----------|-------------|",
  "| Customer requests escalation | Next tier + Support Manager |",
].join("\n");

/** A small playbook with passages; `extra` lines are appended, `source` replaces the source line. */
function policyText(opts: { source?: string | null; sev2Quote?: string; sev2Section?: string } = {}): string {
  return [
    "name: Passages",
    ...(opts.source === null ? [] : [`source: ${opts.source ?? "playbook.md"}`]),
    "# NOTE: the reading of 'a few users' is ours.",
    "reading: { fewUsers: 3 }",
    "defaults: { severity: sev2, category: general, level: tier2, tier: standard }",
    "severities:",
    "  - id: sev1",
    "    label: Sev 1",
    "    firstResponse: 15m",
    "    progressUpdate: 1h",
    "    resolution: 4h",
    "    definitions:",
    "      - { impact: [unusable], scope: [everyone], passage: { section: Resolution SLA Details, quote: Production system down } }",
    "  - id: sev2",
    "    label: Sev 2",
    "    firstResponse: 2h",
    "    progressUpdate: 4h",
    "    resolution: 8h",
    "    # NOTE: Sev 2 is the default, which the playbook does not say.",
    `    passage: { section: ${opts.sev2Section ?? "Resolution SLA Details"}, quote: ${opts.sev2Quote ?? "Single enterprise customer unable to use app"} }`,
    "tiers: [{ id: standard, label: Standard }]",
    "levels:",
    "  - { id: tier1, label: Tier 1, channels: ['#t1'] }",
    "  - { id: tier2, label: Tier 2, channels: ['#t2'] }",
    "  - { id: tier3, label: Tier 3, channels: ['#t3'] }",
    "triggers:",
    "  customerRequestFrom: tier1",
    "  customerRequestPassage: { section: Escalation Triggers, quote: 'Customer requests escalation | Next tier + Support Manager' }",
  ].join("\n");
}

function write(text: string, withPlaybook = true): string {
  const dir = mkdtempSync(join(tmpdir(), "passages-"));
  if (withPlaybook) writeFileSync(join(dir, "playbook.md"), PLAYBOOK);
  const file = join(dir, "policy.yml");
  writeFileSync(file, text);
  return file;
}

const problems = (file: string): string => {
  try {
    loadPolicyFile(file);
  } catch (err) {
    if (err instanceof PolicyError) return err.message;
    throw err;
  }
  return "";
};

describe("passages checked against the playbook named by source:", () => {
  it("loads when every quote is in its section (Markdown bold and table bars aside)", () => {
    expect(problems(write(policyText()))).toBe("");
  });

  it("a quote that is not in its section names the file, the field and where the words are", () => {
    const msg = problems(write(policyText({ sev2Section: "Escalation Triggers" })));
    expect(msg).toMatch(/policy\.yml:\d+:\d+ severities\[1\]\.passage\.quote: 'Single enterprise customer unable to use app' is not in section 'Escalation Triggers' of playbook\.md; quote the playbook's words exactly \(it is under 'Resolution SLA Details'\)/);
  });

  it("a misquote and an unknown section are refused with the fix", () => {
    expect(problems(write(policyText({ sev2Quote: "Single customer unable to use app" })))).toContain("severities[1].passage.quote: 'Single customer unable to use app' is not in section");
    expect(problems(write(policyText({ sev2Section: "Severity Matrix" })))).toContain("severities[1].passage.section: no section 'Severity Matrix' in playbook.md; use a heading of the playbook");
  });

  it("a declared playbook that is missing is an error; with no source: passages are not checked", () => {
    expect(problems(write(policyText(), false))).toMatch(/source: cannot read the playbook text 'playbook\.md' .*file not found; write its path relative to this file, or remove source:/);
    expect(problems(write(policyText({ source: null, sev2Quote: "anything at all" }), false))).toBe("");
  });

  it("the shipped Fleet playbook carries a passage on every severity, tier, level, category and rule", () => {
    const p = shippedPolicy("fleet-management.yml");
    const missing = [...p.severities, ...p.tiers, ...p.levels, ...p.categories, ...p.rules].filter((x) => !x.passage).map((x) => x.id);
    expect(missing).toEqual([]);
    expect(p.severities.flatMap((s) => s.definitions).every((d) => d.passage)).toBe(true);
  });
});

describe("the policy's assumptions and the customer's request", () => {
  const policy = loadPolicyFile(write(policyText()));

  it("keeps each # NOTE: with its entry and says it when the entry decides", () => {
    expect(policy.notes["severities/sev2"]).toBe("Sev 2 is the default, which the playbook does not say.");
    expect(policy.notes.reading).toBe("the reading of 'a few users' is ours.");
    const d = decide({ text: "The export is wrong" }, policy, 0);
    expect(explainDecision(d)).toContain("assumed by the policy, not the playbook (severity sev2): Sev 2 is the default, which the playbook does not say.");
    const sev1 = decide({ text: "Nothing loads for anyone" }, policy, 0);
    expect(sev1.classification.severity).toBe("sev1");
    expect(sev1.assumptions).toEqual([]);
    expect(explainDecision(sev1)).toContain("Sev 1 by the playbook's definition (read: unusable ('Nothing loads'), everyone ('anyone')) — “Production system down” (Resolution SLA Details)");
  });

  it("'next tier' counted from the level the playbook names: Tier 1 → Tier 2, never a second step", () => {
    const asked = decide({ text: "Export is wrong", customerRequested: true }, policy, 0);
    expect(asked.route.level).toBe("tier2");
    expect(asked.route.reasons[0]).toContain("the next tier from Tier 1 is Tier 2, where it starts already");
    expect(asked.route.reasons.join(" ")).toContain("“Customer requests escalation | Next tier + Support Manager” (Escalation Triggers)");
  });
});
