import type { Passage, Policy } from "./playbook/model.js";
import type { Decision } from "./decide.js";

/** The passages behind a decision, in the order they mattered: severity, categories, rules, level, the customer's request. */
export function passagesFor(policy: Policy, d: Decision): { what: string; section: string; quote: string }[] {
  const c = d.classification;
  const out: { what: string; section: string; quote: string }[] = [];
  const add = (what: string, p: Passage | undefined) => {
    if (p && !out.some((x) => x.section === p.section && x.quote === p.quote)) out.push({ what, ...p });
  };
  const sev = policy.severities.find((s) => s.id === c.severity);
  if (c.definition && c.definition.severity === c.severity) add(`severity ${c.severity} (definition)`, sev?.definitions[c.definition.index]?.passage);
  add(`severity ${c.severity}`, sev?.passage);
  for (const id of [c.category, ...c.alsoCategories]) add(`category ${id}`, policy.categories.find((x) => x.id === id)?.passage);
  for (const id of c.rules) add(`rule ${id}`, policy.rules.find((x) => x.id === id)?.passage);
  add(`level ${d.route.level}`, policy.levels.find((l) => l.id === d.route.level)?.passage);
  if (c.customerRequested) add("customer asked for escalation", policy.triggers.customerRequestPassage);
  return out;
}
