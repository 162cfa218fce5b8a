import type { ModalView } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { levelRank } from "../../domain/policy-lookup.js";
import { truncate } from "../../domain/text.js";
import type { Policy } from "../../policy/model.js";
import { CALLBACK, ESCALATE_FIELD as E, UPDATE_FIELD as U } from "../ids.js";
import { LIMITS, escapeMrkdwn, mrkdwnSection, option, staticSelect, textInput } from "./block-kit.js";

/** Where an escalation stands, as the Post update form offers it. */
export const UPDATE_STATUSES = [
  { id: "investigating", label: "Investigating" },
  { id: "identified", label: "Cause identified" },
  { id: "fixing", label: "Fix in progress" },
  { id: "monitoring", label: "Fix deployed, monitoring" },
  { id: "waiting_customer", label: "Waiting on the customer" },
] as const;

export interface EscalationRefMetadata {
  escalationId: number;
}

const title = (verb: string, id: number) => ({ type: "plain_text" as const, text: truncate(`${verb} ${formatEscalationId(id)}`, LIMITS.modalTitle) });
const header = (esc: EscalationRow) => mrkdwnSection(`*${formatEscalationId(esc.id)}*: ${escapeMrkdwn(truncate(esc.summary, 500))}`);

export function buildUpdateModal(esc: EscalationRow): ModalView {
  const metadata: EscalationRefMetadata = { escalationId: esc.id };
  return {
    type: "modal",
    callback_id: CALLBACK.updateModal,
    private_metadata: JSON.stringify(metadata),
    title: title("Update", esc.id),
    submit: { type: "plain_text", text: "Post update" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      header(esc),
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
    ],
  };
}

export function buildEscalateModal(esc: EscalationRow, policy: Policy): ModalView {
  const metadata: EscalationRefMetadata = { escalationId: esc.id };
  const higher = policy.levels.filter((l) => levelRank(policy, l.id) > levelRank(policy, esc.level));
  return {
    type: "modal",
    callback_id: CALLBACK.escalateModal,
    private_metadata: JSON.stringify(metadata),
    title: title("Escalate", esc.id),
    submit: { type: "plain_text", text: "Escalate" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      header(esc),
      staticSelect({ blockId: E.level, label: "Escalate to", options: higher, initialId: higher[0]?.id }),
      textInput({ blockId: E.reason, label: "Why", multiline: true, placeholder: "Root cause needs a code fix; Tier 2 has exhausted the logs" }),
    ],
  };
}
