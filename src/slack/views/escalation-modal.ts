import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import type { Classification } from "../../domain/classify.js";
import { SENTIMENTS } from "../../domain/escalation.js";
import { GENERAL_CATEGORY, categoryLabel, severityLabel } from "../../domain/playbook/lookup.js";
import { truncate } from "../../domain/text.js";
import type { FieldSpec, Policy } from "../../domain/playbook/model.js";
import { CALLBACK, ESCALATION_FIELD as F, policyFieldBlockId } from "../ids.js";
import { ticketLabel } from "../../domain/ticket-link.js";
import { LIMITS, option, staticSelect, textInput } from "./block-kit.js";
import { userText } from "./slack-format.js";

export interface EscalationModalInput {
  policy: Policy;
  /** Text typed after /escalate, used as the summary. */
  summary?: string;
  /** Where the command was typed, carried to the submission in private_metadata. */
  channelId?: string;
  /** The customer impact field's text: the whole of a message escalated with the message shortcut. */
  details?: string;
  /** The permalink of that message, carried to the submission in private_metadata. */
  sourceMessageUrl?: string;
  /** What the playbook makes of the typed text, shown so the agent can accept or override it. */
  suggestion?: Classification;
}

export interface EscalationModalMetadata {
  channelId: string | null;
  sourceMessageUrl?: string;
}

function policyField(field: FieldSpec): InputBlock {
  const blockId = policyFieldBlockId(field.id);
  if (field.kind === "checkbox") {
    return {
      type: "input",
      block_id: blockId,
      optional: true,
      label: { type: "plain_text", text: field.label },
      ...(field.hint ? { hint: { type: "plain_text", text: field.hint } } : {}),
      element: { type: "checkboxes", action_id: blockId, options: [option("yes", field.hint ? "Yes" : field.label)] },
    };
  }
  return textInput({
    blockId,
    label: field.label,
    optional: true,
    ...(field.hint ? { hint: field.hint } : {}),
    ...(field.kind === "number" ? { placeholder: "e.g. 1200", maxLength: 30 } : { maxLength: 500 }),
  });
}

function suggestionBlock(policy: Policy, s: Classification): KnownBlock {
  const why = truncate(s.reasons.join("; "), 600);
  const text =
    `:bulb: The playbook suggests *${severityLabel(policy, s.suggestedSeverity)}* · ${categoryLabel(policy, s.suggestedCategory)} — ${userText(why)}.\n` +
    "Leave severity and category empty to use the playbook's suggestion for everything you write below.";
  return { type: "context", elements: [{ type: "mrkdwn", text: truncate(text, LIMITS.contextText) }] };
}

export function buildEscalationModal(input: EscalationModalInput): ModalView {
  const { policy } = input;
  const metadata: EscalationModalMetadata = { channelId: input.channelId ?? null, ...(input.sourceMessageUrl ? { sourceMessageUrl: input.sourceMessageUrl } : {}) };
  const categories = [...policy.categories, ...(policy.categories.some((c) => c.id === GENERAL_CATEGORY.id) ? [] : [GENERAL_CATEGORY])];
  const blocks: KnownBlock[] = [
    textInput({ blockId: F.customer, label: "Customer (company)", placeholder: "Acme Corp", maxLength: 200 }),
    staticSelect({ blockId: F.tier, label: "Account tier", options: policy.tiers, initialId: policy.defaults.tier }),
    textInput({
      blockId: F.summary,
      label: "Summary",
      multiline: true,
      placeholder: "Drivers cannot upload inspection photos: 'Upload failed (NET-002)'",
      initialValue: input.summary,
    }),
    staticSelect({
      blockId: F.severity,
      label: "Severity",
      options: policy.severities,
      optional: true,
      placeholder: "Let the playbook suggest",
    }),
    staticSelect({ blockId: F.category, label: "Category", options: categories, optional: true, placeholder: "Let the playbook suggest" }),
  ];
  blocks.push(
    input.suggestion
      ? suggestionBlock(policy, input.suggestion)
      : {
          type: "context",
          elements: [{ type: "mrkdwn", text: `Leave severity and category empty and the *${userText(policy.name)}* playbook decides from what you write.` }],
        },
  );
  blocks.push(
    textInput({ blockId: F.impact, label: "Customer impact", multiline: true, optional: true, placeholder: "10 drivers cannot complete daily inspections", initialValue: input.details }),
    textInput({ blockId: F.customerContact, label: "Customer contact", optional: true, placeholder: "John Smith, john@acme.com", maxLength: 300 }),
    ...policy.fields.map(policyField),
    textInput({ blockId: F.troubleshooting, label: "Troubleshooting done", multiline: true, optional: true }),
    textInput({ blockId: F.errorMessages, label: "Error messages", multiline: true, optional: true }),
    textInput({ blockId: F.environment, label: "Environment", optional: true, placeholder: "App 1.5.2, iOS 15.4, iPhone 12", maxLength: 500 }),
    textInput({ blockId: F.reproSteps, label: "Steps to reproduce", multiline: true, optional: true }),
    textInput({ blockId: F.workaround, label: "Workaround", optional: true, placeholder: "None available", maxLength: 1000 }),
    staticSelect({ blockId: F.sentiment, label: "Customer sentiment", options: SENTIMENTS, optional: true }),
    {
      type: "input",
      block_id: F.customerRequested,
      optional: true,
      label: { type: "plain_text", text: "Escalation requested" },
      element: {
        type: "checkboxes",
        action_id: F.customerRequested,
        options: [option("yes", "The customer asked for escalation")],
      },
    },
    // "Zendesk ticket reference": the agent knows which system's number is asked for.
    textInput({ blockId: F.ticketRef, label: `${ticketLabel(policy.ticketing)} reference`, optional: true, placeholder: "#12345", maxLength: 100 }),
  );
  return {
    type: "modal",
    callback_id: CALLBACK.escalationModal,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: "Escalate an issue" },
    submit: { type: "plain_text", text: "Escalate" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  };
}
