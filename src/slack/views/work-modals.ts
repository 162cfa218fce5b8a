import type { KnownBlock, ModalView } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { levelsAbove } from "../../domain/playbook/lookup.js";
import { truncate } from "../../domain/text.js";
import type { Policy } from "../../domain/playbook/model.js";
import { CALLBACK, ESCALATE_FIELD as E, LIFT_FIELD as L, RESOLVE_FIELD as R, UPDATE_FIELD as U } from "../ids.js";
import { LIMITS, mrkdwnSection, option, staticSelect, textInput } from "./block-kit.js";
import { childrenOffer } from "./linked-lines.js";
import { userText } from "./slack-format.js";
import type { RefSigner } from "../signed-ref.js";

/** Where an escalation stands, as the Post update form offers it. */
export const UPDATE_STATUSES = [
  { id: "investigating", label: "Investigating" },
  { id: "identified", label: "Cause identified" },
  { id: "fixing", label: "Fix in progress" },
  { id: "monitoring", label: "Fix deployed, monitoring" },
  { id: "waiting_customer", label: "Waiting on the customer" },
] as const;

/** A form about one escalation: "Verb ESC-0042", the summary on top, its signed reference in private_metadata. */
export function escalationForm(esc: EscalationRow, refs: RefSigner, form: { callbackId: string; verb: string; submit: string; blocks: KnownBlock[] }): ModalView {
  return {
    type: "modal",
    callback_id: form.callbackId,
    private_metadata: refs.metadata(esc.id),
    title: { type: "plain_text", text: truncate(`${form.verb} ${formatEscalationId(esc.id)}`, LIMITS.modalTitle) },
    submit: { type: "plain_text", text: form.submit },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [mrkdwnSection(`*${formatEscalationId(esc.id)}*: ${userText(truncate(esc.summary, 500))}`), ...form.blocks],
  };
}

/** `shareWith`: the linked escalations the update may also be posted to (a parent's). */
export function buildUpdateModal(esc: EscalationRow, refs: RefSigner, shareWith: readonly EscalationRow[] = []): ModalView {
  const offer = childrenOffer(U.children, (ids) => `Also post this update in the threads of ${ids}`, shareWith);
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.updateModal,
    verb: "Update",
    submit: "Post update",
    blocks: [
      staticSelect({ blockId: U.status, label: "Status", options: UPDATE_STATUSES, initialId: "investigating" }),
      textInput({ blockId: U.done, label: "What was done", multiline: true, placeholder: "Checked media service logs; blob storage timeouts since 08:05" }),
      textInput({ blockId: U.next, label: "Next steps", multiline: true, optional: true, placeholder: "Raise the connection pool size and redeploy" }),
      {
        type: "input",
        block_id: U.customerVisible,
        label: { type: "plain_text", text: "Can the customer be told this?" },
        element: {
          type: "radio_buttons",
          action_id: U.customerVisible,
          options: [option("no", "No, internal only"), option("yes", "Yes, share with the customer")],
          initial_option: option("no", "No, internal only"),
        },
      },
      ...(offer ? [offer] : []),
    ],
  });
}

export function buildEscalateModal(esc: EscalationRow, policy: Policy, refs: RefSigner): ModalView {
  const higher = levelsAbove(policy, esc.level, esc.severity);
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.escalateModal,
    verb: "Escalate",
    submit: "Escalate",
    blocks: [
      staticSelect({ blockId: E.level, label: "Escalate to", options: higher, initialId: higher[0]?.id }),
      textInput({ blockId: E.reason, label: "Why", multiline: true, placeholder: "Root cause needs a code fix; Tier 2 has exhausted the logs" }),
    ],
  });
}

/** Lifting a restriction says where the details will go, and asks why: it is kept on the timeline. */
export function buildLiftRestrictionModal(esc: EscalationRow, refs: RefSigner): ModalView {
  const others = esc.channels.filter((c) => c !== esc.channel);
  const where = others.length > 0 ? `posted to ${others.join(", ")}, and` : "";
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.liftRestrictionModal,
    verb: "Lift restriction",
    submit: "Lift it",
    blocks: [
      mrkdwnSection(
        `:unlock: Its details (customer, summary, updates) will be ${where} shown in direct messages and lists like any escalation's. ` +
          "Lift it only when the playbook's restricted category does not apply (a false alarm).",
      ),
      textInput({ blockId: L.reason, label: "Why it is not restricted", multiline: true, placeholder: "The 'breach' was the SLA's, not a data breach" }),
    ],
  });
}

/** `shareWith`: the linked escalations that may be resolved with it, with the same outcome (a parent's). */
export function buildResolveModal(esc: EscalationRow, refs: RefSigner, shareWith: readonly EscalationRow[] = []): ModalView {
  const offer = childrenOffer(R.children, (ids) => `Also resolve ${ids} with the same outcome`, shareWith);
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.resolveModal,
    verb: "Resolve",
    submit: "Resolve",
    blocks: [
      textInput({ blockId: R.resolution, label: "Resolution", multiline: true, placeholder: "What fixed it, or why it is closed" }),
      textInput({ blockId: R.rootCause, label: "Root cause", multiline: true, placeholder: "What caused it ('unknown' is an answer)" }),
      textInput({ blockId: R.prevention, label: "Prevention", multiline: true, optional: true, placeholder: "What stops it happening again" }),
      ...(offer ? [offer] : []),
    ],
  });
}
