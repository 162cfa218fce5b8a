import type { Checkboxes, KnownBlock, PlainTextOption, SectionBlock } from "@slack/types";
import { warRoomLine } from "./war-room-line.js";
import type { EscalationRow } from "../../db/schema.js";
import { channelWaitError } from "../../domain/channel-wait.js";
import { formatElapsed } from "../../domain/duration.js";
import { SENTIMENTS, labelOf } from "../../domain/escalation.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { categoryLabel, levelLabel, severityLabel, severityRank, tierLabel } from "../../domain/playbook/lookup.js";
import { truncate } from "../../domain/text.js";
import type { Policy } from "../../domain/playbook/model.js";
import { ACTION, checklistBlockId } from "../ids.js";
import { escalationActions } from "./escalation-actions.js";
import type { TimelineEventOf } from "../../domain/timeline-event.js";
import { LIMITS, capBlocks, labelledSection, mrkdwnSection } from "./block-kit.js";
import { mention, slackDate, ticketText, userText } from "./slack-format.js";
import { ticketLabel } from "../../domain/ticket-link.js";
import { jiraBrowseUrl } from "../../domain/jira-issue.js";
import type { RefSigner } from "../signed-ref.js";
import { isMessageLink } from "../source-message.js";
import { linkLines, type LinkedPost, type LinkView } from "./linked-lines.js";
import { repeatLine } from "./insight-messages.js";

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface RenderContext {
  policy: Policy;
  now: number;
  /** Slack mentions for each playbook role (`<@U1> <!subteam^S1>`); the role's name where unknown. */
  mentions?: Record<string, string>;
  /** Buttons carry the escalation's signed reference, never its bare row id. */
  refs: RefSigner;
  /** The escalations linked with it ("Same issue as…"), when it has any. */
  links?: LinkView;
  /** A repeat's earlier escalations, with links to their threads (the post's repeat line). */
  repeats?: LinkedPost[];
  /** JIRA_BASE_URL when Jira is configured: the post offers Create Jira issue and links the key. */
  jiraBaseUrl?: string;
}

const SEVERITY_ICONS = [":red_circle:", ":large_orange_circle:", ":large_yellow_circle:", ":white_circle:"];

export function severityIcon(policy: Policy, severityId: string): string {
  const rank = severityRank(policy, severityId);
  return rank < 0 ? ":warning:" : (SEVERITY_ICONS[Math.min(rank, SEVERITY_ICONS.length - 1)] ?? ":white_circle:");
}

type Field = { type: "mrkdwn"; text: string };

/** A field of the bot's own mrkdwn (a mention, a date). */
function field(label: string, value: string): Field {
  const heading = `*${label}*\n`;
  return { type: "mrkdwn", text: heading + truncate(value, LIMITS.sectionField - heading.length) };
}

/** A field of what someone typed. */
function userField(label: string, value: string): Field {
  const heading = `*${label}*\n`;
  return { type: "mrkdwn", text: heading + userText(value, LIMITS.sectionField - heading.length) };
}

/** The ticket reference, linked into the playbook's ticketing system when it can be. */
function ticketField(policy: Policy, ref: string): Field {
  const heading = `*${userText(ticketLabel(policy.ticketing))}*\n`;
  return { type: "mrkdwn", text: heading + ticketText(policy.ticketing, ref, LIMITS.sectionField - heading.length) };
}

function statusLine(esc: EscalationRow, now: number): string {
  if (esc.status === "resolved" && esc.resolvedBy && esc.resolvedAt !== null) {
    return `:white_check_mark: *Resolved* by ${mention(esc.resolvedBy)} after ${formatElapsed(esc.resolvedAt - esc.createdAt)}`;
  }
  if (esc.acknowledgedBy && esc.acknowledgedAt !== null) {
    return `:eyes: *Acknowledged* by ${mention(esc.acknowledgedBy)} after ${formatElapsed(esc.acknowledgedAt - esc.createdAt)}`;
  }
  const late = now > esc.firstResponseDue ? " — :rotating_light: *first response overdue*" : "";
  // Slack counts "… ago" for each reader: the post is not re-rendered as time passes.
  return `:hourglass_flowing_sand: *Waiting for acknowledgement* (opened ${slackDate(esc.createdAt, "{ago}")})${late}`;
}

