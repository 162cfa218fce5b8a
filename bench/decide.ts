/**
 * 8. The decision engine alone: `decide()` (classification, route, deadlines) over the texts of the
 * decision cases written from each playbook (test/policies/cases), on that playbook, one call at a
 * time after a warm-up. The figure behind "decide in well under a millisecond per escalation".
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { decide } from "../src/domain/decide.js";
import type { ClassifyInput } from "../src/domain/classify.js";
import type { Policy } from "../src/domain/playbook/model.js";
import { loadPolicyFile } from "../src/policy/loader.js";
import { ms, num, printTable, scaled, summarize } from "./stats.js";
import type { Targets } from "./targets.js";

const CASES = fileURLToPath(new URL("../test/policies/cases/", import.meta.url));
const POLICIES = fileURLToPath(new URL("../policies/", import.meta.url));
const ROUNDS = scaled(50, 3);
const WARMUP_ROUNDS = scaled(5, 1);
/** "Well under a millisecond": the mean, since a collection now and then lands inside one call. */
const TARGET_MS = 0.5;
/** A Wednesday morning in Pacific business hours. */
const OPENED_AT = Date.parse("2026-04-15T17:00:00Z");

interface CaseFile {
  playbook: string;
  cases: { text: string; tier?: string; fields?: ClassifyInput["fields"]; customerRequested?: boolean }[];
}

export function benchDecide(targets: Targets): void {
  const rows = [["playbook", "texts", "decisions", "mean", "p50", "p99", "max"]];
  let worst = 0;
  for (const file of readdirSync(CASES).filter((f) => f.endsWith(".cases.yml")).sort()) {
    const doc = parse(readFileSync(join(CASES, file), "utf8")) as CaseFile;
    const policy: Policy = loadPolicyFile(join(POLICIES, doc.playbook));
    const inputs: ClassifyInput[] = doc.cases.map((c) => ({
      text: c.text,
      ...(c.tier ? { tier: c.tier } : {}),
      ...(c.fields ? { fields: c.fields } : {}),
      ...(c.customerRequested ? { customerRequested: true } : {}),
    }));
    for (let r = 0; r < WARMUP_ROUNDS; r++) for (const input of inputs) decide(input, policy, OPENED_AT);
    const samples: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const input of inputs) {
        const t0 = performance.now();
        decide(input, policy, OPENED_AT);
        samples.push(performance.now() - t0);
      }
    }
    const s = summarize(samples);
    worst = Math.max(worst, s.mean);
    rows.push([doc.playbook, num(inputs.length), num(samples.length), ms(s.mean), ms(s.p50), ms(s.p99), ms(s.max)]);
  }
  printTable(`8. decide() per escalation over the decision cases' texts, on their playbooks (${ROUNDS} rounds after ${WARMUP_ROUNDS} of warm-up)`, rows, [
    "one call at a time in this process: reading the text (phrases, scope and impact), the route and the deadlines",
  ]);
  targets.add({ section: 8, target: `decide mean ≤ ${TARGET_MS} ms on every playbook`, figure: `highest mean ${ms(worst)}`, met: worst <= TARGET_MS });
}
