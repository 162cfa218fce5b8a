import { snoozeUntil } from "./clocks.js";
import { deadlines } from "./deadlines.js";
import type { Escalation, ResolutionInput, TimerKind } from "./escalation.js";
import { findLevel, level, levelsAbove } from "./playbook/lookup.js";
import type { LevelSpec, Policy } from "./playbook/model.js";

/**
 * How an escalation's state moves: open → acknowledged → resolved, a move to another level (which
 * hands it over unacknowledged, with the new level's first-response and budget deadlines), snooze,
 * progress update, checklist, lifting a restriction, and what its clocks do when they run out. Each
 * transition is a pure function of the columns it reads, its input, `now` and the playbook, and
 * answers with the columns to write, or why it does not apply. Services write what it answers
 * (EscalationSteps.apply), so every use case and both engines follow the same rules.
 *
 * Who may do it is domain/permissions.ts's question; what the playbook decides at open is
 * domain/decide.ts's. Nothing here touches a database: the repositories read and write Escalation.
 */

/** The columns a transition may change. */
export type EscalationChanges = Partial<
  Pick<
    Escalation,
    | "status"
    | "level"
    | "levelSince"
    | "acknowledgedBy"
    | "acknowledgedAt"
    | "firstResponseDue"
    | "levelBudgetDue"
    | "nextUpdateDue"
    | "lastUpdateAt"
    | "lastUpdateBy"
    | "breachedAt"
    | "flagsDone"
    | "restricted"
    | "resolvedBy"
    | "resolvedAt"
    | "resolution"
    | "rootCause"
    | "prevention"
    | "severity"
    | "category"
    | "alsoCategories"
    | "channel"
    | "channels"
    | "notify"
    | "cc"
    | "flags"
    | "clock"
    | "resolutionDue"
    | "ownerId"
    | "pausedAt"
    | "pausedTimers"
    | "pausedMs"
    | "reclassification"
    | "reopenedAt"
    | "messageChannelId"
    | "messageTs"
  >
>;

/**
 * What the row must still be when the change is written, checked in the same statement. The
 * services lock the escalation before deciding (so the second of two people to acknowledge reads
 * the first one's acknowledgement and is told so); this is the same rule kept by the write itself,
 * should a caller ever decide without the lock.
 */
export type Precondition = "unacknowledged" | "unresolved";

export interface Change {
  changes: EscalationChanges;
  onlyIf?: Precondition;
  /** The timers to set or clear, when the transition says them itself (else they follow the columns: timerChanges). */
  timers?: TimerChanges;
}

export type RefusalReason =
  | "already_resolved"
  | "already_acknowledged"
  | "not_higher"
  | "not_lower"
  | "not_restricted"
  | "already_owner"
  | "unchanged"
  | "not_acknowledged"
  | "already_paused"
  | "not_paused"
  | "never_pauses"
  | "not_resolved"
  | "window_closed"
  | "not_allowed";

/** The transition does not apply to the escalation as it is; nothing changes. */
export interface Refusal<R extends RefusalReason = RefusalReason> {
  refused: R;
}

/** The fields the playbook's deadlines are computed from. */
type Subject = Pick<Escalation, "severity" | "tier" | "category" | "alsoCategories" | "level">;

const ALREADY_RESOLVED: Refusal<"already_resolved"> = { refused: "already_resolved" };
const isResolved = (esc: Pick<Escalation, "status">): boolean => esc.status === "resolved";

/**
 * Someone takes the escalation on, and owns it when nobody does. Its first-response clock stops; so
 * does the level's budget when the playbook says taking it on is enough (`budgetStops: acknowledged`).
 */