function progressLine(esc: EscalationRow): string {
  const breach = esc.breachedAt !== null ? " · :rotating_light: *resolution SLA breached*" : "";
  if (esc.lastUpdateAt === null || esc.lastUpdateBy === null) return `:memo: No progress update yet${breach}`;
  return `:memo: Last update ${slackDate(esc.lastUpdateAt, "{ago}")} by ${mention(esc.lastUpdateBy)}${breach}`;
}

/**
 * "First response by …, next update by …, resolve by …" in each reader's own time zone. Once
 * resolved no deadline is live: only whether it was resolved within the resolution target.
 */
function clocksLine(esc: EscalationRow, policy: Policy): string {
  if (esc.status === "resolved") {
    const within = esc.resolvedAt !== null ? esc.resolvedAt <= esc.resolutionDue : esc.breachedAt === null;
    const target = `${severityLabel(policy, esc.severity)} resolution target (${slackDate(esc.resolutionDue)})`;
    return within ? `:stopwatch: Resolved within the ${target}` : `:rotating_light: Resolved after the ${target}`;
  }
  const parts: string[] = [];
  if (!esc.acknowledgedBy) parts.push(`first response by ${slackDate(esc.firstResponseDue)}`);
  if (esc.nextUpdateDue !== null) parts.push(`next update by ${slackDate(esc.nextUpdateDue)}`);
  parts.push(`resolve by ${slackDate(esc.resolutionDue)}`);
  if (esc.levelBudgetDue !== null) parts.push(`${levelLabel(policy, esc.level)} until ${slackDate(esc.levelBudgetDue)}`);
  const clock = esc.clock === "24x7" ? "24/7" : "business hours";
  return `:stopwatch: ${parts.join(" · ")} (${clock})`;
}

function rolesLine(label: string, roles: string[], mentions: Record<string, string> | undefined): string | undefined {
  if (roles.length === 0) return undefined;
  return `${label}: ${roles.map((r) => mentions?.[r] ?? r).join(", ")}`;
}

function severityText(esc: EscalationRow, policy: Policy): string {
  const label = severityLabel(policy, esc.severity);
  if (esc.severity === esc.suggestedSeverity) return label;
  return `${label} (agent's choice; playbook suggested ${severityLabel(policy, esc.suggestedSeverity)})`;
}

/** "Security incident · also Legal, Billing", saying when the agent chose the category. */
function categoryText(esc: EscalationRow, policy: Policy): string {
  const chosen = esc.category === esc.suggestedCategory ? "" : ` (agent's choice; playbook suggested ${categoryLabel(policy, esc.suggestedCategory)})`;
  const also = esc.alsoCategories.length > 0 ? ` · also ${esc.alsoCategories.map((c) => categoryLabel(policy, c)).join(", ")}` : "";
  return `${categoryLabel(policy, esc.category)}${chosen}${also}`;
}

/** A checklist item in the playbook's words (its id when the playbook no longer has it). */
export const flagLabel = (policy: Policy, flag: string): string => policy.flags[flag] ?? flag;

/**
 * The playbook's checklist for the owner: ticks while the escalation is open, a record once resolved.
 * Slack allows 10 options per checkbox group, which no playbook comes near; more are cut.
 */
function checklistBlock(esc: EscalationRow, policy: Policy, refs: RefSigner): SectionBlock | undefined {
  if (esc.flags.length === 0) return undefined;
  const done = esc.flags.filter((f) => esc.flagsDone.includes(f)).length;
  const heading = `:ballot_box_with_check: *Checklist* · ${done} of ${esc.flags.length} done`;
  if (esc.status === "resolved") {
    const lines = esc.flags.map((f) => `${esc.flagsDone.includes(f) ? ":white_check_mark:" : ":white_square:"} ${userText(flagLabel(policy, f))}`);
    return mrkdwnSection(`${heading}\n${lines.join("\n")}`);
  }
  const option = (f: string): PlainTextOption => ({ text: { type: "plain_text", text: truncate(flagLabel(policy, f), LIMITS.optionText) }, value: f });
  const options = esc.flags.slice(0, LIMITS.checkboxOptions).map(option);
  const ticked = options.filter((o) => esc.flagsDone.includes(o.value!));
  const boxes: Checkboxes = { type: "checkboxes", action_id: ACTION.checklist, options, ...(ticked.length > 0 ? { initial_options: ticked } : {}) };
  return { type: "section", block_id: checklistBlockId(refs.sign(esc.id)), text: { type: "mrkdwn", text: heading }, accessory: boxes };
}

