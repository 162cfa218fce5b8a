/**
 * A simulation as plain data, the one shape `policy simulate --json` prints and the sandbox's "Try
 * the playbook" panel draws: instants as ISO strings, labels beside ids, and the playbook lines.
 */
import { explainDecision, type Decision } from "./decide.js";
import { describePrincipals, permissionsOf } from "./permissions.js";
import { category, categoryLabel, levelLabel, severityLabel, tierLabel } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";
import { showTime } from "./calendar-explain.js";
import { passagesFor } from "./decision-passages.js";
import type { CiteLines, PlaybookLine, Simulation } from "./simulate.js";

const iso = (ms: number) => new Date(ms).toISOString();

/** The decision as `policy explain --json` prints it. */
export function decisionJson(d: Decision, policy: Policy) {
  const c = d.classification;
  return {
    severity: { id: c.severity, label: severityLabel(policy, c.severity), suggested: c.suggestedSeverity, chosen: c.chosenSeverity ?? null },
    category: { id: c.category, label: categoryLabel(policy, c.category), suggested: c.suggestedCategory, chosen: c.chosenCategory ?? null },
    alsoCategories: c.alsoCategories.map((id) => ({ id, label: categoryLabel(policy, id) })),
    matched: c.matches.map((m) => ({ category: m.category, label: categoryLabel(policy, m.category), phrase: m.phrase, found: m.found })),
    tier: { id: c.tier, label: tierLabel(policy, c.tier) },
    level: { id: d.route.level, label: levelLabel(policy, d.route.level) },
    channels: d.route.channels,
    restricted: d.route.restricted,
    notify: d.route.notify,
    cc: d.route.cc,
    flags: d.route.flags.map((id) => ({ id, label: policy.flags[id] ?? id })),
    alsoLevels: d.route.alsoLevels,
    rules: c.rules,
    deadlines: {
      clock: d.deadlines.clock,
      firstResponse: iso(d.deadlines.firstResponse),
      nextUpdate: iso(d.deadlines.nextUpdate),
      resolution: iso(d.deadlines.resolution),
      levelBudget: d.deadlines.levelBudget === null ? null : iso(d.deadlines.levelBudget),
    },
    reasons: explainDecision(d),
    /** The playbook passages behind the decision (severity, categories, rules, level). */
    passages: passagesFor(policy, d),
    /** The policy's own assumptions (its # NOTE:s) on the entries that took part. */
    assumptions: d.assumptions,
    permissions: Object.fromEntries(
      Object.entries(permissionsOf(policy)).map(([action, who]) => [action, describePrincipals(who, { level: d.route.level, category: c.category }, policy)]),
    ),
  };
}

export interface SimulationReport {
  playbook: { name: string; file: string };
  openedAt: { iso: string; local: string };
  zone: string;
  severity: { id: string; label: string; suggested: string; chosen: string | null };
  category: { id: string; label: string; suggested: string; chosen: string | null };
  alsoCategories: { id: string; label: string }[];
  matched: { category: string; label: string; phrase: string; found: string }[];
  tier: { id: string; label: string };
  route: {
    level: { id: string; label: string };
    channels: string[];
    /** Details stay in the restricted categories' channels (listed first); the others only learn that something opened. */
    restricted: boolean;
    /** Where the details go when restricted (the restricted categories' channels); [] otherwise. */
    detailsOnlyIn: string[];
    notify: string[];
    cc: string[];
    alsoLevels: { id: string; label: string }[];
  };
  dms: { role: string; label: string }[];
  levelManager: { role: string; label: string } | null;
  pages: boolean;
  checklist: { id: string; label: string }[];
  deadlines: {
    kind: string;
    label: string;
    due: { iso: string; local: string };
    target: string;
    clock: { name: string; chosenBy: string };
    tierModifier: string | null;
    steps: { kind: string; text: string }[];
    lines: PlaybookLine[];
  }[];
  rules: string[];
  reasons: string[];
  passages: { what: string; section: string; quote: string }[];
  assumptions: string[];
  lines: PlaybookLine[];
}

/** The simulation with its playbook lines, as data. */
export function simulationReport(sim: Simulation, policy: Policy, cite: CiteLines): SimulationReport {
  const base = decisionJson(sim.decision, policy);
  const role = (id: string) => ({ role: id, label: policy.roles[id]?.label ?? id });
  const when = (ms: number) => ({ iso: iso(ms), local: showTime(ms, sim.zone) });
  return {
    playbook: { name: policy.name, file: policy.source },
    openedAt: when(sim.openedAt),
    zone: sim.zone,
    severity: base.severity,
    category: base.category,
    alsoCategories: base.alsoCategories,
    matched: base.matched,
    tier: base.tier,
    route: {
      level: base.level,
      channels: base.channels,
      restricted: base.restricted,
      detailsOnlyIn: base.restricted
        ? [...new Set([sim.decision.classification.category, ...sim.decision.classification.alsoCategories].map((id) => category(policy, id)).filter((c) => c.restricted).flatMap((c) => c.channels))]
        : [],
      notify: base.notify,
      cc: base.cc,
      alsoLevels: base.alsoLevels.map((id) => ({ id, label: levelLabel(policy, id) })),
    },
    dms: sim.dms.map(role),
    levelManager: sim.levelManager ? role(sim.levelManager) : null,
    pages: sim.pages,
    checklist: sim.checklist,
    deadlines: sim.deadlines.map((d) => ({
      kind: d.kind,
      label: d.label,
      due: when(d.due),
      target: d.target,
      clock: d.clock,
      tierModifier: d.tierModifier,
      steps: d.steps.map((s) => ({ kind: s.kind, text: s.text })),
      lines: cite(d.refs),
    })),
    rules: base.rules,
    reasons: sim.reasons,
    passages: base.passages,
    assumptions: base.assumptions,
    lines: cite(sim.refs),
  };
}
