import type { ModalView } from "@slack/types";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { truncate } from "../../domain/text.js";
import { CALLBACK, RESOLVE_FIELD as R } from "../ids.js";
import { LIMITS, escapeMrkdwn, mrkdwnSection, textInput } from "./block-kit.js";

export interface ResolveModalMetadata {
  escalationId: number;
}

export function buildResolveModal(escalation: { id: number; summary: string }): ModalView {
  const metadata: ResolveModalMetadata = { escalationId: escalation.id };
  return {
    type: "modal",
    callback_id: CALLBACK.resolveModal,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: truncate(`Resolve ${formatEscalationId(escalation.id)}`, LIMITS.modalTitle) },
    submit: { type: "plain_text", text: "Resolve" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      mrkdwnSection(`*${formatEscalationId(escalation.id)}*: ${escapeMrkdwn(truncate(escalation.summary, 500))}`),
      textInput({ blockId: R.resolution, label: "Resolution", multiline: true, placeholder: "What fixed it, or why it is closed" }),
      textInput({ blockId: R.rootCause, label: "Root cause", multiline: true, placeholder: "What caused it ('unknown' is an answer)" }),
      textInput({ blockId: R.prevention, label: "Prevention", multiline: true, optional: true, placeholder: "What stops it happening again" }),
    ],
  };
}
