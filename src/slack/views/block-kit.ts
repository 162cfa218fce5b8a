import type { Button, InputBlock, KnownBlock, PlainTextOption, SectionBlock } from "@slack/types";
import { truncate } from "../../domain/text.js";
import { userText } from "./slack-format.js";

/** Block Kit limits we must stay under (https://api.slack.com/reference/block-kit). */
export const LIMITS = {
  sectionText: 3000,
  sectionField: 2000,
  contextText: 2000,
  headerText: 150,
  optionText: 75,
  /** Options in one checkbox group or radio group. */
  checkboxOptions: 10,
  buttonText: 75,
  messageBlocks: 50,
  modalBlocks: 100,
  plainTextInput: 3000,
  modalTitle: 24,
  privateMetadata: 3000,
  /** Top-level `text` of a message; Slack truncates past 40k, notifications show far less. */
  messageText: 3000,
} as const;

export function mrkdwnSection(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(text, LIMITS.sectionText) } };
}

/** A labelled section of user text: "*Label*\n<escaped text>", cut to fit one section. */
export function labelledSection(label: string, value: string): SectionBlock {
  const heading = `*${label}*\n`;
  return mrkdwnSection(heading + userText(value, LIMITS.sectionText - heading.length));
}

/** A button whose click comes back to the app as `actionId` with `value` (an escalation id, say). */
export function button(spec: { actionId: string; text: string; value: string; style?: "primary" | "danger" }): Button {
  return {
    type: "button",
    text: { type: "plain_text", text: truncate(spec.text, LIMITS.buttonText) },
    action_id: spec.actionId,
    value: spec.value,
    ...(spec.style ? { style: spec.style } : {}),
  };
}

export function option(id: string, label: string): PlainTextOption {
  return { text: { type: "plain_text", text: truncate(label, LIMITS.optionText) }, value: id };
}

interface TextInputSpec {
  blockId: string;
  label: string;
  optional?: boolean;
  multiline?: boolean;
  placeholder?: string;
  initialValue?: string;
  hint?: string;
  maxLength?: number;
}

/**
 * An input block holding one plain-text input whose action id equals its block id. Its
 * `initial_value` is plain text, which Slack shows literally and never reads as markup: text a
 * person typed goes in raw (escaped, they would see "&lt;" in their own words).
 */
export function textInput(spec: TextInputSpec): InputBlock {
  const initial = spec.initialValue ? truncate(spec.initialValue, spec.maxLength ?? LIMITS.plainTextInput) : undefined;
  return {
    type: "input",
    block_id: spec.blockId,
    optional: spec.optional ?? false,
    label: { type: "plain_text", text: spec.label },
    ...(spec.hint ? { hint: { type: "plain_text", text: spec.hint } } : {}),
    element: {
      type: "plain_text_input",
      action_id: spec.blockId,
      multiline: spec.multiline ?? false,
      max_length: spec.maxLength ?? LIMITS.plainTextInput,
      ...(spec.placeholder ? { placeholder: { type: "plain_text", text: spec.placeholder } } : {}),
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

interface SelectSpec {
  blockId: string;
  label: string;
  options: readonly { id: string; label: string }[];
  optional?: boolean;
  initialId?: string;
  placeholder?: string;
}

export function staticSelect(spec: SelectSpec): InputBlock {
  const options = spec.options.map((o) => option(o.id, o.label));
  const initial = options.find((o) => o.value === spec.initialId);
  return {
    type: "input",
    block_id: spec.blockId,
    optional: spec.optional ?? false,
    label: { type: "plain_text", text: spec.label },
    element: {
      type: "static_select",
      action_id: spec.blockId,
      options,
      placeholder: { type: "plain_text", text: spec.placeholder ?? "Choose…" },
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

/** Keeps a message within Slack's block count, saying so when something had to go. */
export function capBlocks(blocks: KnownBlock[], max: number = LIMITS.messageBlocks): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), { type: "context", elements: [{ type: "mrkdwn", text: "… (more details omitted)" }] }];
}
