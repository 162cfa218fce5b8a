import type { KnownBlock } from "@slack/types";
import type { EscalationRow, TimelineEventRow } from "../../db/schema.js";
import { formatElapsed } from "../../domain/duration.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { categoryLabel, levelLabel, severityLabel, tierLabel } from "../../domain/playbook/lookup.js";
import { truncate } from "../../domain/text.js";
import { eventReason, type TimelineEventKind } from "../../domain/timeline-event.js";
import type { Policy } from "../../domain/playbook/model.js";
import { COMMAND } from "../ids.js";
import { formatSlaDuration } from "../../domain/sla-duration.js";
import { LIMITS, capBlocks, mrkdwnSection } from "./block-kit.js";
import { severityIcon, type SlackMessage } from "./escalation-message.js";
import { statusLinkLine } from "./linked-lines.js";
import { mention, slackDate, ticketText, userText } from "./slack-format.js";
import { ticketLabel } from "../../domain/ticket-link.js";

export function buildHelp(policy: Policy): SlackMessage {
  const text = [
    `*${COMMAND}* — escalations by the *${userText(policy.name)}* playbook`,
    `• \`${COMMAND}\` or \`${COMMAND} short summary\`: open the escalation form`,
    `• \`${COMMAND} list\`: open escalations, most severe first`,
    `• \`${COMMAND} ESC-0042\` (or \`${COMMAND} 42\`): where one escalation stands, with its latest events`,
    `• \`${COMMAND} reopen ESC-0042\`: reopen a resolved escalation, within ${formatSlaDuration(policy.lifecycle.reopenWindow)} of its resolution`,
    `• \`${COMMAND} export ESC-0042\` (add \`json\` for JSON): the escalation package and the bug report for Jira, as a file in its thread`,
    "• *Escalate this message* in a message's ⋯ menu, or *Open an escalation* in the shortcuts menu: the form, from anywhere in Slack",
  ].join("\n");
  return { text, blocks: [mrkdwnSection(text)] };
}

/** Who has it and what is next, in one line. */
function standing(esc: EscalationRow, policy: Policy): string {
  const who = esc.ownerId ?? esc.acknowledgedBy;
  const owner = who ? `with ${mention(who)}${esc.pausedAt !== null ? " · waiting on the customer" : ""}` : `*unacknowledged* (ack by ${slackDate(esc.firstResponseDue, "{time}")})`;
  const breach = esc.breachedAt !== null ? " · :rotating_light: SLA breached" : ` · resolve by ${slackDate(esc.resolutionDue)}`;
  // Slack counts "… ago" when it is read: the reply is never re-rendered.
  return `${levelLabel(policy, esc.level)}, ${owner} · opened ${slackDate(esc.createdAt, "{ago}")}${breach}`;
}

/** A restricted escalation shows only what kind it is and where its details are. */
function headline(esc: EscalationRow, policy: Policy, link: (e: EscalationRow) => string): string {
  const id = `*${link(esc)}* ${severityIcon(policy, esc.severity)} ${severityLabel(policy, esc.severity)}`;
  if (esc.restricted) return `${id} · :lock: restricted ${categoryLabel(policy, esc.category)} (details in ${esc.channel})`;
  return `${id} · ${userText(esc.customer)} (${tierLabel(policy, esc.tier)}): ${userText(truncate(esc.summary, 120))}`;
}

/** ":ticket: Zendesk ticket: <link|#123>"; a restricted escalation's ticket stays with its other details. */
function ticketLine(esc: EscalationRow, policy: Policy): string | undefined {
  if (esc.restricted || !esc.ticketRef) return undefined;
  return `:ticket: ${userText(ticketLabel(policy.ticketing))}: ${ticketText(policy.ticketing, esc.ticketRef, 300)}`;
}

const idLink = (permalinks: Map<number, string>) => (esc: EscalationRow) => {
  const url = permalinks.get(esc.id);
  return url ? `<${url}|${formatEscalationId(esc.id)}>` : formatEscalationId(esc.id);
};

