import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { formatElapsed } from "../../domain/duration.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { categoryLabel, level, severityLabel } from "../../domain/playbook/lookup.js";
import { truncate } from "../../domain/text.js";
import { LIMITS, mrkdwnSection } from "./block-kit.js";
import { reclassifiedWhat, type RenderContext, type SlackMessage } from "./escalation-message.js";
import { channelLink, mention, slackDate, userText } from "./slack-format.js";

/**
 * What the thread, and the people concerned, are told of the later life of an escalation: who owns
 * it, a changed severity or category, a hand-down, waiting on the customer, a reopen. Rendered from
 * the event's own detail (what was true when it happened), not from the escalation as it is when the
 * message is finally sent.
 */

const textOnly = (text: string): SlackMessage => {
  const cut = truncate(text, LIMITS.sectionText);
  return { text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(cut)] };
};

const HOW_RESUMED = {
  customer_replied: "the customer replied",
  progress_update: "an update was posted",
  thread_reply: "someone replied in the thread",
  resolved: "it was resolved",
} as const;

/** The thread reply for an event of the escalation's later life; undefined for other kinds. */
export function buildLifecycleNotice(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext): SlackMessage | undefined {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const who = event.actor ? mention(event.actor) : "The escalation bot";
  switch (event.kind) {
    case "owner_changed": {
      const d = event.detail;
      const note = d.note ? `: ${userText(d.note)}` : ".";
      if (d.how === "took") return textOnly(`:raising_hand: ${who} took ownership of ${id}${d.from ? ` from ${mention(d.from)}` : ""}.`);
      if (d.how === "acknowledged") return textOnly(`:raising_hand: ${mention(d.to)} owns ${id}.`);
      return textOnly(`:handshake: ${who} handed ${id} to ${mention(d.to)}${d.from && d.from !== event.actor ? ` (it was with ${mention(d.from)})` : ""}${note}`);
    }
    case "reclassified": {
      const d = event.detail;
      const lines = [`:arrows_counterclockwise: ${who} changed ${id}: *${userText(reclassifiedWhat(policy, d))}*: ${userText(d.reason)}`];
      if (d.resolutionDue !== undefined) lines.push(`New targets: resolve by ${slackDate(d.resolutionDue)}${d.nextUpdateDue !== undefined ? `, next update by ${slackDate(d.nextUpdateDue)}` : ""}.`);
      if (d.restricted) lines.push(`:lock: It is now restricted: its details stay in ${esc.channel}.`);
      return textOnly(lines.join("\n"));
    }
    case "deescalated": {
      const d = event.detail;
      return textOnly(`:arrow_double_down: ${who} handed ${id} back to *${userText(d.toLabel)}* (from ${userText(d.fromLabel)}): ${userText(d.reason)}`);
    }
    case "paused":
      return textOnly(`:double_vertical_bar: ${who} set ${id} to *waiting on the customer* ${slackDate(event.at, "{time}")}: ${pausedClocks(event.detail.timers)} stopped until the customer replies.`);
    case "resumed":
      return textOnly(`:arrow_forward: ${id} is no longer waiting on the customer (${HOW_RESUMED[event.detail.how]}); its clocks run again, ${formatElapsed(event.detail.pausedMs)} later than they would have.`);
    case "reopened": {
      const d = event.detail;
      const lvl = level(policy, esc.level);
      const roles = lvl.notify.map((r) => ctx.mentions?.[r] ?? r).join(", ");
      return textOnly(
        `:recycle: ${who} reopened ${id} (resolved ${slackDate(d.resolvedAt)}${d.resolvedBy ? ` by ${mention(d.resolvedBy)}` : ""}): ${userText(d.reason)}\n` +
          `${lvl.label}${roles ? ` (${roles})` : ""}: it needs acknowledging again; its clocks start over.`,
      );
    }
    default:
      return undefined;
  }
}

function pausedClocks(timers: readonly string[]): string {
  const names = new Set(timers.map((t) => (t === "update" ? "update reminders" : t === "level_budget" ? "the level's time budget" : "the resolution clock")));
  return names.size > 0 ? [...names].join(", ") : "no clock was running, and none";
}

/**
 * A direct message to one person about an event concerning them: they now own the escalation, or
 * one they owned came back. For a restricted escalation only that, and where to look.
 */
export function buildPersonNotice(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext, permalink: string | undefined): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const link = permalink ? ` <${permalink}|Open the thread>` : "";
  const who = event.actor ? mention(event.actor) : "The escalation bot";
  const what = esc.restricted
    ? `a restricted ${categoryLabel(policy, esc.category)} escalation (details in ${esc.messageChannelId ? channelLink(esc.messageChannelId) : esc.channel})`
    : `${severityLabel(policy, esc.severity)} · ${userText(esc.customer)}: ${userText(truncate(esc.summary, 300))}`;
  if (event.kind === "reopened") {
    const why = esc.restricted ? "" : `: ${userText(event.detail.reason)}`;
    return textOnly(`:recycle: *${id}*, which you owned, was reopened by ${who}${why}.${link}\n${what}`);
  }
  if (event.kind === "commander_assigned") {
    const room = esc.warRoomChannelId ? ` Its war room: ${channelLink(esc.warRoomChannelId)}.` : "";
    return textOnly(`:bust_in_silhouette: You are now the incident commander of *${id}*, named by ${who}.${room}${link}\n${what}`);
  }
  const note = event.kind === "owner_changed" && event.detail.note && !esc.restricted ? `\n> ${userText(event.detail.note)}` : "";
  return textOnly(`:handshake: You now own *${id}*, handed to you by ${who}.${link}\n${what}${note}`);
}

/** What the post in a channel that may no longer show the details says, once the escalation became restricted. */
export function buildWithdrawnPost(esc: EscalationRow, ctx: RenderContext): SlackMessage {
  const id = formatEscalationId(esc.id);
  return textOnly(
    `:lock: *${id}* is now a restricted ${categoryLabel(ctx.policy, esc.category)} escalation: its details were removed from here and are kept in ${esc.channel}.`,
  );
}
