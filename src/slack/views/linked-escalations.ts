import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { severityLabel, tierLabel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import { truncate } from "../../domain/text.js";
import { CALLBACK, LINK_FIELD as L, UNLINK_FIELD as U } from "../ids.js";
import type { RefSigner } from "../signed-ref.js";
import { LIMITS, mrkdwnSection, staticSelect, textInput } from "./block-kit.js";
import type { RenderContext, SlackMessage } from "./escalation-message.js";
import { mayShowOn } from "./linked-lines.js";
import { mention, userText } from "./slack-format.js";
import { escalationForm } from "./work-modals.js";

/**
 * Linked escalations in Slack: the lines a parent's and a child's post carry, the "Same issue as…"
 * and Unlink forms, the thread notices, and the offers to share an update or a resolution with the
 * children. A restricted escalation's customer never appears where it may not be.
 */

/** "ESC-0045 · Acme Corp · Sev 2 · summary…" for the picker (Slack cuts options at 75 characters). */
export function pickerLabel(esc: EscalationRow, policy: Policy): string {
  return truncate(`${formatEscalationId(esc.id)} · ${esc.customer} · ${severityLabel(policy, esc.severity)} · ${esc.summary}`, LIMITS.optionText);
}

/** A static select holds 100 options: the picker offers the most recent that many; older ones are typed. */
export const PICKER_MAX = 100;

export function buildLinkModal(esc: EscalationRow, candidates: readonly EscalationRow[], policy: Policy, refs: RefSigner): ModalView {
  const offered = candidates.slice(0, PICKER_MAX);
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `Link ${formatEscalationId(esc.id)} to the escalation of the same incident: its post lists this customer, its severity becomes at least this one's, ` +
        "and its updates and resolution can be shared here.",
    ),
  ];
  if (offered.length > 0) {
    blocks.push({
      ...staticSelect({ blockId: L.escalation, label: "Same issue as", options: offered.map((c) => ({ id: formatEscalationId(c.id), label: pickerLabel(c, policy) })) }),
      optional: true,
    } as InputBlock);
  } else {
    blocks.push(mrkdwnSection("No other open escalation you may see right now."));
  }
  blocks.push(
    textInput({
      blockId: L.typedId,
      label: offered.length > 0 ? "Or its id" : "Its id",
      optional: true,
      placeholder: "ESC-0045",
      hint: `The list shows the ${PICKER_MAX} most recent open escalations you may see; type an older one's id.`,
      maxLength: 20,
    }),
    textInput({ blockId: L.note, label: "Note", multiline: true, optional: true, placeholder: "Same blob storage timeouts since 08:05" }),
  );
  return escalationForm(esc, refs, { callbackId: CALLBACK.linkModal, verb: "Link", submit: "Link", blocks });
}

/** The parent's form: which linked escalation to unlink. */
export function buildUnlinkModal(esc: EscalationRow, children: readonly EscalationRow[], policy: Policy, refs: RefSigner): ModalView {
  const options = children.slice(0, PICKER_MAX).map((c) => ({ id: formatEscalationId(c.id), label: mayShowOn(esc, c) ? pickerLabel(c, policy) : `${formatEscalationId(c.id)} · restricted` }));
  return escalationForm(esc, refs, {
    callbackId: CALLBACK.unlinkModal,
    verb: "Unlink",
    submit: "Unlink",
    blocks: [
      mrkdwnSection("The escalation goes on on its own. A severity the link raised here stays; change it by hand if it no longer fits."),
      staticSelect({ blockId: U.child, label: "Unlink", options, initialId: options[0]?.id }),
    ],
  });
}

const textOnly = (text: string): SlackMessage => ({ text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(truncate(text, LIMITS.sectionText))] });

/** The thread reply for a link, an unlink or the multiple-customers rule; undefined for other kinds. */
export function buildLinkNotice(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext): SlackMessage | undefined {
  const { policy } = ctx;
  const who = event.actor ? mention(event.actor) : "The escalation bot";
  switch (event.kind) {
    case "linked": {
      const d = event.detail;
      const other = d.other ? ` (${userText(d.other.customer)}, ${tierLabel(policy, d.other.tier)})` : "";
      const note = d.note ? `\n> ${userText(d.note)}` : "";
      if (d.side === "child") {
        const via = d.viaChild !== undefined ? ` (${formatEscalationId(d.viaChild)} is linked to it)` : "";
        return textOnly(`:link: ${who} linked ${formatEscalationId(d.childId)} to ${formatEscalationId(d.parentId)}${other}${via}: the same issue. Its updates and resolution can be shared here.${note}`);
      }
      return textOnly(`:link: ${who} linked ${formatEscalationId(d.childId)}${other} to ${formatEscalationId(d.parentId)}: the same issue, another customer.${note}`);
    }
    case "unlinked": {
      const d = event.detail;
      return textOnly(
        `:scissors: ${who} unlinked ${formatEscalationId(d.childId)} from ${formatEscalationId(d.parentId)}: each goes on on its own. ` +
          (d.side === "parent" ? "A severity the link raised here stays; change it by hand if it no longer fits." : ""),
      );
    }
    case "customers_linked": {
      const d = event.detail;
      const why = d.reasons.length > 0 ? `: ${userText(d.reasons.join("; "))}` : ".";
      return textOnly(`:busts_in_silhouette: ${formatEscalationId(esc.id)} now affects ${d.customers} customers (linked escalations). The playbook's multiple-customers rule applies${why}`);
    }
    default:
      return undefined;
  }
}