/** "Sev 3 → Sev 1", "Bug → Security incident", or both. */
export function reclassifiedWhat(policy: Policy, d: TimelineEventOf<"reclassified">["detail"]): string {
  const parts: string[] = [];
  if (d.fromSeverity !== d.toSeverity) parts.push(`${severityLabel(policy, d.fromSeverity)} → ${severityLabel(policy, d.toSeverity)}`);
  if (d.fromCategory !== d.toCategory) parts.push(`${categoryLabel(policy, d.fromCategory)} → ${categoryLabel(policy, d.toCategory)}`);
  return parts.join(", ");
}

/** Who owns it, whether it waits on the customer, and its latest change of severity or category. */
function lifeLines(esc: EscalationRow, policy: Policy): string[] {
  const lines: string[] = [];
  if (esc.ownerId) lines.push(`:bust_in_silhouette: Owner: ${mention(esc.ownerId)}`);
  const room = warRoomLine(esc);
  if (room) lines.push(room);
  if (esc.pausedAt !== null && esc.status !== "resolved") {
    lines.push(`:double_vertical_bar: *Paused* since ${slackDate(esc.pausedAt, "{time}")} (waiting on the customer): its clocks run again when the customer replies`);
  }
  const r = esc.reclassification;
  if (r) {
    const what = reclassifiedWhat(policy, { fromSeverity: r.fromSeverity, toSeverity: esc.severity, fromCategory: r.fromCategory, toCategory: esc.category, reason: r.reason, restricted: false });
    if (what) lines.push(`:arrows_counterclockwise: ${userText(what)} by ${mention(r.by)}: ${userText(truncate(r.reason, 300))}`);
  }
  return lines;
}

/** The key, linked to Jira's page for it when the site is known (the key was checked against Jira's form when kept). */
function jiraText(key: string, baseUrl: string | undefined): string {
  return baseUrl ? `<${jiraBrowseUrl(baseUrl, key)}|${key}>` : key;
}

/** The escalation's message in its primary channel; re-rendered from the row after every state change. */
export function buildEscalationMessage(esc: EscalationRow, ctx: RenderContext): SlackMessage {
  const { policy, now } = ctx;
  const id = formatEscalationId(esc.id);
  const severity = severityText(esc, policy);
  const customer = `${userText(esc.customer)} (${tierLabel(policy, esc.tier)})`;

  const head: SectionBlock = mrkdwnSection(
    `${severityIcon(policy, esc.severity)} *${id}* · *${severity}* · ${customer}\n` +
      `${categoryText(esc, policy)} · owned by *${levelLabel(policy, esc.level)}*${esc.restricted ? " · :lock: restricted" : ""}`,
  );
  const facts: SectionBlock = {
    type: "section",
    fields: [
      field("Reporter", mention(esc.reporterId)),
      field("Opened", `${slackDate(esc.createdAt)} (${slackDate(esc.createdAt, "{ago}")})`),
      // Opened with "Escalate this message": a link back to it, only ever a plain permalink.
      ...(esc.sourceMessageUrl && isMessageLink(esc.sourceMessageUrl) ? [field("From", `<${esc.sourceMessageUrl}|the original message>`)] : []),
      ...(esc.customerContact ? [userField("Contact", esc.customerContact)] : []),
      ...(esc.sentiment ? [field("Sentiment", labelOf(SENTIMENTS, esc.sentiment))] : []),
      ...(esc.ticketRef ? [ticketField(policy, esc.ticketRef)] : []),
      ...(esc.jiraKey ? [field("Jira", jiraText(esc.jiraKey, ctx.jiraBaseUrl))] : []),
      ...(esc.environment ? [userField("Environment", esc.environment)] : []),
      ...Object.entries(esc.fields)
        .slice(0, 4)
        .map(([k, v]) => userField(policy.fields.find((f) => f.id === k)?.label ?? k, v === true ? "yes" : String(v))),
    ].slice(0, 10),
  };

  const blocks: KnownBlock[] = [head, labelledSection("Summary", esc.summary)];
  if (esc.impact) blocks.push(labelledSection("Customer impact", esc.impact));
  blocks.push(facts);
  if (esc.troubleshooting) blocks.push(labelledSection("Troubleshooting done", esc.troubleshooting));
  if (esc.errorMessages) blocks.push(labelledSection("Error messages", esc.errorMessages));
  if (esc.reproSteps) blocks.push(labelledSection("Steps to reproduce", esc.reproSteps));
  if (esc.workaround) blocks.push(labelledSection("Workaround", esc.workaround));

  const routeLines = [
    rolesLine(":mega: Notify", esc.notify, ctx.mentions),
    rolesLine("CC", esc.cc, ctx.mentions),
    esc.channels.length > 1 ? `Also told: ${esc.channels.slice(1).join(", ")}` : undefined,
  ].filter((l): l is string => l !== undefined);
  if (routeLines.length > 0) blocks.push(mrkdwnSection(routeLines.join("\n")));
  const checklist = checklistBlock(esc, policy, ctx.refs);
  if (checklist) blocks.push(checklist);
  blocks.push({
    type: "context",
    elements: [
      { type: "mrkdwn", text: truncate(clocksLine(esc, policy), LIMITS.contextText) },
      // The reasons quote what the playbook matched in the typed text.
      { type: "mrkdwn", text: `Why: ${userText(esc.reasons.join("; "), LIMITS.contextText - 5)}` },
    ],
  });
  const repeat = repeatLine(esc, ctx.repeats);
  blocks.push(mrkdwnSection([statusLine(esc, now), ...lifeLines(esc, policy), ...linkLines(esc, ctx.links, policy), ...(repeat ? [repeat] : []), progressLine(esc)].join("\n")));
  if (esc.status === "resolved") {
    if (esc.resolution) blocks.push(labelledSection("Resolution", esc.resolution));
    if (esc.rootCause) blocks.push(labelledSection("Root cause", esc.rootCause));
    if (esc.prevention) blocks.push(labelledSection("Prevention", esc.prevention));
  }
  const actions = escalationActions(esc, policy, ctx.refs, now, ctx.links?.children.length ?? 0, ctx.jiraBaseUrl !== undefined);
  if (actions) blocks.push(actions);

  return { text: notificationText(esc, policy, LIMITS.messageText), blocks: capBlocks(blocks) };
}

