import type { Button, InputBlock, KnownBlock, ModalView } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { TEMPLATE_KIND_LABELS } from "../../domain/customer-draft.js";
import type { TemplateKind, TemplateSpec } from "../../domain/playbook/model.js";
import { ACTION, CALLBACK, DRAFT_FIELD, draftBlockId } from "../ids.js";
import type { RefSigner } from "../signed-ref.js";
import { button, mrkdwnSection, staticSelect, textInput } from "./block-kit.js";
import { userText } from "./slack-format.js";
import { escalationForm } from "./work-modals.js";

/**
 * The customer-update draft: the playbook's template that fits where the escalation stands, filled
 * in and editable, with a menu of the others it offers. Its submit button is "Mark as sent": the bot
 * never writes to a customer, the person sends it and the bot keeps what they sent.
 */

/**
 * The button that opens a draft, for any message about the escalation (its post; a war room's
 * summary): `signedRef` is the escalation's signed reference (RefSigner.sign).
 */
export function draftCustomerUpdateButton(signedRef: string): Button {
  return button({ actionId: ACTION.draftCustomerUpdate, text: "Draft customer update", value: signedRef });
}

export interface DraftModalInput {
  esc: EscalationRow;
  /** The templates the playbook offers for this escalation (domain/customer-draft.ts templatesFor). */
  offered: readonly TemplateSpec[];
  /** The one shown, and its text filled in (or as the person last typed it). */
  template: TemplateSpec;
  subject: string | undefined;
  text: string;
  /** Which kind fits where it stands, which template that is, and whether the playbook has one of that kind. */
  fitting: { kind: TemplateKind; templateId: string; exact: boolean };
  /** Set when the person marked it sent with these blanks still in it: the form asks once more. */
  gapsLeft?: readonly string[];
}

export function buildCustomerDraftModal(input: DraftModalInput, refs: RefSigner): ModalView {
  const { esc, template } = input;
  const blocks: KnownBlock[] = [];
  if (input.gapsLeft && input.gapsLeft.length > 0) {
    blocks.push(
      mrkdwnSection(
        `:warning: *Still in the text:* ${userText(input.gapsLeft.join(", "))}\n` +
          "Fill them in as the customer got them. If it went out like this, press *Mark as sent* again: it is recorded with the blanks named.",
      ),
    );
  }
  blocks.push(mrkdwnSection(`${whichTemplate(input)}\nSend it yourself (e-mail, chat, phone), then press *Mark as sent*: the bot keeps the text on the timeline and shows it in the thread. It never writes to the customer. What the escalation does not know is left in [brackets] for you to fill in.`));
  const select: InputBlock = {
    ...staticSelect({ blockId: DRAFT_FIELD.template, label: "Template", options: input.offered.map((t) => ({ id: t.id, label: t.label })), initialId: template.id }),
    dispatch_action: true,
    hint: { type: "plain_text", text: "Choosing another starts the draft again from that template." },
  };
  blocks.push(select);
  if (template.subject !== undefined) blocks.push(textInput({ blockId: draftBlockId("subject", template.id), label: "Subject", initialValue: input.subject ?? "", maxLength: 250 }));
  blocks.push(textInput({ blockId: draftBlockId("text", template.id), label: "Message", multiline: true, initialValue: input.text, hint: "Edit it as you like: what you mark as sent is what the timeline keeps." }));
  const callbackId = input.gapsLeft?.length ? CALLBACK.customerDraftConfirmModal : CALLBACK.customerDraftModal;
  return escalationForm(esc, refs, { callbackId, verb: "Draft", submit: "Mark as sent", blocks });
}

/** Which template this is, and whether it is the one that fits where the escalation stands. */
function whichTemplate({ template, fitting, offered }: DraftModalInput): string {
  const kind = TEMPLATE_KIND_LABELS[fitting.kind];
  if (!fitting.exact) return `The playbook has no ${kind} template for this escalation; here is *${userText(template.label)}*.`;
  if (template.id === fitting.templateId) return `*${userText(template.label)}*: the playbook's ${kind}, which fits where it stands now.`;
  const fits = offered.find((t) => t.id === fitting.templateId);
  return `*${userText(template.label)}*${fits ? ` (what fits where it stands now: ${userText(fits.label)})` : ""}.`;
}
