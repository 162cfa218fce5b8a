import { ordinal } from "../domain/repeat-escalations.js";
import { formatSlaDuration } from "../domain/sla-duration.js";
import { DateTime } from "luxon";
import { decisionJson as explainJson } from "../domain/simulation-report.js";
import { checkSimulationRequest, simulate, type CiteLines, type Simulation } from "../domain/simulate.js";
import { ACTION_VERBS, describePrincipals, permissionsOf, type Action } from "../domain/permissions.js";
import { categoryLabel, levelLabel, severityLabel } from "../domain/playbook/lookup.js";
import { loadPolicyFile, PolicyError } from "../policy/loader.js";
import { loadPolicyWithLines } from "../policy/playbook-lines.js";
import type { Policy } from "../domain/playbook/model.js";

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** `policy check FILE...`: 0 when every file is a valid playbook, 1 with the problems otherwise. */
export function policyCheck(files: string[], io: CliIo): number {
  if (files.length === 0) {
    io.err("usage: escalation-bot policy check FILE [FILE...]");
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    try {
      const p = loadPolicyFile(file);
      io.out(
        `${file}: ok — ${p.name}: ${p.severities.length} severities, ${p.tiers.length} tiers, ${p.levels.length} levels, ` +
          `${p.categories.length} categories, ${p.rules.length} rules`,
      );
      const own = Object.keys(p.permissions);
      io.out(
        `  permissions${own.length === 0 ? " (defaults)" : ` (${own.join(", ")} from the playbook)`}: ` +
          Object.entries(permissionsOf(p))
            .map(([action, who]) => `${action}: ${describePrincipals(who, undefined, p)}`)
            .join("; "),
      );
      const several = p.linking.multipleCustomers;
      io.out(
        several
          ? `  linked escalations: at ${several.at} different customers the count goes into ${several.field} and the playbook decides again`
          : "  linked escalations: no multiple-customers rule",
      );
      const r = p.repeats;
      const told = (roles: string[], channels: string[] = []) => [...roles, ...channels].join(", ") || "nobody (marked on the post only)";
      io.out(r ? `  repeats: the ${ordinal(r.count)} escalation of one customer within ${formatSlaDuration(r.within)} is marked; told: ${told(r.notify)}` : "  repeats: not watched");
      const f = p.featureRequests;
      io.out(f ? `  feature requests (${f.categories.join(", ")}): ${f.customers} customers within ${formatSlaDuration(f.within)} asking for one feature; told once: ${told(f.notify, f.channels)}` : "  feature requests: not tallied");
      const passages = [...p.severities, ...p.severities.flatMap((s) => s.definitions), ...p.tiers, ...p.levels, ...p.categories, ...p.rules].filter((x) => x.passage).length;
      io.out(p.playbookSource ? `  passages: ${passages}, each found in its section of ${p.playbookSource}` : `  passages: ${passages}, not checked (no source: names the playbook's text)`);
      const t = p.ticketing;
      io.out(t ? `  ticket links: ${t.system}${t.url ? `, ${t.url}` : ", references shown as typed (no url)"}` : "  ticket links: off (references shown as typed)");
    } catch (err) {
      if (!(err instanceof PolicyError)) throw err;
      io.err(err.message);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

export interface ExplainArgs {
  policy: string;
  text: string;
  tier?: string;
  severity?: string;
  category?: string;
  /** The playbook's form fields as `id=value` (refund_amount=6000, strategic_account=yes). */
  fields?: string[];
  customerRequested?: boolean;
  at?: string;
  json?: boolean;
}

/**
 * The playbook and the checked request of `policy explain` / `policy simulate`, or the exit code
 * after saying what is wrong (a broken playbook: 1; a bad option: 2, naming it and the fix).
 */
export function loadSimulation(args: ExplainArgs, io: CliIo): { policy: Policy; cite: CiteLines; simulation: Simulation; at: DateTime } | number {
  let loaded: { policy: Policy; cite: CiteLines };
  try {
    loaded = loadPolicyWithLines(args.policy);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    io.err(err.message);
    return 1;
  }
  const checked = checkSimulationRequest(loaded.policy, { ...args, fields: args.fields ?? [] }, Date.now());
  if ("error" in checked) {
    io.err(checked.error);
    return 2;
  }
  const simulation = simulate(checked.input, loaded.policy, checked.openedAt);
  const at = args.at ? DateTime.fromISO(args.at, { setZone: true }) : DateTime.fromMillis(checked.openedAt);
  return { ...loaded, simulation, at };
}

/** `policy explain`: what the playbook would do with this text, and why (the short form of `policy simulate`). */
export function policyExplain(args: ExplainArgs, io: CliIo): number {
  const loaded = loadSimulation(args, io);
  if (typeof loaded === "number") return loaded;
  const { policy, at } = loaded;
  const decision = loaded.simulation.decision;
  const json = explainJson(decision, policy);
  if (args.json) {
    io.out(JSON.stringify(json, null, 2));
    return 0;
  }
  const zone = Object.values(policy.calendars)[0]?.zone ?? "UTC";
  const local = (s: string | null) => (s ? `${DateTime.fromISO(s).setZone(zone).toFormat("ccc yyyy-LL-dd HH:mm ZZZZ")}  (${s})` : "—");
  io.out(`Playbook:        ${policy.name}`);
  const chosenOr = (chosen: string | null, suggested: string, label: (id: string) => string) =>
    chosen === null ? " (suggested)" : chosen === suggested ? " (chosen, as suggested)" : ` (chosen; suggested ${label(suggested)})`;
  io.out(`Severity:        ${json.severity.label}${chosenOr(json.severity.chosen, json.severity.suggested, (id) => severityLabel(policy, id))}`);
  io.out(`Category:        ${json.category.label}${chosenOr(json.category.chosen, json.category.suggested, (id) => categoryLabel(policy, id))}`);
  if (json.alsoCategories.length) io.out(`Also applies:    ${json.alsoCategories.map((c) => c.label).join(", ")}`);
  io.out(`Matched:         ${json.matched.map((m) => `${m.label} ('${m.found}')`).join(", ") || "—"}`);
  io.out(`Tier:            ${json.tier.label}`);
  io.out(`Level:           ${json.level.label}`);
  io.out(`Channels:        ${json.channels.join(", ")}${json.restricted ? "  (restricted: details only in the first)" : ""}`);
  io.out(`Notify:          ${json.notify.join(", ") || "—"}`);
  if (json.cc.length) io.out(`CC:              ${json.cc.join(", ")}`);
  if (json.alsoLevels.length) io.out(`Also told:       ${json.alsoLevels.map((l) => levelLabel(policy, l)).join(", ")}`);
  if (json.flags.length) io.out(`Checklist:       ${json.flags.map((f) => f.label).join("; ")}`);
  io.out(`Opened at:       ${local(at.toUTC().toISO())}`);
  io.out(`First response:  ${local(json.deadlines.firstResponse)}`);
  io.out(`Next update:     ${local(json.deadlines.nextUpdate)}`);
  io.out(`Resolution:      ${local(json.deadlines.resolution)}`);
  io.out(`Level budget:    ${local(json.deadlines.levelBudget)}`);
  io.out("Why:");
  for (const r of json.reasons) io.out(`  - ${r}`);
  if (json.passages.length) {
    io.out("Playbook passages:");
    for (const p of json.passages) io.out(`  - ${p.what}: “${p.quote}” (${p.section})`);
  }
  if (json.assumptions.length) {
    io.out("Assumptions (the policy's # NOTE:s, not the playbook's words):");
    for (const a of json.assumptions) io.out(`  - ${a.replace(/^assumed by the policy, not the playbook /, "")}`);
  }
  io.out("Who may:");
  for (const [action, who] of Object.entries(json.permissions)) io.out(`  - ${ACTION_VERBS[action as Action]}: ${who}`);
  return 0;
}
