import { classify } from "./classify.js";
import { addClockTime, resolutionWarnAt } from "./clocks.js";
import { clockFor, deadlines } from "./deadlines.js";
import { classificationText, type Escalation } from "./escalation.js";
import { moveToLevel, type Change, type Move, type Refusal, type TimerChanges } from "./lifecycle.js";
import { levelRank, levelsAbove, moreSevere } from "./playbook/lookup.js";
import type { LevelSpec, Policy } from "./playbook/model.js";
import { rolesToldByDm, route } from "./route.js";

/**
 * A person changes an escalation's severity or category, with a reason. The playbook decides again
 * as if it had been opened so (same text, tier and fields): going up does now what opening there
 * would have done (a higher starting level, more channels and people, faster targets), going down
 * stops what no longer applies (slower targets; the level stays where it is: handing it down is
 * de-escalating, a decision of its own). Deadlines count from when it opened (or reopened), so time
 * already spent counts, less the time spent waiting on the customer.
 */

export interface Reclassified extends Change {
  /** The higher level the new severity starts at, when it is above the current one. */
  moveTo?: string;
  /** Channels the new route tells that were not told before. */
  newChannels: string[];
  /** Roles told by DM at once that opening at the old values did not tell. */
  newDmRoles: string[];
  /** It became a restricted case: the details must leave the channels they were in. */
  becameRestricted: boolean;
  /** Why the playbook decides differently now: its reasons that opening at the old values did not give. */
  newReasons: string[];
  /** Its post, in a channel that may no longer show the details: it becomes a pointer and the post is made again. */
  withdraw?: { channelId: string; ts: string };
}

const uniq = <T,>(xs: T[]): T[] => [...new Set(xs)];

export function reclassify(
  esc: Escalation,
  to: { severity: string; category: string; fields?: Escalation["fields"] },
  by: string,
  reason: string,
  now: number,
  policy: Policy,
): Reclassified | Refusal<"already_resolved" | "unchanged"> {
  if (esc.status === "resolved") return { refused: "already_resolved" };
  // New field values (a count of linked customers) decide again too, at the same severity and category.
  const fields = to.fields ?? esc.fields;
  const classChanged = to.severity !== esc.severity || to.category !== esc.category;
  if (!classChanged && JSON.stringify(fields) === JSON.stringify(esc.fields)) return { refused: "unchanged" };
  const text = textOf(esc);
  const asOpened = (severity: string, category: string, withFields: Escalation["fields"]) =>
    classify({ text, tier: esc.tier, severity, category, fields: withFields, customerRequested: esc.customerRequested }, policy);
  const before = asOpened(esc.severity, esc.category, esc.fields);
  const c = asOpened(to.severity, to.category, fields);
  const r = route(c, policy);

  const becameRestricted = r.restricted && !esc.restricted;
  // A restriction is lifted only on purpose (Lift restriction), never by a change of category.
  const restricted = esc.restricted || r.restricted;
  const channels = becameRestricted ? uniq([...r.channels, ...esc.channels]) : uniq([...esc.channels, ...r.channels]);
  const subject = { severity: c.severity, tier: esc.tier, category: c.category, alsoCategories: c.alsoCategories, level: esc.level };
  const { calendar } = clockFor(subject, policy);
  const startedAt = esc.reopenedAt ?? esc.createdAt;
  const opened = deadlines(subject, policy, startedAt, esc.levelSince);
  const resolutionDue = addClockTime(opened.resolution, esc.pausedMs, calendar);
  const nextUpdateDue = deadlines(subject, policy, esc.lastUpdateAt ?? startedAt).nextUpdate;
  const firstResponseDue = esc.acknowledgedBy ? esc.firstResponseDue : deadlines(subject, policy, esc.levelSince).firstResponse;

  const timers: TimerChanges = { update: nextUpdateDue };
  if (!esc.acknowledgedBy) timers.ack = firstResponseDue;
  // A breach already recorded stays the record; a target not yet missed is watched anew.
  if (esc.breachedAt === null) {
    timers.resolution_breach = resolutionDue;
    timers.resolution_warn = resolutionWarnAt(startedAt, resolutionDue, policy.triggers.resolutionWarnAt, calendar);
  }
  const toldBefore = rolesToldByDm(before, policy);
  const withdraw = becameRestricted && esc.messageChannelId && esc.messageTs ? { channelId: esc.messageChannelId, ts: esc.messageTs } : undefined;
  return {
    changes: {
      severity: c.severity,
      category: c.category,
      alsoCategories: c.alsoCategories,
      ...(classChanged ? { reclassification: { fromSeverity: esc.severity, fromCategory: esc.category, by, at: now, reason } } : {}),
      ...(to.fields ? { fields } : {}),
      restricted,
      channel: becameRestricted ? r.channels[0]! : esc.channel,
      channels,
      notify: r.notify,
      cc: r.cc,
      flags: uniq([...esc.flags, ...r.flags]),
      clock: opened.clock,
      firstResponseDue,
      nextUpdateDue,
      resolutionDue,
      // Becoming restricted moves the post: the old one is withdrawn, a new one goes to the restricted channel.
      ...(withdraw ? { messageChannelId: null, messageTs: null } : {}),
    },
    onlyIf: "unresolved",
    timers,
    ...(levelRank(policy, r.level) > levelRank(policy, esc.level) ? { moveTo: r.level } : {}),
    newChannels: channels.filter((ch) => !esc.channels.includes(ch) && ch !== channels[0]),
    newDmRoles: rolesToldByDm(c, policy).filter((role) => !toldBefore.includes(role)),
    becameRestricted,
    newReasons: [...c.reasons, ...r.reasons].filter((why) => ![...before.reasons, ...route(before, policy).reasons].includes(why)),
    ...(withdraw ? { withdraw } : {}),
  };
}

