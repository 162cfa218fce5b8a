import type { EscalationRow } from "../db/schema.js";
import { takeOwnership, reassign } from "../domain/ownership.js";
import type { Actor } from "../domain/permissions.js";
import type { NotOpen, Refused, UseCaseRunner } from "./use-case.js";

export type OwnershipResult = { kind: "done"; escalation: EscalationRow } | { kind: "already_owner"; escalation: EscalationRow } | NotOpen | Refused;

/**
 * Take ownership and Reassign: who the escalation's reminders and warnings are for from now. Each
 * runs in one transaction with the timeline event saying who handed it to whom and why; a handover
 * DMs the new owner a link to the thread.
 */
export class OwnershipService {
  constructor(private readonly run: UseCaseRunner) {}

  /** The person takes it over (and acknowledges it, when nobody had). */
  take(id: number, actor: Actor): Promise<OwnershipResult> {
    const userId = actor.userId;
    return this.run.changeOpen(id, "takeOwnership", actor, async (steps, esc, now): Promise<OwnershipResult> => {
      const took = takeOwnership(esc, userId, now, this.run.policy);
      if ("refused" in took) return { kind: took.refused, escalation: esc };
      if (!(await steps.apply(esc, took))) return { kind: "already_resolved", escalation: esc };
      if (took.acknowledged) await steps.record(esc, now, userId, { kind: "acknowledged", detail: { afterMs: took.acknowledged.afterMs, level: esc.level } });
      const event = await steps.record(esc, now, userId, { kind: "owner_changed", detail: { from: took.from, to: userId, how: "took" } });
      const current = (await steps.escalations.findById(id))!;
      // The thread notice names (and so pings) whoever had it.
      await steps.announce(current, event, now);
      return { kind: "done", escalation: current };
    });
  }

  /**
   * Handed to `to` with an optional note. Who may receive it (an active person, not a bot, allowed
   * to see a restricted escalation) is checked where the form is, with Slack's answer at hand.
   */
  reassign(id: number, actor: Actor, to: string, note: string | undefined): Promise<OwnershipResult> {
    return this.run.changeOpen(id, "reassign", actor, async (steps, esc, now): Promise<OwnershipResult> => {
      const handed = reassign(esc, to);
      if ("refused" in handed) return { kind: handed.refused, escalation: esc };
      if (!(await steps.apply(esc, handed))) return { kind: "already_resolved", escalation: esc };
      const event = await steps.record(esc, now, actor.userId, {
        kind: "owner_changed",
        detail: { from: handed.from, to, how: "reassigned", ...(note ? { note } : {}) },
      });
      const current = (await steps.escalations.findById(id))!;
      await steps.announce(current, event, now);
      await steps.tellPerson(current, event, to, now);
      return { kind: "done", escalation: current };
    });
  }
}
