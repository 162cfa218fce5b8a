import type { Escalation } from "./escalation.js";
import { acknowledge, type Change, type Refusal } from "./lifecycle.js";
import type { Policy } from "./playbook/model.js";

/**
 * Who owns an escalation: the person reminders and warnings are for, who the post names. Taken by
 * someone of the level (which also acknowledges it when nobody had), handed to someone else with a
 * note, or the first acknowledger's when nobody owned it (lifecycle.acknowledge).
 */

type OwnershipSubject = Pick<Escalation, "status" | "ownerId" | "acknowledgedBy" | "createdAt" | "level" | "levelBudgetDue">;

/**
 * `userId` takes it over. Taking it on acknowledges it when nobody had: `acknowledged` then says
 * after how long, for the timeline's acknowledgement.
 */
export function takeOwnership(
  esc: OwnershipSubject,
  userId: string,
  now: number,
  policy: Policy,
): (Change & { from: string | null; acknowledged?: { afterMs: number } }) | Refusal<"already_resolved" | "already_owner"> {
  if (esc.status === "resolved") return { refused: "already_resolved" };
  if (esc.ownerId === userId) return { refused: "already_owner" };
  const ack = esc.acknowledgedBy ? undefined : acknowledge(esc, userId, now, policy);
  if (ack && "changes" in ack) {
    return { changes: { ...ack.changes, ownerId: userId }, onlyIf: "unresolved", from: esc.ownerId, acknowledged: { afterMs: ack.afterMs } };
  }
  return { changes: { ownerId: userId }, onlyIf: "unresolved", from: esc.ownerId };
}

/** Handed to `to`: they own it from now (whether it was acknowledged does not change). */
export function reassign(esc: Pick<Escalation, "status" | "ownerId">, to: string): (Change & { from: string | null }) | Refusal<"already_resolved" | "already_owner"> {
  if (esc.status === "resolved") return { refused: "already_resolved" };
  if (esc.ownerId === to) return { refused: "already_owner" };
  return { changes: { ownerId: to }, onlyIf: "unresolved", from: esc.ownerId };
}
