import { ordinal } from "../domain/repeat-escalations.js";
import { formatSlaDuration } from "../domain/sla-duration.js";
import { DateTime } from "luxon";
import { decide, explainDecision, type Decision } from "../domain/decide.js";
import type { FieldValue } from "../domain/classify.js";
import { ACTION_VERBS, describePrincipals, permissionsOf, type Action } from "../domain/permissions.js";
import { categoryLabel, findCategory, findSeverity, findTier, levelLabel, severityLabel, tierLabel } from "../domain/playbook/lookup.js";
import { loadPolicyFile, PolicyError } from "../policy/loader.js";
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

/** `refund_amount=6000` → { refund_amount: 6000 }, typed by the field's kind; a message for a bad one. */
export function parseFieldArgs(policy: Policy, args: readonly string[]): { fields: Record<string, FieldValue> } | { error: string } {
  const fields: Record<string, FieldValue> = {};
  const known = policy.fields.map((f) => f.id).join(", ") || "(this playbook has no fields)";
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const id = eq < 0 ? arg : arg.slice(0, eq).trim();
    const raw = eq < 0 ? "" : arg.slice(eq + 1).trim();
    const spec = policy.fields.find((f) => f.id === id);
    if (!spec) return { error: `--field '${arg}': '${id}' is not a field of ${policy.name}; use one of: ${known}` };
    if (eq < 0 && spec.kind !== "checkbox") return { error: `--field '${arg}': write it as ${id}=VALUE` };
    if (spec.kind === "number") {
      const n = Number(raw.replace(/[$,_\s]/g, ""));
      if (raw === "" || !Number.isFinite(n)) return { error: `--field '${arg}': ${id} is a number; write e.g. ${id}=5000` };
      fields[id] = n;
    } else if (spec.kind === "checkbox") {
      const v = eq < 0 ? "yes" : raw.toLowerCase();
      if (!["yes", "no", "true", "false"].includes(v)) return { error: `--field '${arg}': ${id} is a checkbox; write ${id}=yes or ${id}=no` };
      fields[id] = v === "yes" || v === "true";
    } else {
      fields[id] = raw;
    }
  }
  return { fields };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function explainJson(d: Decision, policy: Policy) {
  const c = d.classification;
  return {
    severity: { id: c.severity, label: severityLabel(policy, c.severity), suggested: c.suggestedSeverity, chosen: c.chosenSeverity ?? null },
    category: { id: c.category, label: categoryLabel(policy, c.category), suggested: c.suggestedCategory, chosen: c.chosenCategory ?? null },
    alsoCategories: c.alsoCategories.map((id) => ({ id, label: categoryLabel(policy, id) })),
    matched: c.matches.map((m) => ({ category: m.category, label: categoryLabel(policy, m.category), phrase: m.phrase, found: m.found })),
    tier: { id: c.tier, label: tierLabel(policy, c.tier) },
    level: { id: d.route.level, label: levelLabel(policy, d.route.level) },
    channels: d.route.channels,
    restricted: d.route.restricted,
    notify: d.route.notify,
    cc: d.route.cc,
    flags: d.route.flags.map((id) => ({ id, label: policy.flags[id] ?? id })),
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
    permissions: Object.fromEntries(
      Object.entries(permissionsOf(policy)).map(([action, who]) => [action, describePrincipals(who, { level: d.route.level, category: c.category }, policy)]),
    ),
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
  if (args.category && !findCategory(policy, args.category)) {
    io.err(`--category '${args.category}' is not a category of ${policy.name}; use one of: ${policy.categories.map((c) => c.id).join(", ")}`);
    return 2;
  }
  const parsedFields = parseFieldArgs(policy, args.fields ?? []);
  if ("error" in parsedFields) {
    io.err(parsedFields.error);
    return 2;
  }
  const at = args.at ? DateTime.fromISO(args.at, { setZone: true }) : DateTime.now();
  if (!at.isValid) {
    io.err(`--at '${args.at}' is not an ISO-8601 time; write e.g. 2026-03-06T19:30:00-08:00`);
    return 2;
  }
  const decision = decide(
    {
      text: args.text,
      tier: args.tier,
      severity: args.severity,
      category: args.category,
      fields: parsedFields.fields,
      customerRequested: args.customerRequested === true,
    },
    policy,
    at.toMillis(),
  );
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
  io.out("Who may:");
  for (const [action, who] of Object.entries(json.permissions)) io.out(`  - ${ACTION_VERBS[action as Action]}: ${who}`);
  return 0;
}