export function acknowledge(
  esc: Pick<Escalation, "status" | "acknowledgedBy" | "createdAt" | "level" | "levelBudgetDue" | "ownerId">,
  userId: string,
  now: number,
  policy: Policy,
): (Change & { afterMs: number }) | Refusal<"already_resolved" | "already_acknowledged"> {
  if (isResolved(esc)) return ALREADY_RESOLVED;
  if (esc.acknowledgedBy) return { refused: "already_acknowledged" };
  const budgetStops = esc.levelBudgetDue !== null && level(policy, esc.level).budgetStops === "acknowledged";
  return {
    changes: {
      status: "acknowledged",
      acknowledgedBy: userId,
      acknowledgedAt: now,
      // The first to take it on owns it, unless someone already does (it was handed to them).
      ...(esc.ownerId ? {} : { ownerId: userId }),
      ...(budgetStops ? { levelBudgetDue: null } : {}),
    },
    onlyIf: "unacknowledged",
    afterMs: now - esc.createdAt,
  };
}

/** Resolved: the outcome is kept, and no clock runs any more (no reminder, no automatic move). */
export function resolve(
  esc: Pick<Escalation, "status" | "createdAt" | "resolutionDue" | "reopenedAt">,
  userId: string,
  input: ResolutionInput,
  now: number,
): (Change & { afterMs: number; withinSla: boolean }) | Refusal<"already_resolved"> {
  if (isResolved(esc)) return ALREADY_RESOLVED;
  // A wait on the customer still running ends here (the service records its time first: resume).
  return {
    changes: {
      status: "resolved",
      resolvedBy: userId,
      resolvedAt: now,
      resolution: input.resolution,
      rootCause: input.rootCause,
      prevention: input.prevention ?? null,
      nextUpdateDue: null,
    },
    onlyIf: "unresolved",
    // Since it was opened, or reopened: a reopened escalation's second resolution is timed on its own.
    afterMs: now - (esc.reopenedAt ?? esc.createdAt),
    withinSla: now <= esc.resolutionDue,
  };
}

/** A move to another level: the level it goes to, and the columns. */
export type Move = Change & { to: LevelSpec };

/**
 * The escalation goes to level `to`, which owns it from now: nobody there has acknowledged or owns it, it
 * must do so within the first-response target counted from now, and its own time budget (if any)
 * starts. The resolution target stays. For an open escalation (its callers have checked).
 */
export function moveToLevel(esc: Subject, to: string, now: number, policy: Policy): Move {
  const target = level(policy, to);
  const clocks = deadlines({ ...esc, level: target.id }, policy, now, now);
  return {
    to: target,
    changes: {
      level: target.id,
      levelSince: now,
      status: "open",
      acknowledgedBy: null,
      acknowledgedAt: null,
      // The new level takes it on: whoever owned it at the old one hands it over.
      ownerId: null,
      firstResponseDue: clocks.firstResponse,
      levelBudgetDue: clocks.levelBudget,
    },
  };
}

/**
 * Escalate by hand: to the next level on the playbook's path for the escalation's severity, or to
 * the chosen one (`toLevel`, by id, label or alias) if it is further along that path. A technical
 * escalation never jumps to the billing team, nor back down.
 */
export function escalate(
  esc: Subject & Pick<Escalation, "status">,
  toLevel: string | undefined,
  now: number,
  policy: Policy,
): Move | Refusal<"already_resolved" | "not_higher"> {
  if (isResolved(esc)) return ALREADY_RESOLVED;
  const above = levelsAbove(policy, esc.level, esc.severity);
  const target = toLevel ? above.find((l) => l.id === findLevel(policy, toLevel)?.id) : above[0];
  if (!target) return { refused: "not_higher" };
  return moveToLevel(esc, target.id, now, policy);
}

/** A progress update: the update clock restarts from now. */
export function postUpdate(
  esc: Subject & Pick<Escalation, "status">,
  userId: string,
  now: number,
  policy: Policy,
): (Change & { nextUpdateDue: number }) | Refusal<"already_resolved"> {
  if (isResolved(esc)) return ALREADY_RESOLVED;
  const nextUpdateDue = deadlines(esc, policy, now).nextUpdate;
  return { changes: { lastUpdateAt: now, lastUpdateBy: userId, nextUpdateDue }, nextUpdateDue };
}