/**
 * What the playbook itself would choose once the fields say more (a count of linked customers): its
 * suggestion on the same text with the new values, never below the severity the escalation has,
 * and its category unless a person chose the category over the playbook's suggestion. What a
 * playbook rule on the field decides (SaaS: "multiple customers reporting" is a Critical outage)
 * then applies as it would have at opening.
 */
export function playbookChoiceWith(esc: Escalation, fields: Escalation["fields"], policy: Policy): { severity: string; category: string } {
  const text = textOf(esc);
  const suggested = classify({ text, tier: esc.tier, fields, customerRequested: esc.customerRequested }, policy);
  const personChoseCategory = esc.category !== esc.suggestedCategory;
  return { severity: moreSevere(policy, esc.severity, suggested.severity), category: personChoseCategory ? esc.category : suggested.category };
}

/** Every level from which the escalation's path leads up to `levelId`, nearest first: where it can be handed back down to. */
export function levelsBelow(policy: Policy, levelId: string, severityId: string): LevelSpec[] {
  const distance = (l: LevelSpec) => levelsAbove(policy, l.id, severityId).findIndex((above) => above.id === levelId);
  return policy.levels
    .filter((l) => l.id !== levelId && distance(l) >= 0)
    .sort((a, b) => distance(a) - distance(b));
}

/**
 * Handed back down to a lower level on its path (the chosen one, or the nearest), where the playbook
 * allows it: that level takes it on as if it had been escalated there, with its own first response.
 */
export function deescalate(
  esc: Pick<Escalation, "status" | "severity" | "tier" | "category" | "alsoCategories" | "level">,
  toLevel: string | undefined,
  now: number,
  policy: Policy,
): Move | Refusal<"already_resolved" | "not_allowed" | "not_lower"> {
  if (esc.status === "resolved") return { refused: "already_resolved" };
  if (!policy.lifecycle.deescalate) return { refused: "not_allowed" };
  const below = levelsBelow(policy, esc.level, esc.severity);
  const target = toLevel ? below.find((l) => l.id === toLevel) : below[0];
  if (!target) return { refused: "not_lower" };
  return moveToLevel(esc, target.id, now, policy);
}

/** What the playbook's phrases are matched against, as when the escalation opened. */
function textOf(esc: Pick<Escalation, "summary" | "impact" | "errorMessages" | "reproSteps" | "sentiment">): string {
  return classificationText({
    summary: esc.summary,
    impact: esc.impact ?? undefined,
    errorMessages: esc.errorMessages ?? undefined,
    reproSteps: esc.reproSteps ?? undefined,
    sentiment: esc.sentiment ?? undefined,
  });
}
