import type { ModalView } from "@slack/types";
import { DEFAULT_TIER, SENTIMENTS, SEVERITIES, TIERS } from "../../domain/escalation.js";
import { CALLBACK, ESCALATION_FIELD as F } from "../ids.js";
import { staticSelect, textInput } from "./block-kit.js";

export interface EscalationModalInput {
  /** Text typed after /escalate, used as the summary. */
  summary?: string;
  /** Where the command was typed, carried to the submission in private_metadata. */
  channelId?: string;
}

export interface EscalationModalMetadata {
  channelId: string | null;
}

export function buildEscalationModal(input: EscalationModalInput): ModalView {
  const metadata: EscalationModalMetadata = { channelId: input.channelId ?? null };
  return {
    type: "modal",
    callback_id: CALLBACK.escalationModal,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: "Escalate an issue" },
    submit: { type: "plain_text", text: "Escalate" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      textInput({ blockId: F.customer, label: "Customer (company)", placeholder: "Acme Corp", maxLength: 200 }),
      staticSelect({ blockId: F.tier, label: "Account tier", options: TIERS, initialId: DEFAULT_TIER }),
      staticSelect({ blockId: F.severity, label: "Severity", options: SEVERITIES, placeholder: "How bad is it?" }),
      textInput({
        blockId: F.summary,
        label: "Summary",
        multiline: true,
        placeholder: "Drivers cannot upload inspection photos: 'Upload failed (NET-002)'",
        initialValue: input.summary,
      }),
      textInput({
        blockId: F.impact,
        label: "Customer impact",
        multiline: true,
        optional: true,
        placeholder: "10 drivers cannot complete daily inspections",
      }),
      textInput({ blockId: F.customerContact, label: "Customer contact", optional: true, placeholder: "John Smith, john@acme.com", maxLength: 300 }),
      textInput({ blockId: F.troubleshooting, label: "Troubleshooting done", multiline: true, optional: true }),
      textInput({ blockId: F.errorMessages, label: "Error messages", multiline: true, optional: true }),
      textInput({ blockId: F.environment, label: "Environment", optional: true, placeholder: "App 1.5.2, iOS 15.4, iPhone 12", maxLength: 500 }),
      textInput({ blockId: F.reproSteps, label: "Steps to reproduce", multiline: true, optional: true }),
      textInput({ blockId: F.workaround, label: "Workaround", optional: true, placeholder: "None available" , maxLength: 1000 }),
      staticSelect({ blockId: F.sentiment, label: "Customer sentiment", options: SENTIMENTS, optional: true }),
      textInput({ blockId: F.ticketRef, label: "Ticket reference", optional: true, placeholder: "#12345", maxLength: 100 }),
    ],
  };
}
