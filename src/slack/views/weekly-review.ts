import type { KnownBlock } from "@slack/types";
import { DateTime } from "luxon";
import { formatEscalationId } from "../../domain/escalation-id.js";
import type { Figures } from "../../domain/escalation-metrics.js";
import { dur, pct } from "../../domain/metrics-render.js";
import type { CustomerCount } from "../../domain/metrics-report.js";
import { findCategory } from "../../domain/playbook/lookup.js";
import type { Policy } from "../../domain/playbook/model.js";
import type { Change, ReviewBreach, WeeklyReview } from "../../domain/weekly-review.js";
import { LIMITS, capBlocks, mrkdwnSection } from "./block-kit.js";
import { userText } from "./slack-format.js";

/** What the review is shown with: the playbook (for labels), its zone and schedule, and the breaches' thread links. */
export interface WeeklyReviewView {
  policy: Policy;
  zone: string;
  /** "Monday 09:00", as the playbook schedules it. */
  schedule: string;
  permalinks: ReadonlyMap<number, string>;
}

const BREACHES_PER_SECTION = 10;

/** A playbook id's label (escaped), or the id itself when the playbook no longer has it. */
const labelIn = (list: readonly { id: string; label: string }[], id: string): string => userText(list.find((x) => x.id === id)?.label ?? id);

/**
 * The weekly escalation review as a channel message: volume by severity and category, MTTA and MTTR,
 * SLA compliance by tier (time waiting on the customer left out), week over week, breaches with
 * links to their threads, top and repeat customers, and the report command that prints the same
 * figures. Every name from the playbook or a customer is escaped.
 */
export function buildWeeklyReviewMessage(review: WeeklyReview, view: WeeklyReviewView): { text: string; blocks: KnownBlock[] } {
  const { policy, zone } = view;
  const local = (ms: number) => DateTime.fromMillis(ms, { zone });
  const day = (ms: number) => local(ms).toFormat("ccc d LLL yyyy HH:mm");
  const iso = (ms: number) => local(ms).toISO({ suppressMilliseconds: true, suppressSeconds: true })!;
  const { report, weekOverWeek: wow } = review;
  const title = `Weekly escalation review: ${local(review.period.since).toFormat("d LLL")} – ${local(review.period.until).toFormat("d LLL yyyy")}`;
  const lateNote = review.late ? `Posted late: the bot was not running at ${view.schedule} (${day(review.late.scheduledAt)}).` : "";
  const skippedNote =
    review.skipped > 0
      ? `${review.skipped} earlier week${review.skipped === 1 ? " was" : "s were"} not reviewed (the bot was not running at ${view.schedule}); \`escalation-bot report\` gives any period.`
      : "";

  const counts = (r: Record<string, number>, list: readonly { id: string; label: string }[]) =>
    Object.entries(r)
      .sort(([, a], [, b]) => b - a)
      .map(([id, n]) => `${labelIn(list, id)} ${n}`)
      .join(" · ") || "none";

  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Weekly escalation review" } },
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `${day(review.period.since)} – ${day(review.period.until)} (${userText(zone)}) · compared with the week before` }],
    },
    ...(lateNote || skippedNote ? [mrkdwnSection([lateNote && `:warning: *${lateNote}*`, skippedNote].filter(Boolean).join("\n"))] : []),
    mrkdwnSection(
      [
        `*Volume:* ${report.volume.total} opened (${plus(wow.opened.delta ?? 0)} on the week before)`,
        `*By severity:* ${counts(report.volume.bySeverity, policy.severities)}`,
        `*By category:* ${counts(report.volume.byCategory, Object.keys(report.volume.byCategory).map((id) => findCategory(policy, id) ?? { id, label: id }))}`,
        `*MTTA:* ${dur(report.overall.mttaMs)} (${report.overall.acknowledged} acknowledged) · *MTTR:* ${dur(report.overall.mttrMs)} (${report.overall.resolved} resolved)`,
      ].join("\n"),
    ),
    mrkdwnSection(`*SLA compliance by tier* (time waiting on the customer left out)\n${tierTable(report.groups, report.overall, policy)}`),
    mrkdwnSection(
      [
        "*Week over week*",
        `Opened ${countChange(wow.opened)} · MTTA ${durationChange(wow.mttaMs)} · MTTR ${durationChange(wow.mttrMs)} · breaches ${countChange(wow.breaches)}`,
        `First response ${shareChange(wow.firstResponseRate)} · updates ${shareChange(wow.updatesRate)} · resolution ${shareChange(wow.resolutionRate)}`,
      ].join("\n"),
    ),
    ...breachSections(review, view, day),
    mrkdwnSection(`*Top customers*\n${customerLines(review.topCustomers)}`),
    mrkdwnSection(`*Repeat customers* (2 or more escalations this week)\n${customerLines(review.repeatCustomers)}`),
    {
      type: "context",
      elements: [{ type: "mrkdwn", text: `The same figures: \`escalation-bot report --since ${iso(review.period.since)} --until ${iso(review.period.until)} --by tier\`` }],
    },
  ];
  const text = [title, lateNote].filter(Boolean).join(" · ");
  return { text: text.slice(0, LIMITS.messageText), blocks: capBlocks(blocks) };
}

