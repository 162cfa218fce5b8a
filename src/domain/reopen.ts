import { addSlaDuration } from "./business-calendar.js";
import { resolutionWarnAt } from "./clocks.js";
import { clockFor, deadlines } from "./deadlines.js";
import type { Escalation } from "./escalation.js";
import type { Change, Refusal } from "./lifecycle.js";
import type { Policy } from "./playbook/model.js";

/**
 * A resolved escalation comes back (the fix did not hold, the customer says it is not fixed) within
 * the playbook's window (`lifecycle.reopenWindow`, 14 days unless it says otherwise). Its clocks
 * start again from now as if it had just opened at its level; whoever owned it keeps it and is
 * told, and the level must acknowledge it again. The resolution it had stays on the timeline.
 */

/** Until when a resolution may be reopened. */
export function reopenWindowEnds(resolvedAt: number, policy: Policy): number {
  return addSlaDuration(resolvedAt, policy.lifecycle.reopenWindow, null);
}

/** True while a resolved escalation may still be reopened (the post offers Reopen). */
export function mayStillReopen(esc: Pick<Escalation, "status" | "resolvedAt">, now: number, policy: Policy): boolean {
  return esc.status === "resolved" && esc.resolvedAt !== null && now <= reopenWindowEnds(esc.resolvedAt, policy);
}

export function reopen(esc: Escalation, now: number, policy: Policy): (Change & { windowEnds: number }) | Refusal<"not_resolved" | "window_closed"> {
  if (esc.status !== "resolved" || esc.resolvedAt === null) return { refused: "not_resolved" };
  const windowEnds = reopenWindowEnds(esc.resolvedAt, policy);
  if (now > windowEnds) return { refused: "window_closed" };
  const d = deadlines(esc, policy, now);
  const { calendar } = clockFor(esc, policy);
  return {
    changes: {
      status: "open",
      reopenedAt: now,
      levelSince: now,
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedBy: null,
      resolvedAt: null,
      resolution: null,
      rootCause: null,
      prevention: null,
      breachedAt: null,
      pausedAt: null,
      pausedTimers: [],
      pausedMs: 0,
      firstResponseDue: d.firstResponse,
      nextUpdateDue: d.nextUpdate,
      resolutionDue: d.resolution,
      levelBudgetDue: d.levelBudget,
    },
    onlyIf: undefined,
    timers: {
      reopen_closes: null,
      ack: d.firstResponse,
      update: d.nextUpdate,
      resolution_warn: resolutionWarnAt(now, d.resolution, policy.triggers.resolutionWarnAt, calendar),
      resolution_breach: d.resolution,
      level_budget: d.levelBudget,
    },
    windowEnds,
  };
}
