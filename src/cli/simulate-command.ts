import { simulationReport, type SimulationReport } from "../domain/simulation-report.js";
import type { PlaybookLine } from "../domain/simulate.js";
import { loadSimulation, type CliIo, type ExplainArgs } from "./policy-commands.js";

export const SIMULATE_USAGE = `escalation-bot policy simulate --policy FILE --text "..." [--tier T] [--severity S] [--category C]
                               [--field ID=VALUE]... [--customer-requested] [--at ISO-TIME] [--json]`;

/**
 * `policy simulate`: what the bot would decide for this escalation opened at --at (now by default):
 * severity, category, route, who is told, every deadline with its calendar reasoning, the checklist,
 * why, and the playbook lines it used. `--json` prints the same as data.
 */
export function policySimulate(args: ExplainArgs, io: CliIo): number {
  const loaded = loadSimulation(args, io);
  if (typeof loaded === "number") return loaded;
  const report = simulationReport(loaded.simulation, loaded.policy, loaded.cite);
  if (args.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of simulationText(report)) io.out(line);
  return 0;
}

const list = (xs: readonly string[]) => xs.join(", ") || "—";

/** A playbook entry as cited: where, the comments above it, and its lines. */
export function citedLines(l: PlaybookLine, indent: string): string[] {
  const textLines = l.text.split("\n");
  return [
    `${indent}${l.file}:${l.line}${l.endLine > l.line ? `-${l.endLine}` : ""}  (${l.what})`,
    ...l.comments.map((c) => `${indent}  ${c}`),
    ...textLines.map((t) => `${indent}  | ${t}`),
  ];
}

/** The report as the terminal shows it: headings, then indented lines. */
export function simulationText(r: SimulationReport): string[] {
  const out: string[] = [];
  const chosen = (x: { chosen: string | null; suggested: string }) => (x.chosen === null ? " (suggested)" : x.chosen === x.suggested ? " (chosen, as suggested)" : ` (chosen; suggested ${x.suggested})`);
  out.push(`Playbook:         ${r.playbook.name} (${r.playbook.file})`);
  out.push(`Opened at:        ${r.openedAt.local}  (${r.openedAt.iso})`);
  out.push("", "Decision");
  out.push(`  Severity:       ${r.severity.label}${chosen(r.severity)}`);
  out.push(`  Category:       ${r.category.label}${chosen(r.category)}`);
  if (r.alsoCategories.length) out.push(`  Also applies:   ${list(r.alsoCategories.map((c) => c.label))}`);
  out.push(`  Matched:        ${list(r.matched.map((m) => `${m.label} ('${m.found}')`))}`);
  out.push(`  Tier:           ${r.tier.label}`);
  out.push("", "Route");
  out.push(`  Level:          ${r.route.level.label}`);
  out.push(`  Channels:       ${list(r.route.channels)}`);
  out.push(`  Restricted:     ${r.route.restricted ? `yes: details only in ${list(r.route.detailsOnlyIn)}; the other channels learn only that an escalation opened` : "no"}`);
  if (r.route.alsoLevels.length) out.push(`  Also told:      ${list(r.route.alsoLevels.map((l) => l.label))}`);
  out.push(`  Notify:         ${list(r.route.notify)}`);
  if (r.route.cc.length) out.push(`  CC:             ${list(r.route.cc)}`);
  out.push(`  DMs on opening: ${list(r.dms.map((d) => `${d.label} (${d.role})`))}`);
  if (r.levelManager) out.push(`  Level manager:  ${r.levelManager.label} (${r.levelManager.role}), told when the level's clocks run out`);
  out.push(`  Pages:          ${r.pages ? "yes: on-call is paged through PagerDuty (when PAGERDUTY_ROUTING_KEY is set)" : "no"}`);
  out.push("", "Deadlines");
  for (const d of r.deadlines) {
    out.push(`  ${d.label}: ${d.due.local}  (${d.due.iso})`);
    out.push(`    target: ${d.target}`);
    if (d.tierModifier) out.push(`    tier: ${d.tierModifier}`);
    out.push(`    clock: ${d.clock.name === "24x7" ? "24/7" : d.clock.name} (chosen by ${d.clock.chosenBy})`);
    for (const s of d.steps) out.push(`    - ${s.text}`);
    for (const l of d.lines.filter((x) => !x.what.startsWith("calendar "))) {
      out.push(`    from ${l.file}:${l.line}: ${l.text.split("\n")[0]!.trim()}`);
    }
  }
  out.push("", "Checklist");
  if (r.checklist.length === 0) out.push("  (nothing to tick)");
  for (const c of r.checklist) out.push(`  [ ] ${c.label}`);
  out.push("", "Why");
  for (const reason of r.reasons) out.push(`  - ${reason}`);
  if (r.passages.length) {
    out.push("", "Playbook passages");
    for (const p of r.passages) out.push(`  - ${p.what}: “${p.quote}” (${p.section})`);
  }
  out.push("", "Playbook lines used");
  for (const l of r.lines) out.push(...citedLines(l, "  "));
  return out;
}
