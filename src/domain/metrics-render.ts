import { DateTime } from "luxon";
import { csvCell } from "./csv.js";
import { formatElapsed } from "./duration.js";
import { formatEscalationId } from "./escalation-id.js";
import type { Compliance, Figures } from "./escalation-metrics.js";
import type { MetricsReport } from "./metrics-report.js";

export const REPORT_FORMATS = ["table", "csv", "json", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const pct = (c: Compliance): string => (c.rate === null ? "—" : `${Math.round(c.rate * 100)}% (${c.met}/${c.met + c.missed})`);
export const dur = (ms: number | null): string => (ms === null ? "—" : formatElapsed(ms));

const COLUMNS = ["opened", "MTTA", "MTTR", "first response", "updates", "resolution"] as const;
const cells = (f: Figures): string[] => [String(f.opened), dur(f.mttaMs), dur(f.mttrMs), pct(f.firstResponse), pct(f.updates), pct(f.resolution)];

/** The report as text in `format`; times in `zone` (the playbook's), durations as the app shows them. */
export function renderReport(report: MetricsReport, format: ReportFormat, zone: string): string {
  const time = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
  const title = `Escalations ${time(report.period.since)} – ${time(report.period.until)}`;
  const rows = [...report.groups.map((g) => [g.key, ...cells(g.figures)]), ["all", ...cells(report.overall)]];
  const head = [report.by, ...COLUMNS];
  const counts = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
  const customers = (list: MetricsReport["topCustomers"]) => list.map((c) => `${c.names.join(" / ")} ${c.count} (${c.ids.map(formatEscalationId).join(", ")})`);
  const breaches = report.breaches.map((b) => `${formatEscalationId(b.id)} ${b.target === "first_response" ? "first response" : "resolution"} missed ${time(b.at)} · ${b.customer} · ${b.severity} · ${b.tier}`);

  switch (format) {
    case "json":
      return `${JSON.stringify({ ...report, period: { since: DateTime.fromMillis(report.period.since, { zone }).toISO(), until: DateTime.fromMillis(report.period.until, { zone }).toISO() } }, null, 2)}\n`;
    case "csv": {
      const header = [report.by, "opened", "acknowledged", "mtta", "mtta_minutes", "resolved", "mttr", "mttr_minutes"];
      for (const c of ["first_response", "updates", "resolution"]) header.push(`${c}_met`, `${c}_missed`, `${c}_rate`);
      const line = (key: string, f: Figures) => {
        const min = (ms: number | null) => (ms === null ? "" : (ms / 60_000).toFixed(1));
        const share = (c: Compliance) => [String(c.met), String(c.missed), c.rate === null ? "" : c.rate.toFixed(3)];
        return [key, String(f.opened), String(f.acknowledged), dur(f.mttaMs), min(f.mttaMs), String(f.resolved), dur(f.mttrMs), min(f.mttrMs), ...share(f.firstResponse), ...share(f.updates), ...share(f.resolution)];
      };
      const all = [header, ...report.groups.map((g) => line(g.key, g.figures)), line("all", report.overall)];
      return `${all.map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
    }
    case "md": {
      const mdRow = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
      return [
        `# ${title}`,
        "",
        `**Volume:** ${report.volume.total} opened · by severity: ${counts(report.volume.bySeverity)} · by category: ${counts(report.volume.byCategory)}`,
        "",
        mdRow(head),
        mdRow(head.map(() => "---")),
        ...rows.map(mdRow),
        "",
        "## Breaches",
        ...(breaches.length ? breaches.map((b) => `- ${b}`) : ["- none"]),
        "",
        "## Top customers",
        ...(report.topCustomers.length ? customers(report.topCustomers).map((c) => `- ${c}`) : ["- none"]),
        "",
        "## Repeat customers (2 or more)",
        ...(report.repeatCustomers.length ? customers(report.repeatCustomers).map((c) => `- ${c}`) : ["- none"]),
        "",
      ].join("\n");
    }
    case "table": {
      const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
      const textRow = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
      return [
        title,
        `Volume: ${report.volume.total} opened; by severity: ${counts(report.volume.bySeverity)}; by category: ${counts(report.volume.byCategory)}`,
        "",
        textRow(head),
        ...rows.map(textRow),
        "",
        "Breaches:",
        ...(breaches.length ? breaches.map((b) => `  ${b}`) : ["  none"]),
        "Top customers:",
        ...(report.topCustomers.length ? customers(report.topCustomers).map((c) => `  ${c}`) : ["  none"]),
        "Repeat customers (2 or more):",
        ...(report.repeatCustomers.length ? customers(report.repeatCustomers).map((c) => `  ${c}`) : ["  none"]),
        "",
      ].join("\n");
    }
  }
}

