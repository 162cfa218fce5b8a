import type { EscalationRow } from "../db/schema.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import { distinctCustomers, linkRefusalText, linkTarget, multipleCustomersFields, severityToMatch } from "../domain/linking.js";
import type { Actor } from "../domain/permissions.js";
import { playbookChoiceWith } from "../domain/reclassify.js";
import type { TimelineEventOf } from "../domain/timeline-event.js";
import type { EscalationSteps } from "./escalation-steps.js";
import { applyReclassification } from "./reclassification-step.js";
import type { NotOpen, Refused, UseCaseRunner } from "./use-case.js";

export type LinkResult =
  | { kind: "done"; child: EscalationRow; parent: EscalationRow }
  /** The link does not apply (itself, a circle, a resolved one, ...): `reason` is for the form. */
  | { kind: "cannot_link"; escalation: EscalationRow; reason: string }
  | NotOpen
  | Refused;

export type UnlinkResult = { kind: "done"; child: EscalationRow; parent: EscalationRow } | { kind: "not_linked"; escalation: EscalationRow } | { kind: "not_found" } | Refused;

/**
 * "Same issue as…" and Unlink: one escalation (the child) is the same incident as another (the
 * parent). One transaction each, holding both escalations' locks: the link on the child, the
 * timeline and thread of both, and what the parent's playbook asks of several customers (at least
 * the highest child's severity, the multiple-customers rule), told as a manual change would be.
 */
export class LinkingService {
  constructor(private readonly run: UseCaseRunner) {}

  link(childId: number, actor: Actor, chosenId: number, note: string | undefined): Promise<LinkResult> {
    const { userId } = actor;
    return this.run.transact(["done"], async (steps, now): Promise<LinkResult> => {
      const peek = await steps.escalations.findById(chosenId);
      const locked = await lockAll(steps, [childId, chosenId, ...(peek?.parentId ? [peek.parentId] : [])]);
      const child = locked.get(childId);
      if (!child) return { kind: "not_found" };
      if (child.status === "resolved") return { kind: "already_resolved", escalation: child };
      const refused = await this.run.refuse(steps, child, "link", actor, now);
      if (refused) return refused;
      const chosen = locked.get(chosenId);
      if (!chosen) return { kind: "cannot_link", escalation: child, reason: `${formatEscalationId(chosenId)} does not exist.` };
      const root = chosen.parentId !== null ? locked.get(chosen.parentId) : undefined;
      const target = linkTarget(child, chosen, root, (await steps.escalations.childrenOf(child.id)).map((c) => c.id));
      if ("refused" in target) return { kind: "cannot_link", escalation: child, reason: linkRefusalText(target, child.id, chosen.id) };
      const parent = target.parentId === chosen.id ? chosen : root!;

      if (!(await steps.escalations.update(child.id, { parentId: parent.id }, "unresolved"))) return { kind: "already_resolved", escalation: child };
      const link = { parentId: parent.id, childId: child.id, ...(target.viaChild !== undefined ? { viaChild: target.viaChild } : {}) };
      const childEvent = await steps.record(child, now, userId, {
        kind: "linked",
        detail: { ...link, side: "child", ...(note ? { note } : {}), ...otherFor(child, parent) },
      });
      // A restricted child's customer and the words typed about it stay out of an unrestricted parent's thread.
      const childSecret = child.restricted && !parent.restricted;
      const parentEvent = await steps.record(parent, now, userId, {
        kind: "linked",
        detail: { ...link, side: "parent", ...(note && !childSecret ? { note } : {}), ...otherFor(parent, child) },
      });
      const linkedChild = (await steps.escalations.findById(child.id))!;
      await steps.announce(linkedChild, childEvent, now);
      await steps.announce(parent, parentEvent, now);
      const current = await this.followParent(steps, parent, userId, now);
      return { kind: "done", child: linkedChild, parent: current };
    });
  }

