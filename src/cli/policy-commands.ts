import { DateTime } from "luxon";
import { decide, explainDecision, type Decision } from "../domain/decide.js";
import { categoryLabel, findSeverity, findTier, levelLabel, severityLabel, tierLabel } from "../domain/policy-lookup.js";
import { loadPolicyFile, PolicyError } from "../policy/loader.js";
import type { Policy } from "../policy/model.js";

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
  at?: string;
  json?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function explainJson(d: Decision, policy: Policy) {
  const c = d.classification;
  return {
    severity: { id: c.severity, label: severityLabel(policy, c.severity), suggested: c.suggestedSeverity, chosen: c.chosenSeverity ?? null },
    category: { id: c.category, label: categoryLabel(policy, c.category), suggested: c.suggestedCategory },
    tier: { id: c.tier, label: tierLabel(policy, c.tier) },
    level: { id: d.route.level, label: levelLabel(policy, d.route.level) },
    channels: d.route.channels,
    restricted: d.route.restricted,
    notify: d.route.notify,
    cc: d.route.cc,
    flags: d.route.flags,
    alsoLevels: d.route.alsoLevels,
    rules: c.rules,
    deadlines: {
      clock: d.deadlines.clock,
      firstResponse: iso(d.deadlines.firstResponse),
      nextUpdate: iso(d.deadlines.nextUpdate),
      resolution: iso(d.deadlines.resolution),
      levelBudget: d.deadlines.levelBudget === null ? null : iso(d.deadlines.levelBudget),
    },
    reasons: explainDecision(d),
  };
}

/** `policy explain`: what the playbook would do with this text, and why. */
export function policyExplain(args: ExplainArgs, io: CliIo): number {
  let policy: Policy;
  try {
    policy = loadPolicyFile(args.policy);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    io.err(err.message);
    return 1;
  }
  if (args.tier && !findTier(policy, args.tier)) {
    io.err(`--tier '${args.tier}' is not a tier of ${policy.name}; use one of: ${policy.tiers.map((t) => t.id).join(", ")}`);
    return 2;
  }
  if (args.severity && !findSeverity(policy, args.severity)) {
    io.err(`--severity '${args.severity}' is not a severity of ${policy.name}; use one of: ${policy.severities.map((s) => s.id).join(", ")}`);
    return 2;
  }
  const at = args.at ? DateTime.fromISO(args.at, { setZone: true }) : DateTime.now();
  if (!at.isValid) {
    io.err(`--at '${args.at}' is not an ISO-8601 time; write e.g. 2026-03-06T19:30:00-08:00`);
    return 2;
  }
  const decision = decide({ text: args.text, tier: args.tier, severity: args.severity }, policy, at.toMillis());
  const json = explainJson(decision, policy);
  if (args.json) {
    io.out(JSON.stringify(json, null, 2));
    return 0;
  }
  const zone = Object.values(policy.calendars)[0]?.zone ?? "UTC";
  const local = (s: string | null) => (s ? `${DateTime.fromISO(s).setZone(zone).toFormat("ccc yyyy-LL-dd HH:mm ZZZZ")}  (${s})` : "—");
  io.out(`Playbook:        ${policy.name}`);
  io.out(`Severity:        ${json.severity.label}${json.severity.chosen ? "" : " (suggested)"}`);
  io.out(`Category:        ${json.category.label}`);
  io.out(`Tier:            ${json.tier.label}`);
  io.out(`Level:           ${json.level.label}`);
  io.out(`Channels:        ${json.channels.join(", ")}${json.restricted ? "  (restricted: details only in the first)" : ""}`);
  io.out(`Notify:          ${json.notify.join(", ") || "—"}`);
  if (json.cc.length) io.out(`CC:              ${json.cc.join(", ")}`);
  io.out(`Opened at:       ${local(at.toUTC().toISO())}`);
  io.out(`First response:  ${local(json.deadlines.firstResponse)}`);
  io.out(`Next update:     ${local(json.deadlines.nextUpdate)}`);
  io.out(`Resolution:      ${local(json.deadlines.resolution)}`);
  io.out(`Level budget:    ${local(json.deadlines.levelBudget)}`);
  io.out("Why:");
  for (const r of json.reasons) io.out(`  - ${r}`);
  return 0;
}
