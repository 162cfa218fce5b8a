import type { Policy } from "./playbook/model.js";
import { classify, type Classification, type ClassifyInput } from "./classify.js";
import { deadlines, type Deadlines } from "./deadlines.js";
import { route, type Route } from "./route.js";

/** Everything the playbook decides about a new escalation, with the reasons. */
export interface Decision {
  classification: Classification;
  route: Route;
  deadlines: Deadlines;
  /**
   * The policy file's own assumptions (its `# NOTE:`s) on the entries that took part: said with the
   * reasons, so nobody takes them for the playbook's words.
   */
  assumptions: string[];
}

/** A note is said in full up to this length; longer ones end with "…" (the post's "why" is short). */
const NOTE_MAX = 240;

/** The `# NOTE:`s of the entries behind this decision, as reasons: "assumed (category churn-risk): ...". */
export function assumptionsFor(policy: Policy, d: Omit<Decision, "assumptions">): string[] {
  const c = d.classification;
  const keys = [
    `severities/${c.severity}`,
    ...[c.category, ...c.alsoCategories].map((id) => `categories/${id}`),
    ...c.rules.map((id) => `rules/${id}`),
    `tiers/${c.tier}`,
    `levels/${d.route.level}`,
    ...(d.deadlines.clock !== "24x7" ? [`calendars/${d.deadlines.clock}`] : []),
    ...(c.customerRequested ? ["triggers"] : []),
    // The playbook's own words for customers and users, and where "a few users" ends, when a severity
    // definition read a number of users.
    ...(c.definition && c.reading.scope.some((s) => s === "few-users" || s === "users") ? ["reading"] : []),
  ];
  return [...new Set(keys)].flatMap((key) => {
    const note = policy.notes[key];
    if (!note) return [];
    const text = note.length > NOTE_MAX ? `${note.slice(0, NOTE_MAX - 1).trimEnd()}…` : note;
    return [`assumed by the policy, not the playbook (${key.replace("/", " ").replace(/ies /, "y ").replace(/s /, " ")}): ${text}`];
  });
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
  const decision = { classification, route: r, deadlines: d };
  return { ...decision, assumptions: policy.notes ? assumptionsFor(policy, decision) : [] };
}

/** All the reasons in the order they were decided, then the policy's assumptions that took part. */
export function explainDecision(d: Decision): string[] {
  return [...d.classification.reasons, ...d.route.reasons, ...d.deadlines.reasons, ...(d.assumptions ?? [])];
}
