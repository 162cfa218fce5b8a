import type { ActionsBlock, KnownBlock } from "@slack/types";
import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { SNOOZE_MINUTES } from "../../domain/clocks.js";
import { deadlines } from "../../domain/deadlines.js";
import { formatElapsed } from "../../domain/duration.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { categoryLabel, level, levelLabel, severityLabel, tierLabel } from "../../domain/playbook/lookup.js";
import { formatSlaDuration } from "../../domain/sla-duration.js";
import { truncate } from "../../domain/text.js";
import { eventReason, type TimelineEventKind } from "../../domain/timeline-event.js";
import type { Policy } from "../../domain/playbook/model.js";
import { ACTION } from "../ids.js";
import { LIMITS, labelledSection, mrkdwnSection, option } from "./block-kit.js";
import type { RenderContext, SlackMessage } from "./escalation-message.js";
import type { RefSigner } from "../signed-ref.js";
import { notPostedYet, severityIcon } from "./escalation-message.js";
import { channelLink, mention, slackDate, userText } from "./slack-format.js";
import { UPDATE_STATUSES } from "./work-modals.js";
import { buildLifecycleNotice } from "./lifecycle-notices.js";

/** Who a nudge is for: the acknowledger, or the owning level when nobody has acknowledged. */
function owner(esc: EscalationRow, policy: Policy): string {
  const who = esc.ownerId ?? esc.acknowledgedBy;
  if (who) return mention(who);
  const lvl = level(policy, esc.level);
  return `${lvl.label} (${lvl.channels.join(", ")}), nobody has acknowledged yet —`;
}

const textOnly = (text: string): SlackMessage => ({ text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(text)] });

/** Post update and Snooze on a reminder; the snooze choice is `<signed ref>:<minutes>`. */
function reminderActions(esc: EscalationRow, refs: RefSigner): ActionsBlock {
  const ref = refs.sign(esc.id);
  return {
    type: "actions",
    block_id: "reminder_actions",
    elements: [
      { type: "button", text: { type: "plain_text", text: "Post update" }, action_id: ACTION.postUpdate, value: ref, style: "primary" },
      {
        type: "static_select",
        action_id: ACTION.snooze,
        placeholder: { type: "plain_text", text: "Snooze" },
        options: SNOOZE_MINUTES.map((m) => option(`${ref}:${m}`, `Snooze ${m} min`)),
      },
    ],
  };
}

/** The thread reply that tells the channel what a timeline event was. */
export function buildThreadNotice(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const who = event.actor ? mention(event.actor) : "The escalation bot";
  const after = formatElapsed(event.at - esc.createdAt);
  switch (event.kind) {
    case "acknowledged":
      return textOnly(`:eyes: ${who} acknowledged ${id} after ${after}.`);
    case "resolved": {
      const parts = [`:white_check_mark: ${who} resolved ${id} after ${after}.`];
      if (esc.resolution) parts.push(`*Resolution:* ${userText(esc.resolution)}`);
      if (esc.rootCause) parts.push(`*Root cause:* ${userText(esc.rootCause)}`);
      if (esc.prevention) parts.push(`*Prevention:* ${userText(esc.prevention)}`);
      return textOnly(truncate(parts.join("\n"), LIMITS.sectionText));
    }
    case "escalated": {
      const d = event.detail;
      const by = event.actor ? ` by ${who}` : "";
      const previous = d.previousOwner;
      const lines = [
        `:arrow_double_up: ${id} escalated to *${d.toLabel}*${by}. ${userText(d.reason)}`,
        `${levelLabel(policy, d.to)} now owns it and must acknowledge by ${slackDate(esc.firstResponseDue)}` +
          (previous ? ` (it was with ${mention(previous)}).` : "."),
      ];
      return textOnly(truncate(lines.join("\n"), LIMITS.sectionText));
    }
    case "ack_missed":
      return textOnly(`:rotating_light: ${userText(event.detail.reason)}. The level's manager has been told.`);
    case "progress_update": {
      const d = event.detail;
      const status = UPDATE_STATUSES.find((s) => s.id === d.status)?.label ?? userText(d.status);
      const visible = d.customerVisible ? "shareable with the customer" : "internal only";
      const text = [
        `:memo: ${who} posted an update on ${id}: *${status}* (${visible})`,
        `*Done:* ${userText(d.done)}`,
        ...(d.next ? [`*Next:* ${userText(d.next)}`] : []),
        `Next update due by ${slackDate(d.nextUpdateDue)}.`,
      ].join("\n");
      return textOnly(truncate(text, LIMITS.sectionText));
    }
    case "update_reminder": {
      const every = formatSlaDuration(deadlines(esc, policy, esc.createdAt).updateEvery);
      const since = formatElapsed(event.detail.sinceLastUpdateMs);
      const text =
        `:bell: ${owner(esc, policy)} a progress update on ${id} is due (${severityLabel(policy, esc.severity)}: every ${every}; ` +
        `last update ${since} ago). Post one, or snooze this reminder.`;
      return { text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(text), reminderActions(esc, ctx.refs)] };
    }
    case "snoozed": {
      const capped = event.detail.capped ? " (cut short to the next SLA deadline)" : "";
      return textOnly(`:zzz: ${who} snoozed update reminders on ${id} until ${slackDate(event.detail.until)}${capped}.`);
    }
    case "resolution_warning":
      return textOnly(
        `:warning: ${owner(esc, policy)} ${userText(event.detail.reason)}: ${id} must be resolved by ${slackDate(esc.resolutionDue)}.`,
      );
    case "restriction_lifted":
      return textOnly(
        truncate(
          `:unlock: ${who} lifted the restriction on ${id}: ${userText(event.detail.reason)}\n` +
            "From now on its details go to the other channels and direct messages like any escalation's.",
          LIMITS.sectionText,
        ),
      );
    case "sla_breach":
      return textOnly(`:rotating_light: SLA breach on ${id}: ${userText(event.detail.reason)}. Management has been told.`);
    default:
      return buildLifecycleNotice(esc, event, ctx) ?? textOnly(`${id}: ${event.kind.replace(/_/g, " ")}.`);
  }
}

