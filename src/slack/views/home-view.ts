import type { HomeView, KnownBlock } from "@slack/types";
import { DateTime } from "luxon";
import type { EscalationRow } from "../../db/schema.js";
import { formatElapsed } from "../../domain/duration.js";
import { formatEscalationId } from "../../domain/escalation-id.js";
import { zonedTime, type HomeList, type HomeModel, type NextDeadline } from "../../domain/home.js";
import { levelLabel, severityLabel } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import type { MetricsReport } from "../../domain/metrics-report.js";
import { truncate } from "../../domain/text.js";
import { ACTION, CALLBACK, HOME_ACTIONS_BLOCK } from "../ids.js";
import { button, capBlocks, mrkdwnSection } from "./block-kit.js";
import { severityIcon } from "./escalation-message.js";
import { mention, userText } from "./slack-format.js";
import { tierTable } from "./weekly-review.js";

/** Slack's limit for a Home tab view. */
export const HOME_MAX_BLOCKS = 100;

export interface HomeViewContext {
  policy: Policy;
  /** The viewer's time zone (users.info `tz`); every time on the view is read in it. */
  zone: string;
  /** Links to each escalation's thread, by escalation id, where Slack gave one. */
  permalinks: ReadonlyMap<number, string>;
  /** Last week's figures by tier (the weekly review's week). */
  lastWeek: MetricsReport;
  /** Offer the Dashboard button: the bot knows the address people reach it at. */
  dashboard?: boolean;
}

const DEADLINE_NAMES: Record<NextDeadline["kind"], string> = { first_response: "first response", next_update: "next update", resolution: "resolution" };

/** "resolution today 16:00 CET (in 1 h 20 min)", or ":rotating_light: first response overdue since …". */
function deadlineText(esc: EscalationRow, next: NextDeadline | undefined, now: number, zone: string): string {
  const breach = esc.breachedAt !== null ? ":rotating_light: *resolution SLA breached*" : undefined;
  if (!next) return breach ?? (esc.pausedAt !== null ? ":double_vertical_bar: clocks paused (waiting on the customer)" : "no running deadline");
  const when = zonedTime(next.at, now, zone);
  const text = next.overdue
    ? `:rotating_light: ${DEADLINE_NAMES[next.kind]} overdue since ${when} (${formatElapsed(now - next.at)} ago)`
    : `:stopwatch: ${DEADLINE_NAMES[next.kind]} by ${when} (in ${formatElapsed(next.at - now)})`;
  return breach ? `${breach} · ${text}` : text;
}

/** One escalation, in one section: id (linked to its thread), severity, customer, owner, next deadline. */
function row(esc: EscalationRow, next: NextDeadline | undefined, model: HomeModel<EscalationRow>, ctx: HomeViewContext): KnownBlock {
  const { policy } = ctx;
  const url = ctx.permalinks.get(esc.id);
  const id = url ? `<${url}|${formatEscalationId(esc.id)}>` : formatEscalationId(esc.id);
  const who = esc.ownerId ?? esc.acknowledgedBy;
  const owner = who ? `owner ${mention(who)}` : `unassigned (${userText(levelLabel(policy, esc.level))})`;
  const lock = esc.restricted ? " :lock:" : "";
  if (esc.status === "resolved") {
    const by = esc.resolvedBy ? ` by ${mention(esc.resolvedBy)}` : "";
    const at = esc.resolvedAt !== null ? ` ${zonedTime(esc.resolvedAt, model.now, ctx.zone)}` : "";
    return mrkdwnSection(`*${id}*${lock} ${severityIcon(policy, esc.severity)} ${userText(severityLabel(policy, esc.severity))} · ${userText(truncate(esc.customer, 80))}\n:white_check_mark: resolved${by}${at}`);
  }
  const head = `*${id}*${lock} ${severityIcon(policy, esc.severity)} ${userText(severityLabel(policy, esc.severity))} · ${userText(truncate(esc.customer, 80))}: ${userText(truncate(esc.summary, 100))}`;
  return mrkdwnSection(`${head}\n${owner} · ${deadlineText(esc, next, model.now, ctx.zone)}`);
}

