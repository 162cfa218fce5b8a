import type { InputBlock, ModalView } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { categoryLabel, severityLabel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import { levelsBelow } from "../../domain/reclassify.js";
import { CALLBACK, DEESCALATE_FIELD as D, REASSIGN_FIELD as A, RECLASSIFY_FIELD as C, REOPEN_FIELD as O } from "../ids.js";
import type { RefSigner } from "../signed-ref.js";
import { mrkdwnSection, staticSelect, textInput } from "./block-kit.js";
import { mention, slackDate } from "./slack-format.js";
import { escalationForm } from "./work-modals.js";

/** The forms of an escalation's later life: Reassign, Change severity or category, De-escalate, Reopen. */

export function buildReassignModal(esc: EscalationRow, refs: RefSigner): ModalView {
  const users: InputBlock = {
    type: "input",
    block_id: A.user,
    label: { type: "plain_text", text: "New owner" },
    element: { type: "users_select", action_id: A.user, placeholder: { type: "plain_text", text: "Choose a person" } },
  };
  const now = esc.ownerId ? `Owned by ${mention(esc.ownerId)} now.` : "Nobody owns it yet.";
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.reassignModal,
    verb: "Reassign",
    submit: "Reassign",
    blocks: [
      mrkdwnSection(`${now} The new owner gets its reminders and warnings, and a direct message with a link to the thread.`),
      users,
      textInput({ blockId: A.note, label: "Note for the new owner", multiline: true, optional: true, placeholder: "Where it stands and what to do next" }),
    ],
  });
}

/** The categories the form offers: the playbook's, and the escalation's own when the playbook no longer has it. */
function categoryOptions(esc: EscalationRow, policy: Policy): { id: string; label: string }[] {
  const options = [{ id: "general", label: categoryLabel(policy, "general") }, ...policy.categories.filter((c) => c.id !== "general")];
  return options.some((o) => o.id === esc.category) ? options : [{ id: esc.category, label: categoryLabel(policy, esc.category) }, ...options];
}

export function buildReclassifyModal(esc: EscalationRow, policy: Policy, refs: RefSigner): ModalView {
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.reclassifyModal,
    verb: "Change",
    submit: "Change",
    blocks: [
      mrkdwnSection(
        `Now *${severityLabel(policy, esc.severity)}* · ${categoryLabel(policy, esc.category)}. The playbook decides again as if it had opened so: ` +
          "its deadlines count from when it opened, a higher severity tells its people and levels at once, and a restricted category moves its details to its own channel.",
      ),
      staticSelect({ blockId: C.severity, label: "Severity", options: policy.severities, initialId: esc.severity }),
      staticSelect({ blockId: C.category, label: "Category", options: categoryOptions(esc, policy), initialId: esc.category }),
      textInput({ blockId: C.reason, label: "Why", multiline: true, placeholder: "Every dispatcher in the EU is blocked" }),
    ],
  });
}

export function buildDeescalateModal(esc: EscalationRow, policy: Policy, refs: RefSigner): ModalView {
  const lower = levelsBelow(policy, esc.level, esc.severity);
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.deescalateModal,
    verb: "De-escalate",
    submit: "Hand it down",
    blocks: [
      staticSelect({ blockId: D.level, label: "Hand it to", options: lower, initialId: lower[0]?.id }),
      textInput({ blockId: D.reason, label: "Why", multiline: true, placeholder: "A configuration fix Tier 2 can make; no code change needed" }),
    ],
  });
}

export function buildReopenModal(esc: EscalationRow, refs: RefSigner): ModalView {
  const when = esc.resolvedAt !== null ? ` on ${slackDate(esc.resolvedAt)}` : "";
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.reopenModal,
    verb: "Reopen",
    submit: "Reopen",
    blocks: [
      mrkdwnSection(`${formatEscalationId(esc.id)} was resolved${when}. Reopening starts its clocks again; its level must acknowledge it again and its last owner is told.`),
      textInput({ blockId: O.reason, label: "What came back", multiline: true, placeholder: "The customer reports the uploads fail again since this morning" }),
    ],
  });
}