/**
 * The next progress-update reminder is put off by `minutes`, never past an SLA deadline still
 * pending (the first response while nobody has acknowledged, the resolution, the level's budget):
 * `capped` when it was cut short.
 */
export function snooze(
  esc: Pick<Escalation, "status" | "acknowledgedBy" | "firstResponseDue" | "resolutionDue" | "levelBudgetDue">,
  minutes: number,
  now: number,
): (Change & { until: number; capped: boolean }) | Refusal<"already_resolved"> {
  if (isResolved(esc)) return ALREADY_RESOLVED;
  const until = snoozeUntil(now, minutes, [esc.acknowledgedBy ? null : esc.firstResponseDue, esc.resolutionDue, esc.levelBudgetDue]);
  return { changes: { nextUpdateDue: until }, until, capped: until < now + minutes * 60_000 };
}

/**
 * The checklist as the owner left it: `ticked` is every item ticked now (Slack sends the whole
 * group's state); items the escalation does not have are ignored. `ticked`/`unticked` in the answer
 * are what changed, in the playbook's order; nothing changed leaves the columns alone.
 */
export function setChecklist(
  esc: Pick<Escalation, "status" | "flags" | "flagsDone">,
  ticked: readonly string[],
): (Change & { ticked: string[]; unticked: string[] }) | Refusal<"already_resolved"> {
  if (isResolved(esc)) return ALREADY_RESOLVED;
  const done = esc.flags.filter((f) => ticked.includes(f));
  const newlyTicked = done.filter((f) => !esc.flagsDone.includes(f));
  const unticked = esc.flagsDone.filter((f) => !done.includes(f));
  const changed = newlyTicked.length > 0 || unticked.length > 0;
  return { changes: changed ? { flagsDone: done } : {}, ticked: newlyTicked, unticked };
}

/** The restricted category does not apply after all: the escalation becomes an ordinary one. */
export function liftRestriction(esc: Pick<Escalation, "status" | "restricted">): Change | Refusal<"already_resolved" | "not_restricted"> {
  if (isResolved(esc)) return ALREADY_RESOLVED;
  if (!esc.restricted) return { refused: "not_restricted" };
  return { changes: { restricted: false } };
}

/** A progress update is due and its reminder goes out: the next one counts from now. For an open escalation. */
export function remindOfUpdate(esc: Subject, now: number, policy: Policy): Change & { nextUpdateDue: number } {
  const nextUpdateDue = deadlines(esc, policy, now).nextUpdate;
  return { changes: { nextUpdateDue }, nextUpdateDue };
}

/** The resolution target passed unresolved: the breach is kept, and nothing more is warned of. For an open escalation. */
export function breach(now: number): Change {
  return { changes: { breachedAt: now } };
}

export type TimerChanges = Partial<Record<TimerKind, number | null>>;

/**
 * The timers that follow from a change (a number sets or moves one, null clears it). A timer is
 * its column's deadline, for the scheduler: the first response while nobody has acknowledged, the
 * next progress update, the level's budget; the resolution warning and breach until the breach is
 * kept. A resolved escalation has none.
 */
export function timerChanges(change: Change): TimerChanges {
  if (change.timers) return change.timers;
  const { changes } = change;
  if (changes.status === "resolved") return { ack: null, update: null, resolution_warn: null, resolution_breach: null, level_budget: null };
  const timers: TimerChanges = {};
  if (changes.firstResponseDue !== undefined) timers.ack = changes.firstResponseDue;
  if (changes.acknowledgedBy) timers.ack = null;
  if (changes.nextUpdateDue !== undefined) timers.update = changes.nextUpdateDue;
  if (changes.levelBudgetDue !== undefined) timers.level_budget = changes.levelBudgetDue;
  if (changes.breachedAt !== undefined && changes.breachedAt !== null) {
    timers.resolution_warn = null;
    timers.resolution_breach = null;
  }
  return timers;
}
