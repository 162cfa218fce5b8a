import type { EscalationRow } from "../db/schema.js";
import { warRoomReopened } from "./war-room-service.js";
import type { Actor } from "../domain/permissions.js";
import { reopen, reopenWindowEnds } from "../domain/reopen.js";
import type { MayResult, Refused, UseCaseRunner } from "./use-case.js";

export type ReopenResult =
  | { kind: "done"; escalation: EscalationRow }
  | { kind: "not_resolved"; escalation: EscalationRow }
  | { kind: "window_closed"; escalation: EscalationRow; windowEnded: number }
  | { kind: "not_found" }
  | Refused;

/**
 * A resolved escalation comes back within the playbook's window: its clocks start again, its level
 * must acknowledge it again, and whoever owned it is told. Its earlier resolution stays on the
 * timeline.
 */
export class ReopenService {
  constructor(private readonly run: UseCaseRunner) {}

  reopen(id: number, actor: Actor, reason: string): Promise<ReopenResult> {
    const { policy } = this.run;
    return this.run.changeAny(id, "reopen", actor, async (steps, esc, now): Promise<ReopenResult> => {
      const change = reopen(esc, now, policy);
      if ("refused" in change) return this.notReopenable(esc, change.refused);
      await steps.apply(esc, change);
      const event = await steps.record(esc, now, actor.userId, { kind: "reopened", detail: { reason, resolvedAt: esc.resolvedAt!, resolvedBy: esc.resolvedBy } });
      const current = (await steps.escalations.findById(id))!;
      await steps.announce(current, event, now);
      await warRoomReopened(steps, current, event, now);
      const lastOwner = esc.ownerId ?? esc.resolvedBy;
      if (lastOwner) await steps.tellPerson(current, event, lastOwner, now);
      return { kind: "done", escalation: current };
    });
  }

  /**
   * Before the Reopen form opens (a button or `/escalate reopen ESC-0042`): is it resolved, still
   * within the window, and may this person reopen it?
   */
  async mayReopen(id: number, actor: Actor): Promise<MayResult | Exclude<ReopenResult, { kind: "done" }>> {
    const may = await this.run.mayStart(id, "reopen", actor, { resolvedToo: true });
    if (may.kind !== "allowed") return may;
    const check = reopen(may.escalation, this.run.deps.clock.now(), this.run.policy);
    return "refused" in check ? this.notReopenable(may.escalation, check.refused) : may;
  }

  private notReopenable(esc: EscalationRow, why: "not_resolved" | "window_closed"): Exclude<ReopenResult, { kind: "done" | "not_found" | "refused" }> {
    return why === "window_closed" ? { kind: why, escalation: esc, windowEnded: reopenWindowEnds(esc.resolvedAt!, this.run.policy) } : { kind: why, escalation: esc };
  }
}
