import { describeMatch, significantTerms, type Term } from "./feature-terms.js";
import type { FeatureRequestsSpec } from "./playbook/model.js";
import { windowMs } from "./repeat-escalations.js";
import { formatSlaDuration } from "./sla-duration.js";

/**
 * The feature-request tally (OctoAcme: "5+ customers requesting same feature"). Requests ask for the
 * same feature when they share a key: one named feature (SSO, dark mode) or two significant words
 * ("export" and "CSV"); one ordinary word is never enough ("report" alone names no feature). Among
 * the keys of the new request, the one most customers share wins; when it reaches the playbook's
 * count, its group is told once. Pure: the requests and the groups already told are handed in.
 */

/** A feature request as the tally reads it. */
export interface FeatureRequest {
  id: number;
  customer: string;
  /** normaliseCustomer(customer): one customer asking twice counts once. */
  customerKey: string;
  summary: string;
  createdAt: number;
}

/** A group the product team was told of: its key and its members (kept on a timeline event). */
export interface ToldGroup {
  /** The escalation whose opening told it. */
  escalationId: number;
  at: number;
  key: string[];
  members: number[];
}

/** One member as a tally message lists it. */
export interface TallyMember {
  id: number;
  customer: string;
}

export type TallyDecision =
  /** Not (yet) enough customers, or not a feature request anyone else asked for. */
  | { kind: "none" }
  /** It asks for a feature the product team was already told of: it is not told again. */
  | { kind: "joins"; told: ToldGroup; matched: string[] }
  /** Enough customers: tell the product team, with the group. */
  | { kind: "tell"; key: string[]; matched: string[]; members: TallyMember[]; customers: number };

/** The requests read at most (newest first): a window's worth for any real product team. */
export const MAX_REQUESTS_READ = 500;

/** Requests opened at or after this instant count toward a tally at `now`. */
export const tallyWindowStart = (spec: FeatureRequestsSpec, now: number): number => now - windowMs(spec.within);

/** The keys a request's terms offer: each named feature alone, and every pair of its other words. */
function keysOf(terms: readonly Term[]): string[][] {
  const keys: string[][] = terms.filter((t) => t.named).map((t) => [t.stem]);
  const words = terms.filter((t) => !t.named).map((t) => t.stem);
  for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++) keys.push([words[i]!, words[j]!].sort());
  return keys;
}

const hasAll = (stems: ReadonlySet<string>, key: readonly string[]): boolean => key.every((k) => stems.has(k));

/**
 * What the new request (`fresh`, not in `pool`) does to the tally: joins a group already told, tells
 * a new group, or nothing. `pool`: the other feature requests in the window; `told`: the groups told
 * within it.
 */
export function tallyFeatureRequest(spec: FeatureRequestsSpec, fresh: FeatureRequest, pool: readonly FeatureRequest[], told: readonly ToldGroup[]): TallyDecision {
  const terms = significantTerms(fresh.summary, spec.ignoreWords);
  const mine = new Set(terms.map((t) => t.stem));
  // A group already told that this request belongs to (it says what the group matched on): no second message.
  const joined = told.find((g) => hasAll(mine, g.key));
  if (joined) return { kind: "joins", told: joined, matched: describeMatch(terms, new Set(joined.key)) };

  const others = pool.filter((r) => r.id !== fresh.id).map((r) => ({ r, stems: new Set(significantTerms(r.summary, spec.ignoreWords).map((t) => t.stem)) }));
  // How many requests use each stem: of two keys as widely shared, the rarer words say more.
  const usage = new Map<string, number>();
  for (const o of others) for (const s of o.stems) usage.set(s, (usage.get(s) ?? 0) + 1);

  let best: { key: string[]; members: typeof others; customers: number; usage: number } | undefined;
  for (const key of keysOf(terms)) {
    const members = others.filter((o) => hasAll(o.stems, key));
    const customers = new Set([fresh.customerKey, ...members.map((m) => m.r.customerKey)]).size;
    const used = key.reduce((n, k) => n + (usage.get(k) ?? 0), 0);
    const better = !best || customers > best.customers || (customers === best.customers && (used < best.usage || (used === best.usage && key.join() < best.key.join())));
    if (better) best = { key, members, customers, usage: used };
  }
  if (!best || best.customers < spec.customers) return { kind: "none" };
  // Most of this group was told already under another key: the same feature, worded a little differently.
  const memberIds = best.members.map((m) => m.r.id);
  const overlapping = told.find((g) => memberIds.filter((id) => g.members.includes(id)).length * 2 > memberIds.length);
  if (overlapping) return { kind: "joins", told: overlapping, matched: describeMatch(terms, new Set(best.key)) };

  // Every word all of them share is said, not only the key ("bulk export, CSV").
  const shared = new Set([...mine].filter((s) => best.members.every((m) => m.stems.has(s))));
  const members = [fresh, ...best.members.map((m) => m.r)].map((r) => ({ id: r.id, customer: r.customer })).sort((a, b) => a.id - b.id);
  return { kind: "tell", key: best.key, matched: describeMatch(terms, shared), members, customers: best.customers };
}

/** The reason kept with a request that told the product team, or joined a group already told. */
export function tallyReason(spec: FeatureRequestsSpec, decision: TallyDecision): string | undefined {
  switch (decision.kind) {
    case "none":
      return undefined;
    case "tell":
      return `feature request tally: ${decision.customers} customers asked for this within ${formatSlaDuration(spec.within)} (matched on: ${decision.matched.join(", ")}): the product team is told`;
    case "joins":
      return `feature request tally: asks for a feature the product team was already told of (matched on: ${decision.matched.join(", ")}); not told again`;
  }
}
