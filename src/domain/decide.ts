import type { Policy } from "./playbook/model.js";
import { classify, type Classification, type ClassifyInput } from "./classify.js";
import { deadlines, type Deadlines } from "./deadlines.js";
import { route, type Route } from "./route.js";

/** Everything the playbook decides about a new escalation, with the reasons. */
export interface Decision {
  classification: Classification;
  route: Route;
  deadlines: Deadlines;
}

export function decide(input: ClassifyInput, policy: Policy, openedAt: number): Decision {
  const classification = classify(input, policy);
  const r = route(classification, policy);
  const d = deadlines(
    {
      severity: classification.severity,
      tier: classification.tier,
      category: classification.category,
      alsoCategories: classification.alsoCategories,
      level: r.level,
    },
    policy,
    openedAt,
  );
  return { classification, route: r, deadlines: d };
}

/** All the reasons in the order they were decided. */
export function explainDecision(d: Decision): string[] {
  return [...d.classification.reasons, ...d.route.reasons, ...d.deadlines.reasons];
}