const share = (rate: number): string => `${Math.round(rate * 100)}%`;

/** A figure of both weeks: "12 (+3)", "20 min (was 25 min)", "90% (+10 pts)"; a dash for a week without one. */
function changeText(c: Change, format: (n: number) => string, delta: (d: number) => string | undefined): string {
  if (c.current === null && c.previous === null) return "— both weeks";
  if (c.current === null) return `— (was ${format(c.previous!)})`;
  if (c.previous === null) return `${format(c.current)} (none the week before)`;
  return `${format(c.current)} (${delta(c.delta!) ?? `was ${format(c.previous)}`})`;
}
const plus = (n: number): string => `${n >= 0 ? "+" : ""}${n}`;
const countChange = (c: Change) => changeText(c, String, plus);
const durationChange = (c: Change) => changeText(c, (ms) => dur(ms), () => undefined);
const shareChange = (c: Change) => changeText(c, share, (d) => `${plus(Math.round(d * 100))} pts`);

/** One line per tier and one for all, in a code block so the columns line up (the App Home shows it too). */
export function tierTable(groups: readonly { key: string; figures: Figures }[], overall: Figures, policy: WeeklyReviewView["policy"]): string {
  const head = ["tier", "opened", "MTTA", "MTTR", "first response", "updates", "resolution"];
  const row = (name: string, f: Figures) => [name, String(f.opened), dur(f.mttaMs), dur(f.mttrMs), pct(f.firstResponse), pct(f.updates), pct(f.resolution)];
  // Plain labels here: the code block is escaped as a whole below.
  const label = (id: string) => policy.tiers.find((t) => t.id === id)?.label ?? id;
  const rows = [head, ...groups.map((g) => row(label(g.key), g.figures)), row("all", overall)];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
  return `\`\`\`${userText(lines.join("\n"), LIMITS.sectionText - 200)}\`\`\``;
}

function breachSections(review: WeeklyReview, view: WeeklyReviewView, day: (ms: number) => string): KnownBlock[] {
  const total = review.breaches.length + review.moreBreaches;
  if (total === 0) return [mrkdwnSection("*Breaches*\nnone this week")];
  const line = (b: ReviewBreach) => {
    const link = view.permalinks.get(b.id);
    const id = link ? `<${link}|${formatEscalationId(b.id)}>` : formatEscalationId(b.id);
    const what = b.target === "first_response" ? "first response missed" : "resolution target missed";
    const who = b.customer === null ? "restricted" : userText(b.customer, 80);
    return `• ${id} ${what} ${day(b.at)} · ${who} · ${labelIn(view.policy.severities, b.severity)} · ${labelIn(view.policy.tiers, b.tier)}`;
  };
  const sections: KnownBlock[] = [];
  for (let i = 0; i < review.breaches.length; i += BREACHES_PER_SECTION) {
    const head = i === 0 ? `*Breaches* (${total})\n` : "";
    sections.push(mrkdwnSection(head + review.breaches.slice(i, i + BREACHES_PER_SECTION).map(line).join("\n")));
  }
  if (review.moreBreaches > 0) sections.push(mrkdwnSection(`…and ${review.moreBreaches} more: \`escalation-bot report\` lists them all.`));
  return sections;
}

function customerLines(list: readonly CustomerCount[]): string {
  if (list.length === 0) return "none";
  return list.map((c) => `• ${userText(c.names.join(" / "), 200)} ${c.count} (${c.ids.map(formatEscalationId).join(", ")})`).join("\n");
}