/**
 * "ESC-0042 Sev 1 · Critical — Acme: uploads fail", the top-level text Slack shows in notifications:
 * escaped like the blocks, since a mention there pings as surely as one in a block.
 */
function notificationText(esc: EscalationRow, policy: Policy, max: number): string {
  const head = `${formatEscalationId(esc.id)} ${severityLabel(policy, esc.severity)} — `;
  return head + userText(`${esc.customer}: ${esc.summary}`, max - head.length);
}

/**
 * What the other channels of the route see: a pointer to the thread. For a restricted escalation
 * only that one was opened and where, never the customer or what happened. While the post itself
 * waits for its channel (`waitingFor` is Slack's error), the pointer says where it will appear.
 */
export function buildCrossPost(esc: EscalationRow, ctx: RenderContext, permalink: string | undefined, waitingFor?: string): SlackMessage {
  const { policy } = ctx;
  const id = formatEscalationId(esc.id);
  const severity = severityLabel(policy, esc.severity);
  const link = permalink ? ` <${permalink}|Open the thread>` : "";
  const where = waitingFor ? ` ${notPostedYet(esc, waitingFor)}` : "";
  const text = esc.restricted
    ? `:lock: *${id}* · *${severity}* — a restricted ${categoryLabel(policy, esc.category)} escalation was opened. Details stay in ${esc.channel}.${where}`
    : `${severityIcon(policy, esc.severity)} *${id}* · *${severity}* · ${userText(esc.customer)} (${tierLabel(policy, esc.tier)}): ` +
      `${userText(truncate(esc.summary, 300))}\nOwned by ${levelLabel(policy, esc.level)} in ${esc.channel}.${link}${where}`;
  return {
    text: esc.restricted ? `${id} ${severity}: restricted escalation opened` : notificationText(esc, policy, 300),
    blocks: [mrkdwnSection(text)],
  };
}

/** "It will appear in #x as soon as the bot can post there (channel_not_found)." */
export function notPostedYet(esc: EscalationRow, error: string): string {
  // Slack's code only: the channel's readers need to know it is coming, not the bot's diagnosis.
  return `:hourglass: It will appear in ${esc.channel} as soon as the bot can post there (${channelWaitError(error) ?? userText(error)}).`;
}
