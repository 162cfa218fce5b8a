import type { ActionsBlock, KnownBlock } from "@slack/types";
import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { severityLabel, tierLabel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import { CUSTOMER_MATCH_RULE, repeatHeadline } from "../../domain/repeat-escalations.js";
import { truncate } from "../../domain/text.js";
import { ACTION } from "../ids.js";
import { LIMITS, labelledSection, mrkdwnSection } from "./block-kit.js";
import { mayShowOn, type LinkedPost } from "./linked-lines.js";
import { channelLink, userText } from "./slack-format.js";

/** A message as chat.postMessage takes it (escalation-message.ts SlackMessage, which imports this module). */
interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * What the bot says of repeat escalations (the post's line, the DM to Customer Success) and of the
 * feature-request tally (the message to the product team). Pure: the earlier escalations come with
 * links to their threads, as the deliverer found them.
 */

const idLink = (p: LinkedPost): string => (p.permalink ? `<${p.permalink}|${formatEscalationId(p.esc.id)}>` : formatEscalationId(p.esc.id));

/** The earlier escalations in the order the mark keeps them (most recent first); a missing one by its id. */
function earlierLinks(esc: EscalationRow, earlier: readonly LinkedPost[] | undefined): string[] {
  const found = new Map((earlier ?? []).map((p) => [p.esc.id, p]));
  const ids = esc.repeat?.earlier ?? [];
  // One that became restricted since (reclassified) is counted, never named where it may not be.
  const hidden = ids.filter((id) => {
    const post = found.get(id);
    return post !== undefined && !mayShowOn(esc, post.esc);
  }).length;
  const shown = ids.flatMap((id) => {
    const post = found.get(id);
    if (!post) return [formatEscalationId(id)];
    return mayShowOn(esc, post.esc) ? [idLink(post)] : [];
  });
  return hidden > 0 ? [...shown, `${hidden} restricted escalation${hidden === 1 ? "" : "s"}`] : shown;
}

/** The post's line: "Repeat: 3rd escalation for Acme Corp in 30 days — earlier: ESC-0002, ESC-0001", and the rule. */
export function repeatLine(esc: EscalationRow, earlier: readonly LinkedPost[] | undefined): string | undefined {
  if (!esc.repeat) return undefined;
  const links = earlierLinks(esc, earlier);
  const more = esc.repeat.nth - 1 - esc.repeat.earlier.length;
  const list = links.length > 0 ? ` — earlier: ${links.join(", ")}${more > 0 ? ` and ${more} more` : ""}` : "";
  return truncate(`:recycle: *Repeat:* ${userText(repeatHeadline(esc.repeat, esc.customer), 300)}${list} _(${CUSTOMER_MATCH_RULE})_`, 1500);
}

/**
 * The DM to the role the playbook names (Customer Success): the customer, this escalation and the
 * earlier ones with links, and what is asked. For a restricted escalation only that one is a
 * repeat and where its details are: not the customer, nor the earlier ones (they would name it).
 */
export function buildRepeatDm(esc: EscalationRow, event: TimelineEventRow, policy: Policy, permalink: string | undefined, earlier: readonly LinkedPost[]): SlackMessage {
  const id = formatEscalationId(esc.id);
  const mark = event.kind === "repeat_escalation" ? event.detail : esc.repeat;
  const nth = mark ? `${mark.atLeast ? "" : "the "}${repeatHeadline(mark, "one customer")}` : "a repeat";
  const actions: ActionsBlock = { type: "actions", block_id: "repeat_actions", elements: [] };
  if (permalink) actions.elements.push({ type: "button", text: { type: "plain_text", text: "Open thread" }, action_id: ACTION.openThread, url: permalink });
  if (esc.restricted) {
    const where = esc.messageChannelId ? channelLink(esc.messageChannelId) : esc.channel;
    const text = `:lock: *${id}* (restricted) is a repeat escalation: ${nth}. Its details and the earlier escalations are only in ${where}.`;
    return { text: `Repeat escalation ${id} (restricted)`, blocks: [mrkdwnSection(text), ...(actions.elements.length > 0 ? [actions] : [])] };
  }
  const headline = mark ? repeatHeadline(mark, esc.customer) : esc.customer;
  const found = new Map(earlier.map((p) => [p.esc.id, p]));
  const lines = (mark?.earlier ?? []).map((eid) => {
    const p = found.get(eid);
    if (!p) return `• ${formatEscalationId(eid)}`;
    if (!mayShowOn(esc, p.esc)) return "• a restricted escalation (its details stay in its channel)";
    const state = p.esc.status === "resolved" ? "resolved" : "open";
    return `• ${idLink(p)} · ${severityLabel(policy, p.esc.severity)} · ${state} · ${userText(truncate(p.esc.summary, 150))}`;
  });
  const blocks: KnownBlock[] = [
    mrkdwnSection(`:recycle: *Repeat escalation: ${id}* · ${userText(headline, 300)}`),
    labelledSection("Customer", `${esc.customer} (${tierLabel(policy, esc.tier)})`),
    labelledSection("This escalation", `${severityLabel(policy, esc.severity)}: ${truncate(esc.summary, 1000)}`),
    mrkdwnSection(truncate(`*Earlier escalations*\n${lines.join("\n") || "none shown"}`, LIMITS.sectionText)),
    labelledSection("What is asked", "This customer keeps coming back: look for an underlying issue, training or fit, ask for a case review, and consider a proactive call."),
    { type: "context", elements: [{ type: "mrkdwn", text: `${CUSTOMER_MATCH_RULE[0]!.toUpperCase()}${CUSTOMER_MATCH_RULE.slice(1)}.` }] },
  ];
  if (actions.elements.length > 0) blocks.push(actions);
  const head = `Repeat escalation ${id}: `;
  return { text: head + userText(headline, LIMITS.messageText - head.length), blocks };
}

/**
 * The feature-request tally, for the product team (by DM or in its channel): how many customers,
 * what matched, and each request with its customer, id and a link to its thread.
 */
export function buildTallyMessage(event: TimelineEventRow, members: readonly LinkedPost[]): SlackMessage {
  if (event.kind !== "feature_requests_tallied") return { text: "Feature request tally", blocks: [mrkdwnSection("Feature request tally")] };
  const d = event.detail;
  const found = new Map(members.map((p) => [p.esc.id, p]));
  const matched = userText(d.matched.join(", "), 300);
  const lines = d.members.map((m) => {
    const p = found.get(m.id);
    // A request that became restricted since it was counted: its customer and words stay in its channel.
    if (p?.esc.restricted) return "• a restricted escalation (its details stay in its channel)";
    const summary = p ? ` · ${userText(truncate(p.esc.summary, 150))}` : "";
    return `• ${userText(truncate(m.customer, 80))} · ${p ? idLink(p) : formatEscalationId(m.id)}${summary}`;
  });
  const blocks: KnownBlock[] = [
    mrkdwnSection(`:bulb: *Feature request tally:* ${d.customers} customers asked for the same feature within ${d.within}\n*Matched on:* ${matched}`),
    mrkdwnSection(truncate(lines.join("\n"), LIMITS.sectionText)),
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text:
            "Requests are grouped when they share a named feature (SSO, dark mode) or two significant words of their summaries, after common words are left out and " +
            "word forms and a few synonyms (export/download, bulk/batch) are folded. Told once: later requests for this feature are not told again.",
        },
      ],
    },
  ];
  const head = `Feature request tally: ${d.customers} customers asked for `;
  return { text: head + userText(d.matched.join(", "), LIMITS.messageText - head.length), blocks };
}
