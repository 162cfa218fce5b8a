import { DateTime } from "luxon";
import type { BacktestSummary, GroupFigures } from "../domain/backtest-tally.js";
import { formatEscalationId } from "../domain/escalation-id.js";

export const BACKTEST_FORMATS = ["table", "md", "json"] as const;
export type BacktestFormat = (typeof BACKTEST_FORMATS)[number];

export interface BacktestMeta {
  /** The new playbook: its name and file. */
  playbook: string;
  file: string;
  since: number;
  until: number;
  zone: string;
  /** Any PagerDuty event stored: pages were really sent when the playbook called for them. */
  pagerDutyWasOn: boolean;
}

/** How the replay treats choices and later changes: printed above every backtest (and in the README). */
export const BACKTEST_RULE = [
  "Each escalation opened in the period is replayed as it was opened: its text, tier, fields and customer-asked flag, at its real opening time.",
  "A severity or category the agent chose at the form is kept (a person's decision; the new playbook's rules, route and targets run on it); the new playbook's own suggestion is compared separately.",
  "Later reclassifications by a person are not replayed: 'before' is the decision at opening.",
  "Breaches: the new playbook's targets against the real first acknowledgement and resolution, waits on the customer left out where the new playbook pauses; 'before' is what really happened (as the report counts it).",
  "Update reminders: the new cadence against the real progress updates. Pages and manager DMs: what the new playbook would send (at opening and at a breach) against what was really written.",
];

const when = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";
const signed = (before: number, after: number) => `${before} → ${after}${after === before ? "" : ` (${after > before ? "+" : ""}${after - before})`}`;

function groupRows(label: string, groups: Record<string, GroupFigures>): string[][] {
  const head = [label, "escalations", "severity changed", "route changed", "FR gained", "FR avoided", "res. gained", "res. avoided", "update reminders", "pages", "manager DMs"];
  const rows = Object.entries(groups)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([key, g]) => [
      key,
      String(g.escalations),
      String(g.severityChanged),
      String(g.routeChanged),
      String(g.firstResponse.gained),
      String(g.firstResponse.avoided),
      String(g.resolution.gained),
      String(g.resolution.avoided),
      signed(g.updateMisses.before, g.updateMisses.after),
      signed(g.pages.before, g.pages.after),
      signed(g.managerDms.before, g.managerDms.after),
    ]);
  return [head, ...rows];
}

function grid(rows: string[][], md: boolean): string[] {
  if (md) {
    const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
    return [line(rows[0]!), `|${rows[0]!.map(() => "---").join("|")}|`, ...rows.slice(1).map(line)];
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd());
}

export function renderBacktest(s: BacktestSummary, meta: BacktestMeta, format: BacktestFormat): string {
  if (format === "json") {
    return JSON.stringify(
      { playbook: meta.playbook, file: meta.file, since: new Date(meta.since).toISOString(), until: new Date(meta.until).toISOString(), pagerDutyWasOn: meta.pagerDutyWasOn, rule: BACKTEST_RULE, ...s },
      null,
      2,
    );
  }
  const md = format === "md";
  const heading = (text: string) => (md ? `### ${text}` : `${text}:`);
  const o = s.overall;
  const out: string[] = [];
  out.push(md ? `## Backtest of ${meta.playbook}` : `Backtest of ${meta.playbook} (${meta.file})`);
  out.push(`Escalations opened ${when(meta.since, meta.zone)} – ${when(meta.until, meta.zone)}: ${s.replayed} replayed, ${s.changed} would change.`);
  out.push(
    `Agent's choice kept for ${s.agentChoseSeverity} severities and ${s.agentChoseCategory} categories; the new playbook suggests differently for ${s.suggestionChanged}; ` +
      `${s.reclassifiedLater} were reclassified later (not replayed).`,
  );
  out.push("");
  out.push(heading("How it was replayed"));
  for (const line of BACKTEST_RULE) out.push(`- ${line}`);
  out.push("");
  out.push(heading("Classification and route"));
  const bullet = md ? "- " : "  ";
  out.push(`${bullet}severities: ${counts(s.severities)}`);
  out.push(`${bullet}categories: ${counts(s.categories)}`);
  out.push(`${bullet}levels: ${counts(s.levels)}`);
  out.push(`${bullet}channels changed: ${s.channelsChanged}`);
  out.push("");
  out.push(heading("What would have happened (before = what really happened)"));
  out.push(
    ...grid(
      [
        ["", "before", "after", "gained", "avoided"],
        ["first-response breaches", String(o.firstResponse.before), String(o.firstResponse.after), String(o.firstResponse.gained), String(o.firstResponse.avoided)],
        ["resolution breaches", String(o.resolution.before), String(o.resolution.after), String(o.resolution.gained), String(o.resolution.avoided)],
        ["update reminders", String(o.updateMisses.before), String(o.updateMisses.after), "", ""],
        ["PagerDuty pages", String(o.pages.before), String(o.pages.after), "", ""],
        ["manager DMs", String(o.managerDms.before), String(o.managerDms.after), "", ""],
      ],
      md,
    ),
  );
  // In Markdown a line right under a table would be read as one more row.
  if (!meta.pagerDutyWasOn && md) out.push("");
  if (!meta.pagerDutyWasOn) out.push(`${md ? "" : "  "}(PagerDuty was off: no page was really sent, so pages the new playbook calls for are not counted as changes)`);
  out.push("");
  out.push(heading("By severity (as opened)"));
  out.push(...grid(groupRows("severity", s.bySeverity), md));
  out.push("");
  out.push(heading("By tier"));
  out.push(...grid(groupRows("tier", s.byTier), md));
  out.push("");
  out.push(heading(`Most affected (${s.mostAffected.length})`));
  if (s.mostAffected.length === 0) out.push(`${bullet}none: the new playbook changes nothing for these escalations`);
  for (const a of s.mostAffected) {
    const who = a.restricted ? "restricted" : (a.customer ?? "");
    out.push(`${bullet}${formatEscalationId(a.id)}  ${who}  (${a.tier}): ${a.changes.join("; ")}`);
  }
  return out.join("\n");
}