function list(title: string, empty: string, items: HomeList<EscalationRow>, model: HomeModel<EscalationRow>, ctx: HomeViewContext): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: "header", text: { type: "plain_text", text: title } }];
  if (items.rows.length === 0 && items.more === 0) return [...blocks, { type: "context", elements: [{ type: "mrkdwn", text: empty }] }];
  blocks.push(...items.rows.map((r) => row(r.esc, r.next, model, ctx)));
  if (items.more > 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `… and ${items.more} more` }] });
  return blocks;
}

/** "How did we do last week, by tier": the weekly review's table, and the command that prints the same. */
function lastWeekBlocks(ctx: HomeViewContext): KnownBlock[] {
  const { period, groups, overall } = ctx.lastWeek;
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: ctx.zone });
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone: "UTC" }).toISO({ suppressMilliseconds: true, suppressSeconds: true })!;
  return [
    { type: "header", text: { type: "plain_text", text: "Last week by tier" } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `${local(period.since).toFormat("ccc d LLL HH:mm")} – ${local(period.until).toFormat("ccc d LLL HH:mm")} · time waiting on the customer left out` }],
    },
    mrkdwnSection(tierTable(groups, overall, ctx.policy)),
    { type: "context", elements: [{ type: "mrkdwn", text: `The same figures: \`escalation-bot report --since ${iso(period.since)} --until ${iso(period.until)} --by tier\`` }] },
  ];
}

/**
 * The App Home of one person: New escalation, Refresh and (when the bot knows its own address)
 * Dashboard, then Mine, At risk, Open by severity and
 * Recently resolved. Restricted escalations the person may not see were left out of the model;
 * those shown carry a lock. Every list is capped (domain/home.ts HOME_SHOWN), so the view stays
 * far below Slack's 100 blocks; capBlocks is the last guard.
 */
export function buildHomeView(model: HomeModel<EscalationRow>, ctx: HomeViewContext): HomeView {
  const counts = model.bySeverity.map((s) => `${severityIcon(ctx.policy, s.severity)} ${userText(severityLabel(ctx.policy, s.severity))}: *${s.count}*`);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Escalations" } },
    {
      type: "actions",
      block_id: HOME_ACTIONS_BLOCK,
      elements: [
        button({ actionId: ACTION.homeNewEscalation, text: "New escalation", value: "new", style: "primary" }),
        button({ actionId: ACTION.homeRefresh, text: "Refresh", value: "refresh" }),
        // The link is made at the click, for whoever clicks: one made now would go stale on an open tab.
        ...(ctx.dashboard ? [button({ actionId: ACTION.homeDashboard, text: "Dashboard", value: "dashboard" })] : []),
      ],
    },
    { type: "context", elements: [{ type: "mrkdwn", text: `As of ${zonedTime(model.now, model.now, ctx.zone)} · times in ${userText(ctx.zone)}` }] },
    ...list("Mine", "Nothing open is owned or acknowledged by you.", model.mine, model, ctx),
    { type: "divider" },
    ...list("At risk", "Nothing is within 2 h of its first response or resolution deadline, and nothing is breached.", model.atRisk, model, ctx),
    { type: "divider" },
    { type: "header", text: { type: "plain_text", text: `Open by severity: ${model.openTotal}` } },
    mrkdwnSection(counts.join("\n")),
    { type: "divider" },
    ...list("Recently resolved", "Nothing was resolved in the last 7 days.", model.resolved, model, ctx),
    { type: "divider" },
    ...lastWeekBlocks(ctx),
  ];
  return { type: "home", callback_id: CALLBACK.home, blocks: capBlocks(blocks, HOME_MAX_BLOCKS) };
}