/** The post in a new level's channel when the escalation reaches it. */
export function buildHandoff(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext, permalink: string | undefined, waitingFor?: string): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const severity = severityLabel(policy, esc.severity);
  const lvl = level(policy, esc.level);
  const roles = lvl.notify.map((r) => ctx.mentions?.[r] ?? r).join(", ");
  const link = permalink ? `\n<${permalink}|Open the thread>` : "";
  const text = esc.restricted
    ? `:lock: *${id}* · *${severity}* — a restricted ${categoryLabel(policy, esc.category)} escalation is now with *${lvl.label}*. Details stay in ${esc.channel}.` +
      (waitingFor ? ` ${notPostedYet(esc, waitingFor)}` : "")
    : `${severityIcon(policy, esc.severity)} *${id}* · *${severity}* · ${userText(esc.customer)} (${tierLabel(policy, esc.tier)}) escalated to *${lvl.label}*: ` +
      `${userText(eventReason(event) ?? "")}\n${userText(truncate(esc.summary, 300))}` +
      `${roles ? `\n:mega: ${roles}` : ""}\nAcknowledge by ${slackDate(esc.firstResponseDue)}.${link}` +
      (waitingFor ? `\n${notPostedYet(esc, waitingFor)}` : "");
  const blocks: KnownBlock[] = [mrkdwnSection(truncate(text, LIMITS.sectionText))];
  if (!esc.restricted && esc.status !== "resolved") {
    blocks.push({
      type: "actions",
      block_id: "handoff_actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Acknowledge" }, action_id: ACTION.acknowledge, value: ctx.refs.sign(esc.id), style: "primary" }],
    });
  }
  return { text: `${id} ${severity} escalated to ${lvl.label}`, blocks };
}

const ASKED: Partial<Record<TimelineEventKind, string>> = {
  opened: "Join the response now: the playbook asks for you on this severity.",
  escalated: "Make sure someone at the new level takes ownership and acknowledges it.",
  ack_missed: "Nobody acknowledged it in time: assign an owner now.",
  resolution_warning: "The resolution target is close: check the plan, add people, or prepare the customer.",
  sla_breach: "The SLA is breached: decide on customer communication and explain the breach.",
};

/**
 * What happened, for a DM. A reason a person typed (a manual escalation's "why") is free text like
 * the summary: for a restricted escalation it stays in the restricted channel, and the DM says only
 * who moved it where. The bot's own reasons name levels and targets, never what was typed.
 */
function situationOf(esc: EscalationRow, event: TimelineEventRow, policy: Policy): string {
  const reason = eventReason(event);
  if (esc.restricted && event.actor !== null && event.kind === "escalated") {
    const { fromLabel: from, toLabel: to } = event.detail;
    return `${from ? `${from} → ` : ""}${to}, escalated by hand (the reason is in ${esc.channel})`;
  }
  if (esc.restricted && event.actor !== null && reason !== undefined) return `${event.kind.replace(/_/g, " ")} (details in ${esc.channel})`;
  return reason ?? (event.kind === "opened" ? `${severityLabel(policy, esc.severity)} opened at ${levelLabel(policy, esc.level)}` : event.kind.replace(/_/g, " "));
}

