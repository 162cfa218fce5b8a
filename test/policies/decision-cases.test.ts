import { afterAll, describe, expect, it } from "vitest";
import { decide } from "../../src/domain/decide.js";
import { caseFiles, caseMisses, unmetList } from "../support/decision-cases.js";
import { shippedPolicy } from "../support/playbook-cases.js";

/**
 * Every case of test/policies/cases/*.cases.yml through decide(), one test per case, with a ratchet:
 * test/policies/cases/unmet.yml lists, per playbook, the cases the engine does not meet yet and why.
 * A listed case that now passes fails (take it off the list: the list only shrinks); a case not
 * listed that fails fails with what differs.
 */
const OPENED = Date.parse("2026-04-15T17:00:00Z");
const unmet = unmetList();
const tally: Record<string, { met: number; total: number }> = {};

for (const { file, playbook, cases } of caseFiles()) {
  const policy = shippedPolicy(playbook);
  const waived = unmet[playbook] ?? {};
  tally[playbook] = { met: 0, total: cases.length };
  describe(file, () => {
    it("lists only cases of its file in unmet.yml", () => {
      const names = new Set(cases.map((c) => c.name));
      expect(Object.keys(waived).filter((n) => !names.has(n))).toEqual([]);
    });
    for (const c of cases) {
      it(c.name, () => {
        const d = decide({ text: c.text, tier: c.tier, fields: c.fields, customerRequested: c.customerRequested }, policy, OPENED);
        const misses = caseMisses(d, c.expect);
        if (misses.length === 0) tally[playbook]!.met++;
        if (c.name in waived) {
          expect(misses, `'${c.name}' is met now: take it off test/policies/cases/unmet.yml`).not.toEqual([]);
        } else {
          expect(misses, `${playbook}: '${c.name}' (${c.passage ? `“${c.passage.quote}”, ${c.passage.section}` : "no passage"})`).toEqual([]);
        }
      });
    }
  });
}

afterAll(() => {
  const lines = Object.entries(tally).map(([playbook, t]) => `  ${playbook}: ${t.met}/${t.total} met`);
  console.log(`decision cases\n${lines.join("\n")}`);
});
