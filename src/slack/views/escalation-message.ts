import type { ActionsBlock, Button, KnownBlock, SectionBlock } from "@slack/types";
import type { EscalationRow } from "../../db/schema.js";
import { formatElapsed } from "../../domain/duration.js";
import { SENTIMENTS, SEVERITIES, TIERS, labelOf } from "../../domain/escalation.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { truncate } from "../../domain/text.js";
import { ACTION } from "../ids.js";
import { LIMITS, capBlocks, escapeMrkdwn, labelledSection, mrkdwnSection } from "./block-kit.js";
import { mention, slackDate } from "./slack-format.js";

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

const SEVERITY_ICON: Record<string, string> = { sev1: ":red_circle:", sev2: ":large_orange_circle:", sev3: ":large_yellow_circle:", sev4: ":white_circle:" };

function field(label: string, value: string): { type: "mrkdwn"; text: string } {
  const heading = `*${label}*\n`;
  return { type: "mrkdwn", text: heading + truncate(value, LIMITS.sectionField - heading.length) };
}

function statusLine(esc: EscalationRow, now: number): string {
  if (esc.status === "resolved" && esc.resolvedBy && esc.resolvedAt !== null) {
    return `:white_check_mark: *Resolved* by ${mention(esc.resolvedBy)} after ${formatElapsed(esc.resolvedAt - esc.createdAt)}`;
  }
  if (esc.acknowledgedBy && esc.acknowledgedAt !== null) {
    return `:eyes: *Acknowledged* by ${mention(esc.acknowledgedBy)} after ${formatElapsed(esc.acknowledgedAt - esc.createdAt)}`;
  }
  return `:hourglass_flowing_sand: *Waiting for acknowledgement* (open ${formatElapsed(now - esc.createdAt)})`;
}

function button(text: string, actionId: string, escalationId: number, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text }, action_id: actionId, value: String(escalationId), ...(style ? { style } : {}) };
}

/** The escalation's message in its channel; re-rendered from the row after every state change. */
export function buildEscalationMessage(esc: EscalationRow, now: number): SlackMessage {
  const id = formatEscalationId(esc.id);
  const severity = labelOf(SEVERITIES, esc.severity);
  const icon = SEVERITY_ICON[esc.severity] ?? ":warning:";
  const customer = `${escapeMrkdwn(esc.customer)} (${labelOf(TIERS, esc.tier)})`;

  const head: SectionBlock = mrkdwnSection(`${icon} *${id}* · *${severity}* · ${customer}`);
  const facts: SectionBlock = {
    type: "section",
    fields: [
      field("Reporter", mention(esc.reporterId)),
      field("Opened", `${slackDate(esc.createdAt)} (${formatElapsed(now - esc.createdAt)} ago)`),
      ...(esc.customerContact ? [field("Contact", escapeMrkdwn(esc.customerContact))] : []),
      ...(esc.sentiment ? [field("Sentiment", labelOf(SENTIMENTS, esc.sentiment))] : []),
      ...(esc.ticketRef ? [field("Ticket", escapeMrkdwn(esc.ticketRef))] : []),
      ...(esc.environment ? [field("Environment", escapeMrkdwn(esc.environment))] : []),
    ],
  };

  const blocks: KnownBlock[] = [head, labelledSection("Summary", esc.summary)];
  if (esc.impact) blocks.push(labelledSection("Customer impact", esc.impact));
  blocks.push(facts);
  if (esc.troubleshooting) blocks.push(labelledSection("Troubleshooting done", esc.troubleshooting));
  if (esc.errorMessages) blocks.push(labelledSection("Error messages", esc.errorMessages));
  if (esc.reproSteps) blocks.push(labelledSection("Steps to reproduce", esc.reproSteps));
  if (esc.workaround) blocks.push(labelledSection("Workaround", esc.workaround));
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: truncate(`Routed to ${esc.level} · ${esc.channel} — ${esc.routeReason}`, LIMITS.contextText) }],
  });
  blocks.push(mrkdwnSection(statusLine(esc, now)));
  if (esc.status === "resolved") {
    if (esc.resolution) blocks.push(labelledSection("Resolution", esc.resolution));
    if (esc.rootCause) blocks.push(labelledSection("Root cause", esc.rootCause));
    if (esc.prevention) blocks.push(labelledSection("Prevention", esc.prevention));
  } else {
    const actions: ActionsBlock = { type: "actions", block_id: `escalation_actions`, elements: [] };
    if (!esc.acknowledgedBy) actions.elements.push(button("Acknowledge", ACTION.acknowledge, esc.id, "primary"));
    actions.elements.push(button("Resolve", ACTION.resolve, esc.id));
    blocks.push(actions);
  }

  const text = truncate(`${id} ${severity} — ${esc.customer}: ${esc.summary}`, LIMITS.messageText);
  return { text, blocks: capBlocks(blocks) };
}