  /**
   * Ends a link, from the child's post or the parent's (`fromId`, where the permission is asked).
   * A severity the link raised stays: the notice says so, and lowering it is a decision of its own.
   */
  unlink(childId: number, actor: Actor, fromId: number): Promise<UnlinkResult> {
    return this.run.transact(["done"], async (steps, now): Promise<UnlinkResult> => {
      const peek = await steps.escalations.findById(childId);
      if (!peek) return { kind: "not_found" };
      const locked = await lockAll(steps, [childId, fromId, ...(peek.parentId ? [peek.parentId] : [])]);
      const child = locked.get(childId);
      const from = locked.get(fromId);
      if (!child || !from) return { kind: "not_found" };
      const refused = await this.run.refuse(steps, from, "link", actor, now);
      if (refused) return refused;
      const parent = child.parentId !== null ? locked.get(child.parentId) : undefined;
      if (!parent || (fromId !== childId && fromId !== parent.id)) return { kind: "not_linked", escalation: child };
      await steps.escalations.update(child.id, { parentId: null });
      const detail = { parentId: parent.id, childId: child.id };
      const childEvent = await steps.record(child, now, actor.userId, { kind: "unlinked", detail: { ...detail, side: "child" } });
      const parentEvent = await steps.record(parent, now, actor.userId, { kind: "unlinked", detail: { ...detail, side: "parent" } });
      const unlinked = (await steps.escalations.findById(child.id))!;
      await steps.announce(unlinked, childEvent, now);
      await steps.announce(parent, parentEvent, now);
      return { kind: "done", child: unlinked, parent };
    });
  }

  /**
   * What the parent's playbook asks once another customer is linked: at least the most severe open
   * child's severity ("linked ESC-0045"), then, at the playbook's count of customers, its
   * multiple-customers rule. Each a reclassification, told and clocked like one by hand.
   */
  private async followParent(steps: EscalationSteps, parent: EscalationRow, userId: string, now: number): Promise<EscalationRow> {
    let current = parent;
    const children = await steps.escalations.childrenOf(parent.id);
    const open = children.filter((c) => c.status !== "resolved");
    const raise = severityToMatch(steps.policy, current.severity, open.map((c) => c.severity));
    if (raise) {
      const cause = open.find((c) => c.severity === raise)!;
      const raised = await applyReclassification(steps, current, { severity: raise, category: current.category }, userId, `linked ${formatEscalationId(cause.id)}`, now);
      if (!("refused" in raised)) current = raised.escalation;
    }
    const customers = distinctCustomers([current.customer, ...children.map((c) => c.customer)]);
    const fields = multipleCustomersFields(steps.policy, current.fields, customers);
    const rule = steps.policy.linking.multipleCustomers;
    if (fields && rule) {
      const reason = `${customers} customers linked: the playbook's multiple-customers rule applies`;
      const to = playbookChoiceWith(current, fields, steps.policy);
      const decided = await applyReclassification(steps, current, { ...to, fields }, userId, reason, now, (_, change) => ({
        kind: "customers_linked",
        detail: { customers, field: rule.field, reasons: change.newReasons },
      }));
      if (!("refused" in decided)) current = decided.escalation;
    }
    return current;
  }
}

/** What an escalation's event says of the other one: its customer and tier, unless that one is restricted and this one is not. */
function otherFor(self: EscalationRow, other: EscalationRow): Pick<TimelineEventOf<"linked">["detail"], "other"> {
  return other.restricted && !self.restricted ? {} : { other: { customer: other.customer, tier: other.tier } };
}

/** Locks the escalations in id order (so two links of the same pair never wait on each other), answering them by id. */
async function lockAll(steps: EscalationSteps, ids: number[]): Promise<Map<number, EscalationRow>> {
  const rows = new Map<number, EscalationRow>();
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const row = await steps.escalations.findForUpdate(id);
    if (row) rows.set(id, row);
  }
  return rows;
}
