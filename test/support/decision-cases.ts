import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Decision } from "../../src/domain/decide.js";
import type { FieldValue } from "../../src/domain/classify.js";

/** One case of test/policies/cases/*.cases.yml (see the README there). */
export interface DecisionCase {
  name: string;
  text: string;
  tier?: string;
  fields?: Record<string, FieldValue>;
  customerRequested?: boolean;
  expect: {
    severity: string;
    category?: string;
    alsoCategories?: string[];
    level?: string;
    channels?: string[];
    notify?: string[];
  };
  passage?: { section: string; quote: string };
  ambiguous?: string;
}

export interface CaseFile {
  file: string;
  playbook: string;
  cases: DecisionCase[];
}

export const CASES_DIR = new URL("../policies/cases/", import.meta.url).pathname;

export function caseFiles(): CaseFile[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith(".cases.yml"))
    .sort()
    .map((file) => {
      const doc = parse(readFileSync(`${CASES_DIR}${file}`, "utf8")) as { playbook: string; cases: DecisionCase[] };
      return { file, playbook: doc.playbook, cases: doc.cases };
    });
}

/** What differs between the decision and what the case expects; [] when the case is met. */
export function caseMisses(d: Decision, e: DecisionCase["expect"]): string[] {
  const c = d.classification;
  const misses: string[] = [];
  if (c.severity !== e.severity) misses.push(`severity ${c.severity} (expected ${e.severity})`);
  if (e.category && c.category !== e.category) misses.push(`category ${c.category} (expected ${e.category})`);
  for (const a of e.alsoCategories ?? []) if (c.category !== a && !c.alsoCategories.includes(a)) misses.push(`${a} does not apply`);
  if (e.level && d.route.level !== e.level) misses.push(`level ${d.route.level} (expected ${e.level})`);
  for (const ch of e.channels ?? []) if (!d.route.channels.includes(ch)) misses.push(`${ch} not told`);
  for (const n of e.notify ?? []) if (!d.route.notify.includes(n) && !d.route.cc.includes(n)) misses.push(`${n} not notified`);
  return misses;
}

/** test/policies/cases/unmet.yml: playbook file → case name → why it is not met yet. */
export function unmetList(): Record<string, Record<string, string>> {
  const doc = parse(readFileSync(`${CASES_DIR}unmet.yml`, "utf8")) as Record<string, Record<string, string> | null> | null;
  return Object.fromEntries(Object.entries(doc ?? {}).map(([k, v]) => [k, v ?? {}]));
}
