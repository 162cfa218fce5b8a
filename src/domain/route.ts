import type { Policy } from "../policy/model.js";
import type { Classification } from "./classify.js";
import { category, level, levelLabel, levelRank, nextLevel, severity, tier } from "./policy-lookup.js";

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
  if (c.customerRequested) {
    const above = nextLevel(policy, lvl);
    if (above) {
      reasons.push(`customer asked for escalation: ${levelLabel(policy, lvl)} → ${above.label}`);
      lvl = above.id;
      why = "customer asked for escalation";
    }
  }
  reasons.push(`starts at ${levelLabel(policy, lvl)} (${why})`);

  const alsoLevels = uniq([...sev.alsoNotifyLevels, ...cat.alsoNotifyLevels, ...c.effects.alsoNotifyLevels]).filter((l) => l !== lvl);
  if (alsoLevels.length > 0) reasons.push(`also tells ${alsoLevels.map((l) => levelLabel(policy, l)).join(", ")}`);

  const owner = level(policy, lvl);
  const restricted = cat.restricted;
  const detailChannels = restricted ? cat.channels : [...cat.channels, ...owner.channels, ...c.effects.channels];
  const otherChannels = [...(restricted ? owner.channels : []), ...alsoLevels.flatMap((l) => level(policy, l).channels)];
  const channels = uniq([...detailChannels, ...otherChannels]);
  if (restricted) reasons.push(`${cat.label} is restricted: details only in ${cat.channels.join(", ")}`);

  const notify = uniq([
    ...(c.customerRequested ? policy.triggers.customerRequestNotify : []),
    ...owner.notify,
    ...cat.notify,
    ...sev.notify,
    ...t.notify,
    ...c.effects.notify,
    ...alsoLevels.flatMap((l) => level(policy, l).notify),
  ]);
  const cc = uniq([...t.cc, ...cat.cc, ...c.effects.cc]).filter((r) => !notify.includes(r));
  const flags = uniq([...t.flags, ...c.effects.flags]);
  return { level: lvl, channels, restricted, notify, cc, flags, alsoLevels, reasons };
}
