import { DateTime } from "luxon";
import type { DashboardFigures, OpenEscalation, OpenList, ReportFigures } from "../domain/dashboard-figures.js";
import { formatEscalationId } from "../domain/escalation-id.js";
import type { Figures } from "../domain/escalation-metrics.js";
import { zonedTime } from "../domain/home.js";
import { dur, pct } from "../domain/metrics-render.js";
import { categoryLabel, severityLabel, tierLabel } from "../domain/playbook/lookup.js";
import type { Policy } from "../domain/playbook/model.js";

/**
 * What the page shows, as text: every table (the charts' text alternatives among them) and every
 * chart's numbers. The page draws exactly these tables and the CSV is exactly these cells, so the
 * file always matches the screen. Plain data, never HTML: the page sets it as text.
 */

export interface DashTable {
  id: string;
  caption: string;
  /** The first column's heading (the rows' headers), then the others. */
  columns: string[];
  rows: { header: string; cells: string[] }[];
}

export interface DashChart {
  id: string;
  title: string;
  /** The table beside it that holds the same numbers. */
  table: string;
  unit: "escalations" | "hours" | "percent";
  kind: "bars" | "lines";
  /** Each bucket's start, epoch seconds (uPlot's x). */
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

const DEADLINE_WORDS = { first_response: "first response", next_update: "next update", resolution: "resolution" } as const;
const restrictedWords = (n: number) => `${n} restricted escalation${n === 1 ? "" : "s"}`;

/** The live list: open escalations with their owner and next deadline; restricted ones the viewer may not see as a count. */
export function openTable<E extends OpenEscalation>(list: OpenList<E>, ctx: { policy: Policy; zone: string; now: number; names: ReadonlyMap<string, string> }): DashTable {
  const { policy, zone, now } = ctx;
  const person = (id: string | null) => (id === null ? "nobody yet" : (ctx.names.get(id) ?? id));
  const rows = list.rows.map(({ esc, next }) => ({
    header: formatEscalationId(esc.id),
    cells: [
      severityLabel(policy, esc.severity),
      tierLabel(policy, esc.tier),
      categoryLabel(policy, esc.category),
      esc.customer,
      esc.summary,
      person(esc.ownerId ?? esc.acknowledgedBy),
      next ? `${DEADLINE_WORDS[next.kind]}${next.overdue ? " (overdue)" : ""}` : "none (clocks paused)",
      next ? zonedTime(next.at, now, zone) : "—",
    ],
  }));
  if (list.restrictedHidden > 0) rows.push({ header: "Restricted", cells: [`${restrictedWords(list.restrictedHidden)}: details only for those the playbook lets see them`, "", "", "", "", "", "", ""] });
  if (list.more > 0) rows.push({ header: "More", cells: [`${list.more} more open escalations (narrow the filters)`, "", "", "", "", "", "", ""] });
  return {
    id: "open",
    caption: "Open escalations, most urgent first",
    columns: ["Escalation", "Severity", "Tier", "Category", "Customer", "Summary", "Owner", "Next deadline", "Due"],
    rows,
  };
}

const REPORT_COLUMNS = ["opened", "MTTA", "MTTR", "first response", "updates", "resolution"];
const reportCells = (f: Figures) => [String(f.opened), dur(f.mttaMs), dur(f.mttrMs), pct(f.firstResponse), pct(f.updates), pct(f.resolution)];

/** The period by severity or tier: the rows `escalation-bot report --by severity|tier` prints. */
function reportTable(id: string, caption: string, head: string, r: ReportFigures, label: (key: string) => string): DashTable {
  return {
    id,
    caption,
    columns: [head, ...REPORT_COLUMNS],
    rows: [...r.groups.map((g) => ({ header: label(g.key), cells: reportCells(g.figures) })), { header: "all", cells: reportCells(r.overall) }],
  };
}

export interface DashboardView {
  tables: DashTable[];
  charts: DashChart[];
}

/** Every figure table and chart of the period. */
export function figureTables(f: DashboardFigures, ctx: { policy: Policy; zone: string }): DashboardView {
  const { policy, zone } = ctx;
  const x = f.buckets.map((b) => Math.floor(b.period.since / 1000));
  // The day, or the Monday a week starts on, under a heading that says which ("Week of"): short
  // enough to stay on one line in the table beside a chart.
  const bucketLabel = (since: number) => DateTime.fromMillis(since, { zone }).setLocale("en-GB").toFormat("ccc d LLL yyyy");
  const severities = policy.severities.map((s) => s.id);
  const tiers = policy.tiers.map((t) => t.id);
  const step = f.bucket === "day" ? "day" : "week";
  const bucketHead = step === "day" ? "Day" : "Week of";

  const volume: DashChart = {
    id: "volume",
    title: `Escalations opened per ${step}`,
    table: "volume-table",
    unit: "escalations",
    kind: "bars",
    x,
    series: [{ label: "opened", values: f.buckets.map((b) => b.bySeverity.volume.total) }],
  };
  const volumeTable: DashTable = {
    id: "volume-table",
    caption: `Escalations opened per ${step}, by severity`,
    columns: [bucketHead, "opened", ...severities.map((s) => severityLabel(policy, s))],
    rows: f.buckets.map((b) => ({ header: bucketLabel(b.period.since), cells: [String(b.bySeverity.volume.total), ...severities.map((s) => String(b.bySeverity.volume.bySeverity[s] ?? 0))] })),
  };

  const overTime = (id: string, what: "MTTA" | "MTTR", by: "severity" | "tier"): [DashChart, DashTable] => {
    const keys = by === "severity" ? severities : tiers;
    const label = (k: string) => (by === "severity" ? severityLabel(policy, k) : tierLabel(policy, k));
    const ms = (r: ReportFigures, k: string) => {
      const g = r.groups.find((x) => x.key === k)?.figures;
      return (what === "MTTA" ? g?.mttaMs : g?.mttrMs) ?? null;
    };
    const pick = (b: DashboardFigures["buckets"][number]) => (by === "severity" ? b.bySeverity : b.byTier);
    const title = `${what} by ${by} per ${step}`;
    return [
      { id, title, table: `${id}-table`, unit: "hours", kind: "lines", x, series: keys.map((k) => ({ label: label(k), values: f.buckets.map((b) => toHours(ms(pick(b), k))) })) },
      {
        id: `${id}-table`,
        caption: `${title} (${what === "MTTA" ? "mean time to acknowledge" : "mean time to resolve"}; — where none)`,
        columns: [bucketHead, ...keys.map(label)],
        rows: f.buckets.map((b) => ({ header: bucketLabel(b.period.since), cells: keys.map((k) => dur(ms(pick(b), k))) })),
      },
    ];
  };

  const slaChart: DashChart = {
    id: "sla-tier",
    title: `First response SLA met by tier per ${step}`,
    table: "sla-tier-table",
    unit: "percent",
    kind: "lines",
    x,
    series: tiers.map((t) => ({
      label: tierLabel(policy, t),
      values: f.buckets.map((b) => {
        const rate = b.byTier.groups.find((g) => g.key === t)?.figures.firstResponse.rate ?? null;
        return rate === null ? null : Math.round(rate * 1000) / 10;
      }),
    })),
  };
  const slaTable: DashTable = {
    id: "sla-tier-table",
    caption: `First response SLA met by tier per ${step} (share met, met/due)`,
    columns: [bucketHead, ...tiers.map((t) => tierLabel(policy, t))],
    rows: f.buckets.map((b) => ({
      header: bucketLabel(b.period.since),
      cells: tiers.map((t) => {
        const c = b.byTier.groups.find((g) => g.key === t)?.figures.firstResponse;
        return c ? pct(c) : "—";
      }),
    })),
  };

  const customerRows = (list: DashboardFigures["topCustomers"], counted: boolean) => [
    ...list.map((c) => ({ header: c.names.join(" / "), cells: [String(c.count), c.ids.map(formatEscalationId).join(", ")] })),
    ...(counted && f.restrictedHidden > 0 ? [{ header: "Restricted", cells: [String(f.restrictedHidden), `${restrictedWords(f.restrictedHidden)}, customers not shown`] }] : []),
  ];
  const categories = Object.entries(f.bySeverity.volume.byCategory).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  const [mttaSev, mttaSevT] = overTime("mtta-severity", "MTTA", "severity");
  const [mttrSev, mttrSevT] = overTime("mttr-severity", "MTTR", "severity");
  const [mttaTier, mttaTierT] = overTime("mtta-tier", "MTTA", "tier");
  const [mttrTier, mttrTierT] = overTime("mttr-tier", "MTTR", "tier");
  return {
    charts: [volume, mttaSev, mttrSev, mttaTier, mttrTier, slaChart],
    tables: [
      reportTable("by-severity", "The period by severity: volume, MTTA, MTTR and SLA compliance", "Severity", f.bySeverity, (k) => severityLabel(policy, k)),
      reportTable("by-tier", "SLA compliance by tier: volume, MTTA, MTTR and targets met", "Tier", f.byTier, (k) => tierLabel(policy, k)),
      volumeTable,
      mttaSevT,
      mttrSevT,
      mttaTierT,
      mttrTierT,
      slaTable,
      { id: "categories", caption: "Reasons: escalations opened by category", columns: ["Category", "opened"], rows: categories.map(([k, n]) => ({ header: categoryLabel(policy, k), cells: [String(n)] })) },
      { id: "top-customers", caption: "Top customers: escalations opened", columns: ["Customer", "opened", "escalations"], rows: customerRows(f.topCustomers, true) },
      { id: "repeat-customers", caption: "Repeat customers: escalated twice or more", columns: ["Customer", "opened", "escalations"], rows: customerRows(f.repeatCustomers, false) },
    ],
  };
}

const toHours = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100);