/** A management-escalation summary by DM: situation, customer, impact, what's done, what's asked. */
export function buildManagerDm(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext, permalink: string | undefined): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const severity = severityLabel(policy, esc.severity);
  const situation = situationOf(esc, event, ctx.policy);
  const asked = esc.customerRequested && event.kind === "opened" ? "The customer asked for escalation: review it and contact the customer." : (ASKED[event.kind] ?? "Please take a look.");
  const blocks: KnownBlock[] = [
    mrkdwnSection(`${severityIcon(policy, esc.severity)} *Management escalation: ${id}* · *${severity}* · ${categoryLabel(policy, esc.category)} · with *${levelLabel(policy, esc.level)}*`),
    labelledSection("Situation", situation),
  ];
  if (!esc.restricted) {
    blocks.push(labelledSection("Customer", `${esc.customer} (${tierLabel(policy, esc.tier)})${esc.sentiment ? `, ${esc.sentiment}` : ""}`));
    blocks.push(labelledSection("Problem", truncate(esc.summary, 1000)));
    if (esc.impact) blocks.push(labelledSection("Impact", esc.impact));
    const done = [esc.troubleshooting ? userText(esc.troubleshooting, 2500) : undefined, esc.lastUpdateAt ? `Last update ${slackDate(esc.lastUpdateAt)}` : undefined];
    if (done.some(Boolean)) blocks.push(mrkdwnSection(`*What's been done*\n${done.filter(Boolean).join("\n")}`));
  } else {
    blocks.push(mrkdwnSection(`:lock: Restricted: details are only in ${esc.messageChannelId ? channelLink(esc.messageChannelId) : esc.channel}.`));
  }
  blocks.push(labelledSection("What is asked", asked));
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `Resolve by ${slackDate(esc.resolutionDue)}${esc.breachedAt ? " (breached)" : ""}` }],
  });
  const actions: ActionsBlock = { type: "actions", block_id: "dm_actions", elements: [] };
  if (!esc.acknowledgedBy && esc.status !== "resolved") {
    actions.elements.push({ type: "button", text: { type: "plain_text", text: "Acknowledge" }, action_id: ACTION.acknowledge, value: ctx.refs.sign(esc.id), style: "primary" });
  }
  if (permalink) actions.elements.push({ type: "button", text: { type: "plain_text", text: "Open thread" }, action_id: ACTION.openThread, url: permalink });
  if (actions.elements.length > 0) blocks.push(actions);
  const head = `Management escalation ${id} (${severity}): `;
  return { text: head + userText(situation, LIMITS.messageText - head.length), blocks };
}

/** What the reporter is told once the escalation's message is in its channel. */
export function buildConfirmation(esc: EscalationRow, permalink: string | undefined): string {
  const id = formatEscalationId(esc.id);
  const where = esc.messageChannelId ? channelLink(esc.messageChannelId) : esc.channel;
  const link = permalink ? ` <${permalink}|Open the thread>` : "";
  return `:white_check_mark: *${id}* is open and posted in ${where}.${link}`;
}

/**
 * A DM to the reporter, who speaks to the customer: the outcome, or an update marked as shareable.
 * For a restricted escalation only that something happened and where to look.
 */
export function buildReporterNotice(esc: EscalationRow, event: TimelineEventRow, permalink: string | undefined): SlackMessage {
  const id = formatEscalationId(esc.id);
  const link = permalink ? ` <${permalink}|Open the thread>` : "";
  const who = event.actor ? mention(event.actor) : "The escalation bot";
  if (esc.restricted) {
    const what = event.kind === "resolved" ? "was resolved" : "has a new update";
    return textOnly(`:lock: *${id}* (restricted) ${what}. Details are in ${esc.channel}.${link}`);
  }
  if (event.kind === "resolved") {
    const lines = [
      `:white_check_mark: *${id}* for ${userText(esc.customer)} was resolved by ${who} after ${formatElapsed(event.at - esc.createdAt)}.${link}`,
      ...(esc.resolution ? [`*Resolution:* ${userText(esc.resolution)}`] : []),
      ...(esc.rootCause ? [`*Root cause:* ${userText(esc.rootCause)}`] : []),
      "Please confirm with the customer that it works for them.",
    ];
    return textOnly(truncate(lines.join("\n"), LIMITS.sectionText));
  }
  // Only a progress update marked as shareable gets here; any other event reads as an empty update.
  const update = event.kind === "progress_update" ? event.detail : undefined;
  const status = UPDATE_STATUSES.find((s) => s.id === update?.status)?.label ?? "Update";
  const lines = [
    `:memo: *${id}* for ${userText(esc.customer)}: ${who} posted an update you can share with the customer — *${status}*.${link}`,
    `*Done:* ${userText(update?.done ?? "")}`,
    ...(update?.next ? [`*Next:* ${userText(update.next)}`] : []),
  ];
  return textOnly(truncate(lines.join("\n"), LIMITS.sectionText));
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
