import type { CategorySpec, Policy } from "./playbook/model.js";
import type { Classification } from "./classify.js";
import { category, level, levelLabel, levelRank, nextLevel, severity, tier } from "./playbook/lookup.js";
import { passageReason } from "./passage.js";

export interface Route {
  /** Where the escalation is owned now. */
  level: string;
  /** Every channel told, primary first; the primary gets the full escalation message. */
  channels: string[];
  /**
   * True when details must stay in the primary (restricted) channel: the others learn only that
   * something was opened there.
   */
  restricted: boolean;
  /** Roles to notify now. */
  notify: string[];
  /** Roles kept informed (customer success on enterprise accounts, ...). */
  cc: string[];
  flags: string[];
  /** Other levels told at once (Sev 1: Tier 2 + Tier 3 + Management). */
  alsoLevels: string[];
  reasons: string[];
}

const uniq = <T,>(xs: T[]): T[] => [...new Set(xs)];

/** "tells Legal/Compliance; notifies legal" for the explanation of a category that is not the primary. */
function describeContribution(policy: Policy, c: CategorySpec): string {
  const parts = [
    ...(c.level ? [`tells ${levelLabel(policy, c.level)}`] : []),
    ...(c.channels.length ? [`posts to ${c.channels.join(", ")}`] : []),
    ...(c.notify.length ? [`notifies ${c.notify.join(", ")}`] : []),
    ...(c.flags.length ? [`adds ${c.flags.join(", ")}`] : []),
  ];
  return parts.join("; ") || "no routing of its own";
}

/** Picks the level, channels and people for a classified escalation. */
export function route(c: Classification, policy: Policy): Route {
  const reasons: string[] = [];
  const cat = category(policy, c.category);
  const sev = severity(policy, c.severity);
  const t = tier(policy, c.tier);

  let lvl = policy.defaults.level;
  let why = "playbook default";
  if (cat.level) {
    lvl = cat.level;
    why = `category ${cat.label}`;
  }
  if (sev.level && levelRank(policy, sev.level) > levelRank(policy, lvl)) {
    lvl = sev.level;
    why = sev.label;
  }
  if (c.effects.level && levelRank(policy, c.effects.level) > levelRank(policy, lvl)) {
    lvl = c.effects.level;
    why = "a playbook rule";
  }
  if (c.customerRequested && !policy.triggers.customerRequestMoves) {
    const told = policy.triggers.customerRequestNotify.map((r) => policy.roles[r]?.label ?? r).join(", ");
    reasons.push(
      `customer asked for escalation: the playbook gives the request no level of its own, the issue decides${told ? `; ${told} told` : ""}`,
      ...passageReason("customer asked for escalation", policy.triggers.customerRequestPassage),
    );
  } else if (c.customerRequested) {
    // "Next tier": from where the agent writes the escalation when the playbook says so (Fleet: Tier 1,
    // so an escalation that already leaves Tier 1 for Tier 2 stays there), else one above the start.
    const from = policy.triggers.customerRequestFrom;
    const above = nextLevel(policy, from ?? lvl, c.severity);
    const passage = policy.triggers.customerRequestPassage;
    // From the start, the next level is always a move (levels need not be in ladder order); from a
    // named level, only when it is further along than the start.
    if (above && (from === undefined || levelRank(policy, above.id) > levelRank(policy, lvl))) {
      reasons.push(`customer asked for escalation: ${levelLabel(policy, lvl)} → ${above.label}`, ...passageReason("customer asked for escalation", passage));
      lvl = above.id;
      why = "customer asked for escalation";
    } else if (above) {
      const told = policy.triggers.customerRequestNotify.map((r) => policy.roles[r]?.label ?? r).join(", ");
      reasons.push(
        `customer asked for escalation: the next tier from ${levelLabel(policy, from!)} is ${above.label}, where it starts already${told ? `; ${told} told` : ""}`,
        ...passageReason("customer asked for escalation", passage),
      );
    }
  }
  reasons.push(`starts at ${levelLabel(policy, lvl)} (${why})`, ...passageReason(levelLabel(policy, lvl), level(policy, lvl).passage));

  // Every other category that applies adds its own team (its level) and its people, so a refund
  // inside an outage still reaches billing and a lawyer's letter about a leak still reaches legal,
  // even when that team sits below the owner on a ladder: it has its own part to play.
  const others = c.alsoCategories.map((id) => category(policy, id));
  for (const o of others) reasons.push(`${o.label} also applies: ${describeContribution(policy, o)}`);
  const alsoLevels = uniq([
    ...sev.alsoNotifyLevels,
    ...cat.alsoNotifyLevels,
    ...others.flatMap((o) => [...(o.level ? [o.level] : []), ...o.alsoNotifyLevels]),
    ...c.effects.alsoNotifyLevels,
  ]).filter((l) => l !== lvl);
  if (alsoLevels.length > 0) reasons.push(`also tells ${alsoLevels.map((l) => levelLabel(policy, l)).join(", ")}`);

  const owner = level(policy, lvl);
  // Restricted when any applying category is: the details stay in the restricted categories' channels.
  const restrictedBy = [cat, ...others].filter((x) => x.restricted);
  const restricted = restrictedBy.length > 0;
  const detailChannels = restricted
    ? restrictedBy.flatMap((x) => x.channels)
    : [...cat.channels, ...owner.channels, ...others.flatMap((o) => o.channels), ...c.effects.channels];
  const otherChannels = [
    ...(restricted ? [...cat.channels, ...owner.channels, ...others.flatMap((o) => o.channels), ...c.effects.channels] : []),
    ...alsoLevels.flatMap((l) => level(policy, l).channels),
  ];
  const channels = uniq([...detailChannels, ...otherChannels]);
  if (restricted) {
    reasons.push(`${restrictedBy.map((x) => x.label).join(", ")} ${restrictedBy.length > 1 ? "are" : "is"} restricted: details only in ${uniq(detailChannels).join(", ")}`);
  }

  const notify = uniq([
    ...(c.customerRequested ? policy.triggers.customerRequestNotify : []),
    ...owner.notify,
    ...cat.notify,
    ...others.flatMap((o) => o.notify),
    ...sev.notify,
    ...t.notify,
    ...c.effects.notify,
    ...alsoLevels.flatMap((l) => level(policy, l).notify),
  ]);
  const cc = uniq([...t.cc, ...cat.cc, ...others.flatMap((o) => o.cc), ...c.effects.cc]).filter((r) => !notify.includes(r));
  const flags = uniq([...t.flags, ...cat.flags, ...others.flatMap((o) => o.flags), ...c.effects.flags]);
  return { level: lvl, channels, restricted, notify, cc, flags, alsoLevels, reasons };
}

/**
 * Roles the playbook wants told at once by DM when an escalation so classified opens: the
 * severity's (Sev 1 → support manager), every applying category's, the tier's and the rules'
 * (refund over $5,000 → VP Customer Success), and the customer-request ones when the customer asked
 * for escalation. A level's own roles hear of it through the mention on the post in their channel.
 */
export function rolesToldByDm(c: Pick<Classification, "severity" | "category" | "alsoCategories" | "tier" | "effects" | "customerRequested">, policy: Policy): string[] {
  return uniq([
    ...severity(policy, c.severity).notify,
    ...[c.category, ...c.alsoCategories].flatMap((id) => category(policy, id).notify),
    ...tier(policy, c.tier).notify,
    ...c.effects.notify,
    ...(c.customerRequested ? policy.triggers.customerRequestNotify : []),
  ]);
}
