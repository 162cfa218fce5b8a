import { expect } from "vitest";
import { parsePolicy, PolicyError } from "../../src/policy/loader.js";

const MINIMAL = [
  "name: Test playbook",
  "defaults: { severity: sev1, category: general, level: tier1, tier: standard }",
  "severities:",
  "  - { id: sev1, label: Sev 1, firstResponse: 15m, progressUpdate: 1h, resolution: 4h }",
  "tiers:",
  "  - { id: standard, label: Standard }",
  "levels:",
  '  - { id: tier1, label: Tier 1, channels: ["#tier1"] }',
];

/** The smallest playbook the loader accepts (8 lines). */
export const MINIMAL_PLAYBOOK = MINIMAL.join("\n") + "\n";

/**
 * The smallest playbook ending with the line `${section}:` (line 9), so a test of one setting
 * writes only that setting's lines and knows the line numbers of its errors.
 */
export function playbookWith(section: string): (...lines: string[]) => string {
  return (...lines) => [...MINIMAL, `${section}:`, ...lines].join("\n") + "\n";
}

/** The one problem the loader finds in `text` (it fails the test when there are none or several). */
export function onlyProblemOf(text: string, file: string) {
  try {
    parsePolicy(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    const e = err as PolicyError;
    expect(e.problems).toHaveLength(1);
    return { ...e.problems[0]!, message: e.message };
  }
  throw new Error("expected a PolicyError, but the playbook loaded");
}
