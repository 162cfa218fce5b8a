import type { EscalationRow } from "../db/schema.js";
import type { Actor } from "../domain/permissions.js";
import { deescalate } from "../domain/reclassify.js";
import { applyReclassification, parentFollowsChild } from "./reclassification-step.js";
import type { NotOpen, Refused, UseCaseRunner } from "./use-case.js";

export type ReclassifyResult = { kind: "done"; escalation: EscalationRow } | { kind: "unchanged"; escalation: EscalationRow } | NotOpen | Refused;

export type DeescalateResult =
  | { kind: "done"; escalation: EscalationRow }
  | { kind: "not_allowed"; escalation: EscalationRow }
  | { kind: "not_lower"; escalation: EscalationRow }
  | NotOpen
  | Refused;

/**
 * The severity or category turned out wrong (with a reason), or the escalation goes back down a
 * level where the playbook allows it. One transaction each: the new values and deadlines, the
 * timers that follow (one set, never two), what opening so would have done at once (a higher level,
 * channels, DMs), and moving the details out of public channels when it became restricted.
 */
export class ReclassificationService {
  constructor(private readonly run: UseCaseRunner) {}

  reclassify(id: number, actor: Actor, to: { severity: string; category: string }, reason: string): Promise<ReclassifyResult> {
    const userId = actor.userId;
    return this.run.changeOpen(id, "reclassify", actor, async (steps, esc, now): Promise<ReclassifyResult> => {
      const done = await applyReclassification(steps, esc, to, userId, reason, now);
      if ("refused" in done) return { kind: done.refused, escalation: esc };
      // The incident it is linked to is at least as severe as it is.
      await parentFollowsChild(steps, done.escalation, userId, now);
      return { kind: "done", escalation: done.escalation };
    });
  }

  /** Back down to a lower level on its path (the chosen one, else the nearest), with a reason. */
  deescalate(id: number, actor: Actor, toLevel: string | undefined, reason: string): Promise<DeescalateResult> {
    const { policy } = this.run;
    return this.run.changeOpen(id, "deescalate", actor, async (steps, esc, now): Promise<DeescalateResult> => {
      const move = deescalate(esc, toLevel, now, policy);
      if ("refused" in move) return { kind: move.refused, escalation: esc };
      const { escalation } = await steps.moveToLevel(esc, move, now, { actor: actor.userId, trigger: "manual", reason, down: true });
      return { kind: "done", escalation };
    });
  }
}
