import type { Policy, TargetSpec } from "./playbook/model.js";
import { addSlaDuration, type BusinessCalendar } from "./business-calendar.js";
import { category, level, severity, tier } from "./playbook/lookup.js";
import { formatSlaDuration, scaleSlaDuration, type SlaDuration } from "./sla-duration.js";

export type TargetKind = "firstResponse" | "progressUpdate" | "resolution";

export interface Deadlines {
  /** "24x7" or the calendar the clocks run on. */
  clock: string;
  firstResponse: number;
  nextUpdate: number;
  resolution: number;
  /** When the current level's time budget runs out; null when the level has none. */
  levelBudget: number | null;
  /** The progress-update cadence, for the reminders that follow the first one. */
  updateEvery: SlaDuration;
  /** The target that set each deadline, for explanations (policy simulate). */
  targets: Record<TargetKind | "levelBudget", ChosenTarget | null>;
  reasons: string[];
}

/** Where a deadline's duration came from: the playbook entry, its own duration, and the tier's. */
export interface ChosenTarget {
  /** The playbook entry whose target it is. */
  origin: { section: "severities" | "categories" | "levels"; id: string; key: TargetKind | "firstResponse" | "budget" };
  /** As written, before the tier's modifier. */
  written: SlaDuration | null;
  /** As counted for this tier. */
  duration: SlaDuration;
  /** The tier's factor when it changed the duration. */
  factor: number | null;
  why: string;
}

export interface DeadlineSubject {
  severity: string;
  tier: string;
  category: string;
  /** The other categories that apply: their targets count too (never a slower promise). */
  alsoCategories?: readonly string[];
  level: string;
}

/** The calendar (or null for 24/7) whose hours count toward an escalation's targets. */
export function clockFor(subject: Pick<DeadlineSubject, "severity" | "tier">, policy: Policy): { name: string; calendar: BusinessCalendar | null } {
  const name = tier(policy, subject.tier).clock ?? severity(policy, subject.severity).clock ?? policy.defaults.clock;
  return { name, calendar: name === "24x7" ? null : (policy.calendars[name] ?? null) };
}

interface Candidate {
  source: string;
  spec: TargetSpec;
  origin: ChosenTarget["origin"];
}

function isPlainDuration(spec: TargetSpec): spec is SlaDuration {
  return typeof (spec as SlaDuration).unit === "string";
}

/** One target for this tier: a tier table's own entry, or the plain duration scaled by the tier's factor. */
function resolveTarget(c: Candidate, kind: TargetKind, tierId: string, policy: Policy): { d: SlaDuration; why: string; written: SlaDuration | null; factor: number | null } {
  const t = tier(policy, tierId);
  if (!isPlainDuration(c.spec)) {
    const d = c.spec[tierId]!;
    return { d, why: `${c.source} for ${t.label}: ${formatSlaDuration(d)}`, written: null, factor: null };
  }
  if (t.factor !== 1 && t.factorAppliesTo.includes(kind)) {
    const d = scaleSlaDuration(c.spec, t.factor);
    return { d, why: `${c.source} ${formatSlaDuration(c.spec)} × ${t.factor} (${t.label}) = ${formatSlaDuration(d)}`, written: c.spec, factor: t.factor };
  }
  return { d: c.spec, why: `${c.source}: ${formatSlaDuration(c.spec)}`, written: c.spec, factor: null };
}

const chosen = (c: Candidate, r: ReturnType<typeof resolveTarget>): ChosenTarget => ({ origin: c.origin, written: r.written, duration: r.d, factor: r.factor, why: r.why });

/** The earliest of the candidate targets (severity, level, category) from `from`. */
function earliest(candidates: Candidate[], kind: TargetKind, from: number, subject: DeadlineSubject, cal: BusinessCalendar | null, policy: Policy) {
  let best: { at: number; d: SlaDuration; why: string; target: ChosenTarget } | undefined;
  for (const c of candidates) {
    const r = resolveTarget(c, kind, subject.tier, policy);
    const at = addSlaDuration(from, r.d, cal);
    if (!best || at < best.at) best = { at, d: r.d, why: r.why, target: chosen(c, r) };
  }
  return best!;
}

const LABEL: Record<TargetKind, string> = { firstResponse: "first response", progressUpdate: "progress updates", resolution: "resolution" };

/**
 * The escalation's clocks as instants: first response, first progress update, resolution, and the
 * current level's budget, on the severity's clock (24/7 or business hours, holidays, DST) with the
 * tier's modifiers. `openedAt` starts the SLA clocks; `levelSince` the level's budget.
 */
export function deadlines(subject: DeadlineSubject, policy: Policy, openedAt: number, levelSince: number = openedAt): Deadlines {
  const sev = severity(policy, subject.severity);
  const cat = category(policy, subject.category);
  const lvl = level(policy, subject.level);
  const { name: clock, calendar } = clockFor(subject, policy);
  const sevName = sev.label;
  // The earliest applicable target wins: an escalation never gets a slower promise than its
  // severity, its category or its level makes on its own; a category with `ownTargets` sets its
  // own instead of the severity's.
  // The other applying categories add their targets, except those that set their own (a
  // partnership inquiry inside a billing escalation does not slow billing down).
  const others = (subject.alsoCategories ?? []).map((id) => category(policy, id)).filter((o) => !o.ownTargets);
  const candidates = (kind: TargetKind): Candidate[] => {
    const catSpec = cat[kind];
    const catCandidate: Candidate | undefined = catSpec ? { source: `${cat.label} target`, spec: catSpec, origin: { section: "categories", id: cat.id, key: kind } } : undefined;
    const list: Candidate[] =
      catCandidate && cat.ownTargets
        ? [catCandidate]
        : [{ source: `${sevName} target`, spec: sev[kind], origin: { section: "severities", id: sev.id, key: kind } }, ...(catCandidate ? [catCandidate] : [])];
    for (const o of others) {
      const spec = o[kind];
      if (spec) list.push({ source: `${o.label} target`, spec, origin: { section: "categories", id: o.id, key: kind } });
    }
    if (kind === "firstResponse" && lvl.firstResponse) list.push({ source: `${lvl.label} response target`, spec: lvl.firstResponse, origin: { section: "levels", id: lvl.id, key: "firstResponse" } });
    return list;
  };

  const reasons: string[] = [`clock: ${clock === "24x7" ? "24/7" : `business hours (${clock})`}`];
  const pick = (kind: TargetKind) => {
    const best = earliest(candidates(kind), kind, openedAt, subject, calendar, policy);
    reasons.push(`${LABEL[kind]}: ${best.why}`);
    return best;
  };
  const firstResponse = pick("firstResponse");
  const progress = pick("progressUpdate");
  const resolution = pick("resolution");

  let levelBudget: number | null = null;
  let budgetTarget: ChosenTarget | null = null;
  if (lvl.budget) {
    const c: Candidate = { source: `${lvl.label} budget`, spec: lvl.budget, origin: { section: "levels", id: lvl.id, key: "budget" } };
    const r = resolveTarget(c, "resolution", subject.tier, policy);
    levelBudget = addSlaDuration(levelSince, r.d, calendar);
    budgetTarget = chosen(c, r);
    reasons.push(`level budget: ${r.why.replace(/ × .*$/, "")}`);
  }
  return {
    clock,
    firstResponse: firstResponse.at,
    nextUpdate: progress.at,
    resolution: resolution.at,
    levelBudget,
    updateEvery: progress.d,
    targets: { firstResponse: firstResponse.target, progressUpdate: progress.target, resolution: resolution.target, levelBudget: budgetTarget },
    reasons,
  };
}
