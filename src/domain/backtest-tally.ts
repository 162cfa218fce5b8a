import type { Replay, ReplaySide } from "./backtest.js";
import type { Verdict } from "./escalation-metrics.js";

/**
 * The backtest's figures, added up one replay at a time so that 100,000 escalations are never held
 * at once: counts, transitions, groups by severity (as opened) and tier, and the most affected few.
 */

export interface BreachDiff {
  /** Breaches that really happened. */
  before: number;
  /** Breaches under the new playbook. */
  after: number;
  gained: number;
  avoided: number;
}

export interface GroupFigures {
  escalations: number;
  severityChanged: number;
  routeChanged: number;
  firstResponse: BreachDiff;
  resolution: BreachDiff;
  updateMisses: { before: number; after: number };
  pages: { before: number; after: number };
  managerDms: { before: number; after: number };
}

export interface AffectedEscalation {
  id: number;
  /** Null for a restricted escalation: shown by id and "restricted" only. */
  customer: string | null;
  restricted: boolean;
  tier: string;
  severity: { before: string; after: string };
  changes: string[];
  weight: number;
}

export interface BacktestSummary {
  replayed: number;
  /** Escalations with any difference. */
  changed: number;
  agentChoseSeverity: number;
  agentChoseCategory: number;
  suggestionChanged: number;
  reclassifiedLater: number;
  /** "sev3 → sev2": how many, only where it changed. */
  severities: Record<string, number>;
  categories: Record<string, number>;
  levels: Record<string, number>;
  channelsChanged: number;
  overall: GroupFigures;
  bySeverity: Record<string, GroupFigures>;
  byTier: Record<string, GroupFigures>;
  mostAffected: AffectedEscalation[];
}

export const MOST_AFFECTED = 10;

const emptyDiff = (): BreachDiff => ({ before: 0, after: 0, gained: 0, avoided: 0 });
const emptyGroup = (): GroupFigures => ({
  escalations: 0,
  severityChanged: 0,
  routeChanged: 0,
  firstResponse: emptyDiff(),
  resolution: emptyDiff(),
  updateMisses: { before: 0, after: 0 },
  pages: { before: 0, after: 0 },
  managerDms: { before: 0, after: 0 },
});

function addVerdicts(diff: BreachDiff, before: Verdict | null, after: Verdict | null): void {
  if (before === "missed") diff.before++;
  if (after === "missed") diff.after++;
  if (before !== "missed" && after === "missed") diff.gained++;
  if (before === "missed" && after !== "missed") diff.avoided++;
}

const routeOf = (s: ReplaySide) => `${s.level}|${s.channels.join(",")}`;

function addToGroup(g: GroupFigures, r: Replay): void {
  const { before: b, after: a } = r;
  g.escalations++;
  if (b.severity !== a.severity) g.severityChanged++;
  if (routeOf(b) !== routeOf(a)) g.routeChanged++;
  addVerdicts(g.firstResponse, b.firstResponse, a.firstResponse);
  addVerdicts(g.resolution, b.resolution, a.resolution);
  g.updateMisses.before += b.updateMisses;
  g.updateMisses.after += a.updateMisses;
  if (b.paged) g.pages.before++;
  if (a.paged) g.pages.after++;
  g.managerDms.before += b.managerDms;
  g.managerDms.after += a.managerDms;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Comes first among the most affected: more weight, then the older escalation. */
const ahead = (x: AffectedEscalation, y: AffectedEscalation) => y.weight - x.weight || x.id - y.id;

export class BacktestTally {
  private readonly s: BacktestSummary = {
    replayed: 0,
    changed: 0,
    agentChoseSeverity: 0,
    agentChoseCategory: 0,
    suggestionChanged: 0,
    reclassifiedLater: 0,
    severities: {},
    categories: {},
    levels: {},
    channelsChanged: 0,
    overall: emptyGroup(),
    bySeverity: {},
    byTier: {},
    mostAffected: [],
  };

  add(r: Replay): void {
    const s = this.s;
    const { before: b, after: a } = r;
    s.replayed++;
    if (r.changes.length > 0) s.changed++;
    if (r.agentChoseSeverity) s.agentChoseSeverity++;
    if (r.agentChoseCategory) s.agentChoseCategory++;
    if (r.suggestionChanged) s.suggestionChanged++;
    if (r.reclassifiedLater) s.reclassifiedLater++;
    if (b.severity !== a.severity) bump(s.severities, `${b.severity} → ${a.severity}`);
    if (b.category !== a.category) bump(s.categories, `${b.category} → ${a.category}`);
    if (b.level !== a.level) bump(s.levels, `${b.level} → ${a.level}`);
    if (b.channels.join(",") !== a.channels.join(",")) s.channelsChanged++;
    addToGroup(s.overall, r);
    addToGroup((s.bySeverity[b.severity] ??= emptyGroup()), r);
    addToGroup((s.byTier[r.tier] ??= emptyGroup()), r);
    if (r.weight > 0) this.consider(r);
  }

  /** Keeps the ten most affected, in order; the rest are dropped as they come. */
  private consider(r: Replay): void {
    const list = this.s.mostAffected;
    const entry: AffectedEscalation = {
      id: r.id,
      customer: r.customer,
      restricted: r.restricted,
      tier: r.tier,
      severity: { before: r.before.severity, after: r.after.severity },
      changes: r.changes,
      weight: r.weight,
    };
    if (list.length === MOST_AFFECTED && ahead(entry, list[list.length - 1]!) >= 0) return;
    const at = list.findIndex((x) => ahead(entry, x) < 0);
    list.splice(at < 0 ? list.length : at, 0, entry);
    if (list.length > MOST_AFFECTED) list.pop();
  }

  summary(): BacktestSummary {
    return this.s;
  }
}
