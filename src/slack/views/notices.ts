import type { ActionsBlock, KnownBlock } from "@slack/types";
import { buildWarRoomThreadNotice } from "./war-room.js";
import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { SNOOZE_MINUTES } from "../../domain/clocks.js";
import { deadlines } from "../../domain/deadlines.js";
import { formatElapsed } from "../../domain/duration.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { categoryLabel, level, levelLabel, severityLabel, tierLabel } from "../../domain/playbook/lookup.js";
import { formatSlaDuration } from "../../domain/sla-duration.js";
import { truncate } from "../../domain/text.js";
import { eventReason, type TimelineEventKind, type TimelineEventOf } from "../../domain/timeline-event.js";
import type { Policy } from "../../domain/playbook/model.js";
import { ACTION } from "../ids.js";
import { LIMITS, labelledSection, mrkdwnSection, option } from "./block-kit.js";
import type { RenderContext, SlackMessage } from "./escalation-message.js";
import type { RefSigner } from "../signed-ref.js";
import { notPostedYet, severityIcon } from "./escalation-message.js";
import { channelLink, mention, slackDate, userText } from "./slack-format.js";
import { UPDATE_STATUSES } from "./work-modals.js";
import { buildLifecycleNotice } from "./lifecycle-notices.js";
import { buildCustomerUpdateNotice } from "./customer-update-notice.js";
import { buildLinkNotice } from "./linked-escalations.js";

/** Who a nudge is for: the owner, or the owning level when nobody owned it (as when the nudge was due). */
function owner(ownerId: string | null, levelId: string, policy: Policy): string {
  if (ownerId) return mention(ownerId);
  const lvl = level(policy, levelId);
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
      // The event's own words where it kept them: a later resolution must not stand in for this one.
      const resolution = event.detail.resolution ?? esc.resolution;
      const rootCause = event.detail.rootCause ?? esc.rootCause;
      const withParent = event.detail.withParent !== undefined ? ` together with ${formatEscalationId(event.detail.withParent)} (the same issue), with its outcome` : "";
      const parts = [`:white_check_mark: ${who} resolved ${id}${withParent} after ${after}.`];
      if (resolution) parts.push(`*Resolution:* ${userText(resolution)}`);
      if (rootCause) parts.push(`*Root cause:* ${userText(rootCause)}`);
      if (esc.prevention) parts.push(`*Prevention:* ${userText(esc.prevention)}`);
      return textOnly(truncate(parts.join("\n"), LIMITS.sectionText));
    }
    case "escalated": {
      const d = event.detail;
      const by = event.actor ? ` by ${who}` : "";
      const previous = d.previousOwner;
      const due = firstResponseDueOf(esc, d);
      const lines = [
        `:arrow_double_up: ${id} escalated to *${d.toLabel}*${by}. ${userText(d.reason)}`,
        `${levelLabel(policy, d.to)} now owns it${due === undefined ? "" : ` and must acknowledge by ${slackDate(due)}`}` +
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
        `:memo: ${who} posted an update on ${d.fromParent !== undefined ? `${formatEscalationId(d.fromParent)}, shared with ${id} (the same issue)` : id}: *${status}* (${visible})`,
        `*Done:* ${userText(d.done)}`,
        ...(d.next ? [`*Next:* ${userText(d.next)}`] : []),
        `Next update due by ${slackDate(d.nextUpdateDue)}.`,
      ].join("\n");
      return textOnly(truncate(text, LIMITS.sectionText));
    }
    case "update_reminder": {
      const d = event.detail;
      const every = formatSlaDuration(deadlines(esc, policy, esc.createdAt).updateEvery);
      // Rows written before `lastUpdateAt` was kept: `sinceLastUpdateMs` counted from the opening when there was no update.
      const counted = event.at - d.sinceLastUpdateMs;
      const lastAt = d.lastUpdateAt !== undefined ? d.lastUpdateAt : counted === esc.createdAt ? null : counted;
      const last = lastAt === null ? `no update yet since it opened ${slackDate(esc.createdAt, "{ago}")}` : `last update ${slackDate(lastAt, "{ago}")}`;
      const text =
        `:bell: ${owner(d.owner, d.level, policy)} a progress update on ${id} is due (${severityLabel(policy, esc.severity)}: every ${every}; ` +
        `${last}). Post one, or snooze this reminder.`;
      return { text: truncate(text, LIMITS.messageText), blocks: [mrkdwnSection(text), reminderActions(esc, ctx.refs)] };
    }
    case "snoozed": {
      const capped = event.detail.capped ? " (cut short to the next SLA deadline)" : "";
      return textOnly(`:zzz: ${who} snoozed update reminders on ${id} until ${slackDate(event.detail.until)}${capped}.`);
    }
    case "resolution_warning": {
      const d = event.detail;
      const whom = owner(d.owner !== undefined ? d.owner : (esc.ownerId ?? esc.acknowledgedBy), d.level ?? esc.level, policy);
      return textOnly(`:warning: ${whom} ${userText(d.reason)}: ${id} must be resolved by ${slackDate(d.resolutionDue)}.`);
    }
    case "jira_issue_created": {
      const d = event.detail;
      // The key was checked against Jira's form (PROJECT-123) before it was kept; the URL is the configured site's.
      return textOnly(`:ticket: ${mention(d.requestedBy)} filed ${id} in Jira: <${d.url}|${d.key}>${d.found ? " (found by its label after an interrupted attempt)" : ""}.`);
    }
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
    case "customer_update_sent":
      return buildCustomerUpdateNotice(esc, event);
    default:
      return buildLifecycleNotice(esc, event, ctx) ?? buildLinkNotice(esc, event, ctx) ?? buildWarRoomThreadNotice(esc, event) ?? textOnly(`${id}: ${event.kind.replace(/_/g, " ")}.`);
  }
}

