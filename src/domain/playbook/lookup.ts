import type { CategorySpec, LevelSpec, Policy, SeveritySpec, TierSpec } from "./model.js";

/** The implicit category when nothing matched and the playbook defines none by that id. */
export const GENERAL_CATEGORY: CategorySpec = {
  id: "general",
  label: "General",
  match: [],
  unless: [],
  flags: [],
  channels: [],
  notify: [],
  cc: [],
  restricted: false,
  alsoNotifyLevels: [],
  ownTargets: false,
};

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

function byRef<T extends { id: string; label: string; aliases?: string[] }>(items: readonly T[], ref: string | undefined): T | undefined {
  if (!ref) return undefined;
  const r = norm(ref);
  return items.find((i) => i.id === r || norm(i.label) === r || (i.aliases ?? []).some((a) => norm(a) === r));
}

/** Finds a severity by id, label or alias ("sev1", "Sev 1 · Critical", "P1", "critical", "🔴"). */
export const findSeverity = (p: Policy, ref: string | undefined): SeveritySpec | undefined => byRef(p.severities, ref);
export const findTier = (p: Policy, ref: string | undefined): TierSpec | undefined => byRef(p.tiers, ref);
export const findLevel = (p: Policy, ref: string | undefined): LevelSpec | undefined => byRef(p.levels, ref);
export const findCategory = (p: Policy, ref: string | undefined): CategorySpec | undefined =>
  byRef(p.categories, ref) ?? (ref && norm(ref) === GENERAL_CATEGORY.id ? GENERAL_CATEGORY : undefined);

export function severity(p: Policy, id: string): SeveritySpec {
  const s = p.severities.find((x) => x.id === id);
  if (!s) throw new Error(`severity '${id}' is not in playbook ${p.source}`);
  return s;
}
export function tier(p: Policy, id: string): TierSpec {
  const t = p.tiers.find((x) => x.id === id);
  if (!t) throw new Error(`tier '${id}' is not in playbook ${p.source}`);
  return t;
}
export function level(p: Policy, id: string): LevelSpec {
  const l = p.levels.find((x) => x.id === id);
  if (!l) throw new Error(`level '${id}' is not in playbook ${p.source}`);
  return l;
}
export function category(p: Policy, id: string): CategorySpec {
  return p.categories.find((x) => x.id === id) ?? { ...GENERAL_CATEGORY, id, label: id === "general" ? "General" : id };
}

/** 0 is the most severe. */
export const severityRank = (p: Policy, id: string): number => p.severities.findIndex((s) => s.id === id);
/** 0 is the first level; higher ranks are further up the ladder. */
export const levelRank = (p: Policy, id: string): number => p.levels.findIndex((l) => l.id === id);

/** The more severe of two severities. */
export const moreSevere = (p: Policy, a: string, b: string): string => (severityRank(p, a) <= severityRank(p, b) ? a : b);

/** Labels for display; unknown ids (a playbook changed since) show as themselves. */
export const severityLabel = (p: Policy, id: string): string => p.severities.find((s) => s.id === id)?.label ?? id;
export const tierLabel = (p: Policy, id: string): string => p.tiers.find((t) => t.id === id)?.label ?? id;
export const levelLabel = (p: Policy, id: string): string => p.levels.find((l) => l.id === id)?.label ?? id;
export const categoryLabel = (p: Policy, id: string): string =>
  p.categories.find((c) => c.id === id)?.label ?? (id === GENERAL_CATEGORY.id ? GENERAL_CATEGORY.label : id);

/** Written as a level's `next`: it is the top, there is nowhere further to go. */
export const NO_NEXT_LEVEL = "none";

/**
 * Where an escalation of this severity goes from level `id`: the level's `next` (its entry for the
 * severity, else its `default`), else the next level in the file; undefined at the top.
 */
export function nextLevelIn(levels: readonly Pick<LevelSpec, "id" | "next">[], id: string, severityId: string): string | undefined {
  const i = levels.findIndex((l) => l.id === id);
  if (i < 0) return undefined;
  const next = levels[i]!.next;
  const ref = typeof next === "string" ? next : (next?.[severityId] ?? next?.default ?? levels[i + 1]?.id);
  return ref === NO_NEXT_LEVEL ? undefined : ref;
}

/** The level an escalation of this severity moves to from `id`, if any. */
export function nextLevel(p: Policy, id: string, severityId: string): LevelSpec | undefined {
  const next = nextLevelIn(p.levels, id, severityId);
  return next === undefined ? undefined : p.levels.find((l) => l.id === next);
}

/** Every level further along the escalation path from `id`, nearest first (the Escalate form's choices). */
export function levelsAbove(p: Policy, id: string, severityId: string): LevelSpec[] {
  const out: LevelSpec[] = [];
  for (let at = nextLevel(p, id, severityId); at && at.id !== id && !out.includes(at); at = nextLevel(p, at.id, severityId)) out.push(at);
  return out;
}
