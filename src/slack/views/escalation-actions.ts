import type { ActionsBlock, Button, Overflow, PlainTextOption, StaticSelect } from "@slack/types";
import { formatEscalationId } from "../../domain/escalation-id.js";
import type { EscalationRow } from "../../db/schema.js";
import { nextLevel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import { levelsBelow } from "../../domain/reclassify.js";
import { mayStillReopen } from "../../domain/reopen.js";
import { neverPausesBecause } from "../../domain/waiting.js";
import { ACTION, ESCALATION_ACTIONS_BLOCK, MORE, type MoreAction } from "../ids.js";
import { option } from "./block-kit.js";
import { templatesFor } from "../../domain/customer-draft.js";
import { draftCustomerUpdateButton } from "./customer-draft-modal.js";
import type { RefSigner } from "../signed-ref.js";

/**
 * The buttons on an escalation's post: what its people do next. The everyday ones are buttons; the
 * rarer changes of its life (ownership, severity, a hand-down, waiting on the customer) sit in its
 * "More actions" menu, each offered only where it applies. A resolved post offers Reopen while the
 * playbook's window is open (a timer re-renders it when the window ends).
 */
export function escalationActions(esc: EscalationRow, policy: Policy, refs: RefSigner, now: number, linkedChildren = 0, jiraOn = false): ActionsBlock | undefined {
  const ref = refs.sign(esc.id);
  const actions: ActionsBlock = { type: "actions", block_id: ESCALATION_ACTIONS_BLOCK, elements: [] };
  if (esc.status === "resolved") {
    // The file of what happened is wanted most once it is over: Export stays on a resolved post, and
    // so does the draft (the resolution notice is drafted once it is resolved).
    if (mayStillReopen(esc, now, policy)) actions.elements.push(button("Reopen", ACTION.reopen, ref));
    if (templatesFor(policy, esc).length > 0) actions.elements.push(draftCustomerUpdateButton(ref));
    actions.elements.push(exportButton(ref));
    if (offersJira(esc, jiraOn)) actions.elements.push(jiraButton(ref));
    return actions;
  }
  if (!esc.acknowledgedBy) actions.elements.push(button("Acknowledge", ACTION.acknowledge, ref, "primary"));
  if (esc.pausedAt !== null) actions.elements.push(button("Customer replied", ACTION.customerReplied, ref, esc.acknowledgedBy ? "primary" : undefined));
  actions.elements.push(button("Post update", ACTION.postUpdate, ref));
  if (nextLevel(policy, esc.level, esc.severity)) actions.elements.push(button("Escalate", ACTION.escalate, ref, "danger"));
  actions.elements.push(button("Resolve", ACTION.resolve, ref));
  if (esc.restricted) actions.elements.push(button("Lift restriction", ACTION.liftRestriction, ref));
  // Only where the playbook has a template for it (no dead button).
  if (templatesFor(policy, esc).length > 0) actions.elements.push(draftCustomerUpdateButton(ref));
  // A major incident with its war room: who commands it is named from the post as from the room.
  if (esc.warRoomChannelId && esc.warRoomArchivedAt === null) actions.elements.push(button(esc.commanderId ? "Change commander" : "Assign commander", ACTION.assignCommander, ref));
  actions.elements.push(moreMenu(esc, policy, ref, linkedChildren, jiraOn));
  return actions;
}

/** The "More actions" menu's choices for this escalation. */
export function moreChoices(esc: EscalationRow, policy: Policy, linkedChildren = 0, jiraOn = false): { id: MoreAction; label: string }[] {
  const choices: { id: MoreAction; label: string }[] = [
    { id: MORE.takeOwnership, label: "Take ownership" },
    { id: MORE.reassign, label: "Reassign…" },
    { id: MORE.reclassify, label: "Change severity or category…" },
  ];
  if (policy.lifecycle.deescalate && levelsBelow(policy, esc.level, esc.severity).length > 0) choices.push({ id: MORE.deescalate, label: "De-escalate…" });
  const pausable = policy.lifecycle.pauseClocks.length > 0 && !neverPausesBecause(esc, policy);
  if (pausable && esc.acknowledgedBy && esc.pausedAt === null) choices.push({ id: MORE.waitOnCustomer, label: "Waiting on customer" });
  choices.push(linkChoice(esc, linkedChildren));
  choices.push({ id: MORE.export, label: EXPORT_LABEL });
  if (offersJira(esc, jiraOn)) choices.push({ id: MORE.jira, label: JIRA_LABEL });
  return choices;
}

/** Linked escalations: a linked one can be unlinked, a parent can unlink one of its own, any other can be linked. */
function linkChoice(esc: EscalationRow, linkedChildren: number): { id: MoreAction; label: string } {
  if (esc.parentId !== null) return { id: MORE.unlink, label: `Unlink from ${formatEscalationId(esc.parentId)}` };
  if (linkedChildren > 0) return { id: MORE.unlink, label: "Unlink a linked escalation…" };
  return { id: MORE.link, label: "Same issue as…" };
}

/**
 * Slack's overflow menu ("⋯") holds five choices; with more, the same choices become a select named
 * "More actions" (it holds a hundred), which Slack sends back the same way (`selected_option`).
 */
function moreMenu(esc: EscalationRow, policy: Policy, ref: string, linkedChildren: number, jiraOn: boolean): Overflow | StaticSelect {
  const options = moreChoices(esc, policy, linkedChildren, jiraOn).map((c) => option(moreValue(c.id, ref), c.label));
  if (options.length <= OVERFLOW_MAX_OPTIONS) return { type: "overflow", action_id: ACTION.more, options };
  return { type: "static_select", action_id: ACTION.more, placeholder: { type: "plain_text", text: "More actions" }, options };
}

const OVERFLOW_MAX_OPTIONS = 5;

/** `<choice>:<signed ref>`: which menu item, about which escalation. */
export const moreValue = (choice: MoreAction, signedRef: string): string => `${choice}:${signedRef}`;

/** The choice and signed reference of a "More actions" value; undefined when it is not one of ours. */
export function parseMoreValue(value: string | undefined): { choice: MoreAction; signedRef: string } | undefined {
  const m = /^([a-z]+):(.+)$/.exec(value ?? "");
  const choice = Object.values(MORE).find((c) => c === m?.[1]);
  return choice && m?.[2] ? { choice, signedRef: m[2] } : undefined;
}

const EXPORT_LABEL = "Export";

/**
 * Export, for any message about an escalation (the post; a war room's summary): the "More actions"
 * option, or a button where the message has no menu. Both come back with the signed reference to the
 * same listener, which puts the package in the escalation's thread.
 */
export function exportOption(signedRef: string): PlainTextOption {
  return option(moreValue(MORE.export, signedRef), EXPORT_LABEL);
}

export function exportButton(signedRef: string): Button {
  return button(EXPORT_LABEL, ACTION.export, signedRef);
}

const JIRA_LABEL = "Create Jira issue";

/** Only when JIRA_* is set, and until it has its issue (the post then shows the key). */
const offersJira = (esc: EscalationRow, jiraOn: boolean): boolean => jiraOn && esc.jiraKey === null;

/** Create Jira issue as a button, for a message without the "More actions" menu (a resolved post, the export's notice). */
export function jiraButton(signedRef: string): Button {
  return button(JIRA_LABEL, ACTION.createJiraIssue, signedRef);
}

function button(text: string, actionId: string, signedRef: string, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text }, action_id: actionId, value: signedRef, ...(style ? { style } : {}) };
}
