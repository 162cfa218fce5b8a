import type { ActionsBlock, Button, Overflow } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { nextLevel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import { levelsBelow } from "../../domain/reclassify.js";
import { mayStillReopen } from "../../domain/reopen.js";
import { neverPausesBecause } from "../../domain/waiting.js";
import { ACTION, ESCALATION_ACTIONS_BLOCK, MORE, type MoreAction } from "../ids.js";
import { option } from "./block-kit.js";
import type { RefSigner } from "../signed-ref.js";

/**
 * The buttons on an escalation's post: what its people do next. The everyday ones are buttons; the
 * rarer changes of its life (ownership, severity, a hand-down, waiting on the customer) sit in its
 * "More actions" menu, each offered only where it applies. A resolved post offers Reopen while the
 * playbook's window is open (a timer re-renders it when the window ends).
 */
export function escalationActions(esc: EscalationRow, policy: Policy, refs: RefSigner, now: number): ActionsBlock | undefined {
  const ref = refs.sign(esc.id);
  const actions: ActionsBlock = { type: "actions", block_id: ESCALATION_ACTIONS_BLOCK, elements: [] };
  if (esc.status === "resolved") {
    if (!mayStillReopen(esc, now, policy)) return undefined;
    actions.elements.push(button("Reopen", ACTION.reopen, ref));
    return actions;
  }
  if (!esc.acknowledgedBy) actions.elements.push(button("Acknowledge", ACTION.acknowledge, ref, "primary"));
  if (esc.pausedAt !== null) actions.elements.push(button("Customer replied", ACTION.customerReplied, ref, esc.acknowledgedBy ? "primary" : undefined));
  actions.elements.push(button("Post update", ACTION.postUpdate, ref));
  if (nextLevel(policy, esc.level, esc.severity)) actions.elements.push(button("Escalate", ACTION.escalate, ref, "danger"));
  actions.elements.push(button("Resolve", ACTION.resolve, ref));
  if (esc.restricted) actions.elements.push(button("Lift restriction", ACTION.liftRestriction, ref));
  // A major incident with its war room: who commands it is named from the post as from the room.
  if (esc.warRoomChannelId && esc.warRoomArchivedAt === null) actions.elements.push(button(esc.commanderId ? "Change commander" : "Assign commander", ACTION.assignCommander, ref));
  actions.elements.push(moreMenu(esc, policy, ref));
  return actions;
}

/** The "More actions" menu's choices for this escalation (Slack allows five). */
export function moreChoices(esc: EscalationRow, policy: Policy): { id: MoreAction; label: string }[] {
  const choices: { id: MoreAction; label: string }[] = [
    { id: MORE.takeOwnership, label: "Take ownership" },
    { id: MORE.reassign, label: "Reassign…" },
    { id: MORE.reclassify, label: "Change severity or category…" },
  ];
  if (policy.lifecycle.deescalate && levelsBelow(policy, esc.level, esc.severity).length > 0) choices.push({ id: MORE.deescalate, label: "De-escalate…" });
  const pausable = policy.lifecycle.pauseClocks.length > 0 && !neverPausesBecause(esc, policy);
  if (pausable && esc.acknowledgedBy && esc.pausedAt === null) choices.push({ id: MORE.waitOnCustomer, label: "Waiting on customer" });
  return choices;
}

function moreMenu(esc: EscalationRow, policy: Policy, ref: string): Overflow {
  return { type: "overflow", action_id: ACTION.more, options: moreChoices(esc, policy).map((c) => option(moreValue(c.id, ref), c.label)) };
}

/** `<choice>:<signed ref>`: which menu item, about which escalation. */
export const moreValue = (choice: MoreAction, signedRef: string): string => `${choice}:${signedRef}`;

/** The choice and signed reference of a "More actions" value; undefined when it is not one of ours. */
export function parseMoreValue(value: string | undefined): { choice: MoreAction; signedRef: string } | undefined {
  const m = /^([a-z]+):(.+)$/.exec(value ?? "");
  const choice = Object.values(MORE).find((c) => c === m?.[1]);
  return choice && m?.[2] ? { choice, signedRef: m[2] } : undefined;
}

function button(text: string, actionId: string, signedRef: string, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text }, action_id: actionId, value: signedRef, ...(style ? { style } : {}) };
}
