import type { EscalationRow } from "../db/schema.js";
import { openWarRoomIfDue } from "./war-room-service.js";
import { moveToLevel } from "../domain/lifecycle.js";
import { outboxKey } from "../domain/outbox-intent.js";
import type { Actor } from "../domain/permissions.js";
import { levelLabel, severityLabel } from "../domain/playbook/lookup.js";
import { deescalate, reclassify } from "../domain/reclassify.js";
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
    const { policy } = this.run;
    const userId = actor.userId;
    return this.run.changeOpen(id, "reclassify", actor, async (steps, esc, now): Promise<ReclassifyResult> => {
      const change = reclassify(esc, to, userId, reason, now, policy);
      if ("refused" in change) return { kind: change.refused, escalation: esc };
      if (!(await steps.apply(esc, change))) return { kind: "already_resolved", escalation: esc };
      let current = (await steps.escalations.findById(id))!;
      const event = await steps.record(esc, now, userId, {
        kind: "reclassified",
        detail: {
          fromSeverity: esc.severity,
          toSeverity: current.severity,
          fromCategory: esc.category,
          toCategory: current.category,
          reason,
          restricted: change.becameRestricted,
          resolutionDue: current.resolutionDue,
          ...(current.nextUpdateDue !== null ? { nextUpdateDue: current.nextUpdateDue } : {}),
        },
      });
      if (change.withdraw) {
        // The old post becomes a pointer first, then the post is made again where details may be.
        await steps.send(current, { kind: "withdraw_post", ...change.withdraw }, outboxKey.withdraw(event.id), now);
        await steps.send(current, { kind: "post_escalation" }, outboxKey.postMoved(id, event.id), now);
      }
      await steps.announce(current, event, now);
      for (const channel of change.newChannels) await steps.send(current, { kind: "crosspost", channel }, outboxKey.crosspost(id, channel), now);
      await steps.dmRoles(current, event, change.newDmRoles, now);
      if (change.moveTo) {
        const reasonUp = `${severityLabel(policy, esc.severity)} → ${severityLabel(policy, current.severity)}: starts at ${levelLabel(policy, change.moveTo)}`;
        current = (await steps.moveToLevel(current, moveToLevel(current, change.moveTo, now, policy), now, { actor: userId, trigger: "manual", reason: reasonUp })).escalation;
      }
      // Now a major incident (Sev 1, say): it gets its war room.
      await openWarRoomIfDue(steps, current, now);
      return { kind: "done", escalation: current };
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
