import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { formatElapsed } from "../../domain/duration.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { truncate } from "../../domain/text.js";
import { LIMITS, escapeMrkdwn } from "./block-kit.js";
import { channelLink, mention } from "./slack-format.js";

/** The thread reply that tells the channel what a timeline event was. */
export function buildThreadNotice(esc: EscalationRow, event: TimelineEventRow): string {
  const id = formatEscalationId(esc.id);
  const who = event.actor ? mention(event.actor) : "The escalation bot";
  const after = formatElapsed(event.at - esc.createdAt);
  switch (event.kind) {
    case "acknowledged":
      return `:eyes: ${who} acknowledged ${id} after ${after}.`;
    case "resolved": {
      const parts = [`:white_check_mark: ${who} resolved ${id} after ${after}.`];
      if (esc.resolution) parts.push(`*Resolution:* ${escapeMrkdwn(esc.resolution)}`);
      if (esc.rootCause) parts.push(`*Root cause:* ${escapeMrkdwn(esc.rootCause)}`);
      if (esc.prevention) parts.push(`*Prevention:* ${escapeMrkdwn(esc.prevention)}`);
      return truncate(parts.join("\n"), LIMITS.sectionText);
    }
    default:
      return `${id}: ${event.kind.replace(/_/g, " ")}.`;
  }
}

/** What the reporter is told once the escalation's message is in its channel. */
export function buildConfirmation(esc: EscalationRow, permalink: string | undefined): string {
  const id = formatEscalationId(esc.id);
  const where = esc.messageChannelId ? channelLink(esc.messageChannelId) : esc.channel;
  const link = permalink ? ` <${permalink}|Open the thread>` : "";
  return `:white_check_mark: *${id}* is open and posted in ${where}.${link}`;
}

/** What the reporter is told when the escalation is stored but could not be posted. */
export function buildPostFailure(esc: EscalationRow, error: string): string {
  const id = formatEscalationId(esc.id);
  return (
    `:warning: *${id}* is saved, but posting it to ${esc.channel} failed (${error}). ` +
    `Ask an admin to create the channel or invite the bot to it (\`/invite @Escalation Bot\`); ` +
    `meanwhile please raise it there by hand.`
  );
}

export function buildAlreadyAcknowledged(esc: EscalationRow, userId: string): string {
  const id = formatEscalationId(esc.id);
  if (esc.acknowledgedBy === userId) return `You already acknowledged ${id}.`;
  return `${id} is already acknowledged by ${esc.acknowledgedBy ? mention(esc.acknowledgedBy) : "someone else"}.`;
}

export function buildAlreadyResolved(esc: EscalationRow): string {
  const id = formatEscalationId(esc.id);
  return `${id} is already resolved${esc.resolvedBy ? ` by ${mention(esc.resolvedBy)}` : ""}.`;
}
