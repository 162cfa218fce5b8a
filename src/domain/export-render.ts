import { DateTime } from "luxon";
import type { EscalationPackage, PackageEvent } from "./escalation-export.js";

/**
 * The escalation package as a file: Markdown for people (and Jira's description field), JSON for
 * tools. Both carry the same package; the JSON is it verbatim (times ISO 8601 with the playbook's
 * offset), the Markdown writes times as the playbook's people read them.
 */

export const EXPORT_FORMATS = ["md", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function renderPackage(pkg: EscalationPackage, format: ExportFormat): string {
  return format === "json" ? `${JSON.stringify(pkg, null, 2)}\n` : packageMarkdown(pkg);
}

/** The file's name: ESC-0042.md. */
export const exportFileName = (pkg: Pick<EscalationPackage, "id">, format: ExportFormat): string => `${pkg.id}.${format}`;

/** "2026-12-07 10:42 PST" from an ISO time that carries its zone's offset. */
function local(iso: string | null, zone: string): string {
  if (iso === null) return "—";
  return DateTime.fromISO(iso, { zone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
}

/** A table cell: one line, its pipes kept as text. */
const cell = (text: string): string => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

/** Link text that shows as written: Markdown's own characters backslash-escaped, so none can end the link or style it. */
const linkText = (text: string): string => text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);

/** `[ZD-1234](https://…)`; the link's characters are ones Markdown takes as they are (domain/ticket-link.ts). */
const markdownLink = (text: string, url: string | null | undefined): string => (url ? `[${linkText(text)}](${url})` : text);

/** A value under a list item: further lines indented so the list holds them. */
const indent = (text: string): string => text.replace(/\r?\n/g, "\n  ");

export function packageMarkdown(pkg: EscalationPackage): string {
  const z = pkg.zone;
  const out: string[] = [];
  const line = (s = "") => out.push(s);
  const item = (label: string, value: string | null | undefined) => line(`- **${label}:** ${value === null || value === undefined || value === "" ? "—" : indent(value)}`);

  line(`# ${pkg.id} · ${pkg.heading}`);
  line();
  line(`**${pkg.title}**`);
  line();
  line(`Playbook: ${pkg.playbook} · status: ${pkg.status}${pkg.restricted ? " · RESTRICTED: keep in the places the playbook allows" : ""} · exported ${local(pkg.exportedAt, z)} (times in ${z})`);

  for (const section of pkg.documentation) {
    line();
    line(`## ${section.heading}`);
    line();
    for (const i of section.items) line(`- **${i.label}:** ${i.url ? markdownLink(i.text, i.url) : indent(i.text)}`);
  }

  const d = pkg.decision;
  line();
  line("## Decision");
  line();
  item("Severity", d.severity === d.suggestedSeverity ? d.severity : `${d.severity} (the playbook suggested ${d.suggestedSeverity})`);
  item("Category", d.category === d.suggestedCategory ? d.category : `${d.category} (the playbook suggested ${d.suggestedCategory})`);
  if (d.alsoCategories.length > 0) item("Also applies", d.alsoCategories.join(", "));
  item("Level", d.level);
  item("Customer tier", d.tier);
  item("Customer asked for escalation", d.customerRequested ? "yes" : "no");
  item("Channels", d.channels.join(", "));
  item("Notified", d.notify.join(", "));
  if (d.cc.length > 0) item("CC", d.cc.join(", "));
  if (d.reclassification) item("Reclassified", d.reclassification);
  line();
  line("Why:");
  for (const r of d.reasons) line(`1. ${indent(r)}`);
  if (d.reasons.length === 0) line("- —");
  if (d.checklist.length > 0) {
    line();
    line("Checklist:");
    for (const c of d.checklist) line(`- [${c.done ? "x" : " "}] ${c.item}`);
  }

  const p = pkg.people;
  line();
  line("## People");
  line();
  item("Reporter", p.reporter);
  item("Owner", p.owner);
  item("Acknowledged by", p.acknowledgedBy);
  item("Last update by", p.lastUpdateBy);
  item("Incident commander", p.commander);
  item("Resolved by", p.resolvedBy);

  line();
  line("## Deadlines and breaches");
  line();
  line("| Clock | Due | State | When |");
  line("|---|---|---|---|");
  for (const dl of pkg.deadlines) line(`| ${dl.clock} | ${local(dl.due, z)} | ${dl.state} | ${local(dl.at, z)} |`);
  line();
  if (pkg.breaches.length === 0) line("No breach or warning recorded.");
  else for (const b of pkg.breaches) line(`- ${local(b.at, z)}: ${indent(b.text)}`);

  line();
  line("## Timeline");
  line();
  line("| Time | Who | What |");
  line("|---|---|---|");
  for (const e of pkg.timeline) line(timelineRow(e, z));

  line();
  line("## Resolution");
  line();
  if (pkg.resolution === null) line("Not resolved yet.");
  else {
    const r = pkg.resolution;
    item("Resolved", `${local(r.resolvedAt, z)}${r.resolvedBy ? ` by ${r.resolvedBy}` : ""}, ${r.withinSla ? "within" : "outside"} the resolution target`);
    item("Resolution", r.resolution);
    item("Root cause", r.rootCause);
    item("Prevention", r.prevention);
  }

  line();
  line("## Links");
  line();
  item("Slack thread", pkg.links.thread);
  item("Original message", pkg.links.sourceMessage);
  item("Ticket", pkg.links.ticket === null ? null : markdownLink(pkg.links.ticket, pkg.links.ticketUrl));
  if (pkg.links.warRoom) item("War room", pkg.links.warRoom);

  line();
  line("## Bug report (Jira)");
  line();
  item("Title", pkg.bugReport.title);
  item("Priority", pkg.bugReport.priority ?? "[Priority]");
  item("Severity", pkg.bugReport.severity);
  line();
  // A fence longer than any run of backticks in the text, so nothing typed can end it early.
  const longest = Math.max(2, ...[...pkg.bugReport.body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  line(fence);
  out.push(pkg.bugReport.body.trimEnd());
  line(fence);
  return `${out.join("\n")}\n`;
}

function timelineRow(e: PackageEvent, zone: string): string {
  return `| ${local(e.at, zone)} | ${cell(e.actor ?? "the bot")} | ${cell(e.text)} |`;
}
