import type { EscalationRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import type { TimelineEventOf } from "../../domain/timeline-event.js";
import { ELLIPSIS, truncate } from "../../domain/text.js";
import { LIMITS, mrkdwnSection } from "./block-kit.js";
import type { SlackMessage } from "./escalation-message.js";
import { mention, userText } from "./slack-format.js";

/**
 * The thread's record of a customer update a person sent: who sent it, from which template, and the
 * text as they sent it, quoted and escaped (it is what they typed: it can never ping or link). The
 * bot sent nothing to the customer, and says so.
 */
export function buildCustomerUpdateNotice(esc: EscalationRow, event: { actor: string | null; detail: TimelineEventOf<"customer_update_sent">["detail"] }): SlackMessage {
  const d = event.detail;
  const who = event.actor ? mention(event.actor) : "someone";
  const header = [`:outbox_tray: *Sent to customer* by ${who}: ${userText(d.label)} (${formatEscalationId(esc.id)})`];
  if (d.subject) header.push(`*Subject:* ${userText(d.subject, 300)}`);
  if (d.gapsLeft && d.gapsLeft.length > 0) header.push(`:warning: Sent with blanks left in it: ${userText(d.gapsLeft.join(", "), 300)}`);
  const body = quoted(d.text);
  return { text: truncate(`${header[0]}\n${userText(d.text)}`, LIMITS.messageText), blocks: [mrkdwnSection(header.join("\n")), mrkdwnSection(body)] };
}

/** The text as a quote, escaped, cut visibly to one section (never inside an entity such as `&amp;`). */
function quoted(text: string): string {
  const lines = userText(text).split("\n").map((line) => `> ${line}`).join("\n");
  return lines.length <= LIMITS.sectionText ? lines : truncate(lines, LIMITS.sectionText).replace(/&[a-z]*…$/, ELLIPSIS);
}