/**
 * When the level an escalation moved to had to acknowledge it by: kept on the event; for rows written
 * before it was, the escalation's own deadline while it is still at that level (else unknown).
 */
function firstResponseDueOf(esc: EscalationRow, moved: TimelineEventOf<"escalated" | "deescalated">["detail"]): number | undefined {
  if (moved.firstResponseDue !== undefined) return moved.firstResponseDue;
  return esc.level === moved.to ? esc.firstResponseDue : undefined;
}

/**
 * The post in a new level's channel when the escalation reaches it: the level and deadline of the
 * move it tells of (`event`), since it may be sent after the escalation has moved on again.
 */
export function buildHandoff(esc: EscalationRow, event: TimelineEventRow, ctx: RenderContext, permalink: string | undefined, waitingFor?: string): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const severity = severityLabel(policy, esc.severity);
  const moved = event.kind === "escalated" || event.kind === "deescalated" ? event.detail : undefined;
  const lvl = level(policy, moved?.to ?? esc.level);
  const how = event.kind === "deescalated" ? "handed back to" : "escalated to";
  const movedOn = esc.level !== lvl.id;
  const due = moved ? firstResponseDueOf(esc, moved) : esc.firstResponseDue;
  const roles = lvl.notify.map((r) => ctx.mentions?.[r] ?? r).join(", ");
  const link = permalink ? `\n<${permalink}|Open the thread>` : "";
  const since = movedOn ? `It has since moved on to *${levelLabel(policy, esc.level)}*.` : "";
  const ackBy = due !== undefined && !movedOn ? `\nAcknowledge by ${slackDate(due)}.` : "";
  const text = esc.restricted
    ? `:lock: *${id}* · *${severity}* — a restricted ${categoryLabel(policy, esc.category)} escalation is now with *${lvl.label}*. Details stay in ${esc.channel}.${since ? ` ${since}` : ""}` +
      (waitingFor ? ` ${notPostedYet(esc, waitingFor)}` : "")
    : `${severityIcon(policy, esc.severity)} *${id}* · *${severity}* · ${userText(esc.customer)} (${tierLabel(policy, esc.tier)}) ${how} *${lvl.label}*: ` +
      `${userText(eventReason(event) ?? "")}\n${userText(truncate(esc.summary, 300))}` +
      `${roles ? `\n:mega: ${roles}` : ""}${ackBy}${since ? `\n${since}` : ""}${link}` +
      (waitingFor ? `\n${notPostedYet(esc, waitingFor)}` : "");
  const blocks: KnownBlock[] = [mrkdwnSection(truncate(text, LIMITS.sectionText))];
  // Acknowledging is for the level that has it now, and only while nobody has.
  if (!esc.restricted && esc.status !== "resolved" && !movedOn && !esc.acknowledgedBy) {
    blocks.push({
      type: "actions",
      block_id: "handoff_actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Acknowledge" }, action_id: ACTION.acknowledge, value: ctx.refs.sign(esc.id), style: "primary" }],
    });
  }
  return { text: `${id} ${severity} ${how} ${lvl.label}`, blocks };
}