export function buildOpenList(
  list: { rows: EscalationRow[]; total: number },
  ctx: { policy: Policy; now: number; permalinks: Map<number, string> },
): SlackMessage {
  if (list.total === 0) return { text: "No open escalations.", blocks: [mrkdwnSection(":white_check_mark: No open escalations.")] };
  const link = idLink(ctx.permalinks);
  const blocks: KnownBlock[] = [mrkdwnSection(`*Open escalations: ${list.total}*${list.total > list.rows.length ? ` (the ${list.rows.length} most severe, oldest first)` : ""}`)];
  for (const esc of list.rows) {
    blocks.push(mrkdwnSection(truncate(`${headline(esc, ctx.policy, link)}\n${standing(esc, ctx.policy)}`, LIMITS.sectionText)));
  }
  return { text: `Open escalations: ${list.total}`, blocks: capBlocks(blocks) };
}

/** How /escalate status names each kind of event (every kind: a new one must be named here). */
const EVENT_LABELS: Record<TimelineEventKind, string> = {
  opened: "opened",
  acknowledged: "acknowledged",
  escalated: "escalated",
  ack_missed: "not acknowledged in time",
  progress_update: "progress update",
  update_reminder: "update reminder",
  snoozed: "reminders snoozed",
  resolution_warning: "resolution target nearly used",
  sla_breach: "SLA breached",
  resolved: "resolved",
  refused: "refused",
  checklist_ticked: "checklist ticked",
  checklist_unticked: "checklist unticked",
  restriction_lifted: "restriction lifted",
  jira_issue_created: "Jira issue filed",
  delivery_waiting: "delivery waiting",
  delivery_failed: "a Slack message could not be delivered",
  owner_changed: "owner changed",
  reclassified: "severity or category changed",
  deescalated: "de-escalated",
  paused: "waiting on the customer",
  resumed: "clocks running again",
  reopened: "reopened",
  thread_reply: "reply in the thread",
  customer_update_sent: "customer update sent",
  linked: "linked (same issue)",
  unlinked: "unlinked",
  customers_linked: "multiple customers linked",
  war_room_opened: "war room opened",
  war_room_failed: "no war room could be made",
  commander_assigned: "incident commander named",
  room_status: "status in the war room",
  room_status_reminder: "war room status reminder",
  war_room_archived: "war room archived",
  repeat_escalation: "repeat escalation (the same customer again)",
  feature_requests_tallied: "feature request tally: the product team told",
};

function eventLine(event: TimelineEventRow, restricted: boolean): string {
  const who = event.actor ? ` by ${mention(event.actor)}` : "";
  const why = restricted ? undefined : eventReason(event);
  const reason = why !== undefined ? ` — ${userText(truncate(why, 200))}` : "";
  // A kind this version does not know (written by a newer one) still reads as words.
  return `${slackDate(event.at, "{date_short} {time}")} ${EVENT_LABELS[event.kind] ?? event.kind.replace(/_/g, " ")}${who}${reason}`;
}

export function buildStatus(
  found: { escalation: EscalationRow; events: TimelineEventRow[]; links?: { parent?: EscalationRow; children: EscalationRow[] } },
  ctx: { policy: Policy; now: number; permalink: string | undefined },
): SlackMessage {
  const { escalation: esc, events } = found;
  const linked = found.links ? statusLinkLine(esc, found.links, ctx.policy) : undefined;
  const link = idLink(new Map(ctx.permalink ? [[esc.id, ctx.permalink]] : []));
  const state = esc.status === "resolved" && esc.resolvedAt !== null
    ? `:white_check_mark: Resolved${esc.resolvedBy ? ` by ${mention(esc.resolvedBy)}` : ""} after ${formatElapsed(esc.resolvedAt - esc.createdAt)}`
    : standing(esc, ctx.policy);
  const lines = [...events].reverse().map((e) => eventLine(e, esc.restricted));
  const ticket = ticketLine(esc, ctx.policy);
  const head = `${headline(esc, ctx.policy, link)}\n${state}${ticket ? `\n${ticket}` : ""}${linked ? `\n${linked}` : ""}`;
  const sections = [head, ...linesInSections(["*Latest events*", ...lines])].map((text) => mrkdwnSection(truncate(text, LIMITS.sectionText)));
  return { text: `${formatEscalationId(esc.id)} status`, blocks: capBlocks(sections) };
}

/** Lines gathered into as few section texts as Slack's limit allows, none cut in the middle. */
function linesInSections(lines: string[]): string[] {
  const sections: string[] = [];
  for (const line of lines) {
    const last = sections.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= LIMITS.sectionText) sections[sections.length - 1] = `${last}\n${line}`;
    else sections.push(line);
  }
  return sections;
}
