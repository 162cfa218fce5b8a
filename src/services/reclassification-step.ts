import type { EscalationRow, TimelineEventRow } from "../db/schema.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import { moveToLevel } from "../domain/lifecycle.js";
import { severityToMatch } from "../domain/linking.js";
import { outboxKey } from "../domain/outbox-intent.js";
import { levelLabel, severityLabel } from "../domain/playbook/lookup.js";
import { reclassify, type Reclassified } from "../domain/reclassify.js";
import type { TimelineEvent } from "../domain/timeline-event.js";
import type { EscalationSteps } from "./escalation-steps.js";
import { openWarRoomIfDue } from "./war-room-service.js";

/**
 * A change of severity, category or field values inside the caller's transaction, with everything a
 * manual change does: the new values and deadlines, the timers, the post moved when it became
 * restricted, the thread told, new channels and roles told, a higher starting level. Linking uses it
 * too ("linked ESC-0045"), so a raise by a link is told and clocked exactly like one by hand.
 * `event` says what goes on the timeline; by default a "reclassified" event with `reason`.
 */
export async function applyReclassification(
  steps: EscalationSteps,
  esc: EscalationRow,
  to: { severity: string; category: string; fields?: EscalationRow["fields"] },
  userId: string,
  reason: string,
  now: number,
  event?: (current: EscalationRow, change: Reclassified) => TimelineEvent,
): Promise<{ escalation: EscalationRow; event: TimelineEventRow } | { refused: "already_resolved" | "unchanged" }> {
  const { policy } = steps;
  const id = esc.id;
  const change = reclassify(esc, to, userId, reason, now, policy);
  if ("refused" in change) return change;
  if (!(await steps.apply(esc, change))) return { refused: "already_resolved" };
  let current = (await steps.escalations.findById(id))!;
  const recorded = await steps.record(
    esc,
    now,
    userId,
    event?.(current, change) ?? {
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
    },
  );
  if (change.withdraw) {
    // The old post becomes a pointer first, then the post is made again where details may be.
    await steps.send(current, { kind: "withdraw_post", ...change.withdraw }, outboxKey.withdraw(recorded.id), now);
    await steps.send(current, { kind: "post_escalation" }, outboxKey.postMoved(id, recorded.id), now);
  }
  await steps.announce(current, recorded, now);
  for (const channel of change.newChannels) await steps.send(current, { kind: "crosspost", channel }, outboxKey.crosspost(id, channel), now);
  await steps.dmRoles(current, recorded, change.newDmRoles, now);
  if (change.moveTo) {
    const reasonUp = `${severityLabel(policy, esc.severity)} → ${severityLabel(policy, current.severity)}: starts at ${levelLabel(policy, change.moveTo)}`;
    current = (await steps.moveToLevel(current, moveToLevel(current, change.moveTo, now, policy), now, { actor: userId, trigger: "manual", reason: reasonUp })).escalation;
  }
  // Now a major incident (Sev 1, say): it gets its war room.
  await openWarRoomIfDue(steps, current, now);
  return { escalation: current, event: recorded };
}

/**
 * A linked escalation became more severe (changed by hand): its parent follows, as when it was
 * linked ("linked ESC-0045"). Inside the caller's transaction, which holds the child's lock; the
 * parent's is taken after it.
 */
export async function parentFollowsChild(steps: EscalationSteps, child: EscalationRow, userId: string, now: number): Promise<void> {
  if (child.parentId === null || child.status === "resolved") return;
  const parent = await steps.escalations.findForUpdate(child.parentId);
  if (!parent || parent.status === "resolved") return;
  const raise = severityToMatch(steps.policy, parent.severity, [child.severity]);
  if (raise) await applyReclassification(steps, parent, { severity: raise, category: parent.category }, userId, `linked ${formatEscalationId(child.id)}`, now);
}
