import { addClockTime, clockTimeBetween, resolutionWarnAt } from "./clocks.js";
import { roomStatusDue } from "./war-room.js";
import { clockFor } from "./deadlines.js";
import type { Escalation, TimerKind } from "./escalation.js";
import type { Change, Refusal, TimerChanges } from "./lifecycle.js";
import { category } from "./playbook/lookup.js";
import type { PausableClock, Policy } from "./playbook/model.js";

/**
 * Waiting on the customer: the clocks the playbook names stop (their timers leave the scheduler and
 * are kept on the escalation), and when the customer answers they run again with their deadlines
 * moved by the time paused, counted on the escalation's clock (a weekend costs a business-hours
 * clock nothing). The first response never waits, nor does a restricted (security) case.
 */

/** The timers each pausable clock drives. */
const TIMERS_OF: Record<PausableClock, readonly TimerKind[]> = {
  // A war room's status cadence is the progress of the work: it waits with it.
  progressUpdate: ["update", "room_status"],
  resolution: ["resolution_warn", "resolution_breach"],
  levelBudget: ["level_budget"],
};

/** The timer kinds a wait on the customer stops, by the playbook. */
export function pausableTimers(policy: Policy): TimerKind[] {
  return policy.lifecycle.pauseClocks.flatMap((clock) => TIMERS_OF[clock]);
}

/** Why this escalation's clocks may not stop at all, if so: "Security incident" (a restricted category's). */
export function neverPausesBecause(esc: Pick<Escalation, "category" | "alsoCategories">, policy: Policy): string | undefined {
  const restricted = [esc.category, ...esc.alsoCategories].map((id) => category(policy, id)).find((c) => c.restricted);
  return restricted?.label;
}

type WaitSubject = Pick<Escalation, "status" | "acknowledgedBy" | "pausedAt" | "category" | "alsoCategories">;

/**
 * Waiting on the customer from now. `liveTimers` are the escalation's timers in the scheduler now:
 * those of the paused clocks are stopped and remembered.
 */
export function waitOnCustomer(
  esc: WaitSubject,
  liveTimers: readonly TimerKind[],
  now: number,
  policy: Policy,
): (Change & { stopped: TimerKind[] }) | Refusal<"already_resolved" | "not_acknowledged" | "already_paused" | "never_pauses" | "not_allowed"> {
  if (esc.status === "resolved") return { refused: "already_resolved" };
  if (policy.lifecycle.pauseClocks.length === 0) return { refused: "not_allowed" };
  if (neverPausesBecause(esc, policy)) return { refused: "never_pauses" };
  // Someone must have answered first: the first-response clock is never paused.
  if (!esc.acknowledgedBy) return { refused: "not_acknowledged" };
  if (esc.pausedAt !== null) return { refused: "already_paused" };
  const pausable = pausableTimers(policy);
  const stopped = liveTimers.filter((k) => pausable.includes(k));
  const timers: TimerChanges = Object.fromEntries(stopped.map((k) => [k, null]));
  return { changes: { pausedAt: now, pausedTimers: stopped }, timers, stopped };
}

type ResumeSubject = Pick<
  Escalation,
  "pausedAt" | "pausedTimers" | "pausedMs" | "severity" | "tier" | "createdAt" | "reopenedAt" | "nextUpdateDue" | "resolutionDue" | "levelBudgetDue"
>;

/**
 * The clocks run again: each paused one's deadline moves by the time paused on the escalation's
 * clock, and its timer is set again. `pausedMs` is that time, kept on the timeline so that SLA
 * figures can leave it out.
 */
export function resume(esc: ResumeSubject, now: number, policy: Policy): (Change & { pausedMs: number }) | Refusal<"not_paused"> {
  if (esc.pausedAt === null) return { refused: "not_paused" };
  const { calendar } = clockFor(esc, policy);
  const pausedMs = clockTimeBetween(esc.pausedAt, now, calendar);
  const paused = new Set(esc.pausedTimers);
  const moved = (due: number | null, ...kinds: TimerKind[]) => (due !== null && kinds.some((k) => paused.has(k)) ? addClockTime(due, pausedMs, calendar) : due);
  const nextUpdateDue = moved(esc.nextUpdateDue, "update");
  const resolutionDue = moved(esc.resolutionDue, "resolution_breach", "resolution_warn")!;
  const levelBudgetDue = moved(esc.levelBudgetDue, "level_budget");
  const dueOf: Record<TimerKind, number | null> = {
    ack: null,
    update: nextUpdateDue,
    resolution_breach: resolutionDue,
    resolution_warn: resolutionWarnAt(esc.reopenedAt ?? esc.createdAt, resolutionDue, policy.triggers.resolutionWarnAt, calendar),
    level_budget: levelBudgetDue,
    reopen_closes: null,
    // The room's status is asked for a cadence after the work starts again.
    room_status: policy.warRoom ? roomStatusDue(now, policy.warRoom) : null,
    room_archive: null,
  };
  const timers: TimerChanges = {};
  for (const kind of paused) timers[kind] = dueOf[kind];
  return {
    changes: { pausedAt: null, pausedTimers: [], pausedMs: esc.pausedMs + pausedMs, nextUpdateDue, resolutionDue, levelBudgetDue },
    timers,
    pausedMs,
  };
}

/**
 * While the escalation waits on the customer, timers of paused clocks that a change sets (a new
 * severity's deadlines, a new level's budget) are not started: they are remembered with the paused
 * ones and start when it resumes. Answers the timers to write and the paused list when it changed.
 */
export function holdWhilePaused(
  esc: Pick<Escalation, "pausedAt" | "pausedTimers">,
  timers: TimerChanges,
  policy: Policy,
): { timers: TimerChanges; pausedTimers?: TimerKind[] } {
  if (esc.pausedAt === null) return { timers };
  const pausable = pausableTimers(policy);
  const live: TimerChanges = {};
  const held = new Set(esc.pausedTimers);
  for (const [kind, due] of Object.entries(timers) as [TimerKind, number | null][]) {
    if (!pausable.includes(kind)) live[kind] = due;
    else if (due === null) held.delete(kind);
    else held.add(kind);
  }
  const pausedTimers = [...held];
  const changed = pausedTimers.length !== esc.pausedTimers.length || pausedTimers.some((k) => !esc.pausedTimers.includes(k));
  return changed ? { timers: live, pausedTimers } : { timers: live };
}