const ASKED: Partial<Record<TimelineEventKind, string>> = {
  opened: "Join the response now: the playbook asks for you on this severity.",
  escalated: "Make sure someone at the new level takes ownership and acknowledges it.",
  ack_missed: "Nobody acknowledged it in time: assign an owner now.",
  resolution_warning: "The resolution target is close: check the plan, add people, or prepare the customer.",
  sla_breach: "The SLA is breached: decide on customer communication and explain the breach.",
  reclassified: "Its severity or category changed: the playbook asks for you on it now.",
};

/** The level that had the escalation when `event` happened, where the event says; else the current one. */
function levelAt(esc: EscalationRow, event: TimelineEventRow): string {
  switch (event.kind) {
    case "escalated":
      return event.detail.to;
    case "opened":
    case "acknowledged":
    case "ack_missed":
    case "update_reminder":
      return event.detail.level;
    case "resolution_warning":
      return event.detail.level ?? esc.level;
    default:
      return esc.level;
  }
}

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
  if (event.kind === "opened") return reason ?? `${severityLabel(policy, event.detail.severity)} opened at ${levelLabel(policy, event.detail.level)}`;
  return reason ?? event.kind.replace(/_/g, " ");
}

/** A progress update as kept on the timeline. */
export type ProgressUpdateEvent = Extract<TimelineEventRow, { kind: "progress_update" }>;

/**
 * "What's been done": the troubleshooting from the form, then the latest progress update (status,
 * what was done, next steps, when). What people typed is escaped; the date is Slack's own markup.
 */
function doneSoFar(esc: EscalationRow, update: ProgressUpdateEvent | undefined): string {
  const lines = esc.troubleshooting ? [userText(esc.troubleshooting, 1200)] : [];
  if (update) {
    const d = update.detail;
    const status = UPDATE_STATUSES.find((s) => s.id === d.status)?.label ?? d.status;
    lines.push(`:memo: Latest update, ${slackDate(update.at)}${update.actor ? ` by ${mention(update.actor)}` : ""}: *${userText(status, 100)}*`);
    lines.push(`*Done:* ${userText(d.done, 1000)}`);
    if (d.next) lines.push(`*Next:* ${userText(d.next, 500)}`);
  } else if (esc.lastUpdateAt !== null) {
    lines.push(`:memo: Last update ${slackDate(esc.lastUpdateAt)}${esc.lastUpdateBy ? ` by ${mention(esc.lastUpdateBy)}` : ""}`);
  } else {
    lines.push("No progress update yet.");
  }
  return `*What's been done*\n${lines.join("\n")}`;
}

/**
 * A management-escalation summary by DM: situation, customer, impact, what's done, what's asked;
 * where it stood when `event` happened. `latestUpdate` is the escalation's latest progress update,
 * never shown for a restricted escalation (its details stay in its channel).
 */
export function buildManagerDm(
  esc: EscalationRow,
  event: TimelineEventRow,
  ctx: RenderContext,
  permalink: string | undefined,
  latestUpdate?: ProgressUpdateEvent,
): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const severity = severityLabel(policy, esc.severity);
  const situation = situationOf(esc, event, ctx.policy);
  const asked = esc.customerRequested && event.kind === "opened" ? "The customer asked for escalation: review it and contact the customer." : (ASKED[event.kind] ?? "Please take a look.");
  const resolutionDue = event.kind === "sla_breach" || event.kind === "resolution_warning" ? event.detail.resolutionDue : esc.resolutionDue;
  const blocks: KnownBlock[] = [
    mrkdwnSection(`${severityIcon(policy, esc.severity)} *Management escalation: ${id}* · *${severity}* · ${categoryLabel(policy, esc.category)} · with *${levelLabel(policy, levelAt(esc, event))}*`),
    labelledSection("Situation", situation),
  ];
  if (!esc.restricted) {
    blocks.push(labelledSection("Customer", `${esc.customer} (${tierLabel(policy, esc.tier)})${esc.sentiment ? `, ${esc.sentiment}` : ""}`));
    blocks.push(labelledSection("Problem", truncate(esc.summary, 1000)));
    if (esc.impact) blocks.push(labelledSection("Impact", esc.impact));
    blocks.push(mrkdwnSection(doneSoFar(esc, latestUpdate)));
  } else {
    blocks.push(mrkdwnSection(`:lock: Restricted: details are only in ${esc.messageChannelId ? channelLink(esc.messageChannelId) : esc.channel}.`));
  }
  blocks.push(labelledSection("What is asked", asked));
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `Resolve by ${slackDate(resolutionDue)}${esc.breachedAt ? " (breached)" : ""}` }],
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
