import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, LineCounter, parseDocument, type Document } from "yaml";
import { validateCalendar } from "../domain/business-calendar.js";
import { PRINCIPALS } from "../domain/permissions.js";
import { compilePolicy, expandDays, toCalendar } from "../domain/playbook/compile.js";
import { nextLevelIn, NO_NEXT_LEVEL } from "../domain/playbook/lookup.js";
import type { Policy, PolicyFile, TargetSpec } from "../domain/playbook/model.js";
import { zPolicyFile } from "./schema.js";
import { checkPassages } from "./passage-check.js";
import { policyNotes } from "./policy-notes.js";

/** The playbook the bot runs when POLICY_FILE is not set. */
export const DEFAULT_POLICY_FILE = fileURLToPath(new URL("../../policies/fleet-management.yml", import.meta.url));

export interface PolicyProblem {
  line?: number;
  column?: number;
  /** Dotted path to the field, e.g. severities[0].firstResponse. */
  path: string;
  message: string;
}

/** An unusable playbook file; the message lists every problem as file:line:column path: what to fix. */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly file: string,
    readonly problems: PolicyProblem[],
  ) {
    super(
      `${file} is not a valid playbook (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${file}${p.line ? `:${p.line}:${p.column ?? 1}` : ""} ${p.path ? `${p.path}: ` : ""}${p.message}`).join("\n"),
    );
  }
}

type Path = (string | number)[];

function formatPath(path: Path): string {
  return path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");
}

/** Where in the YAML a path points; falls back to the nearest existing parent (a missing key). */
function locate(doc: Document, lines: LineCounter, path: Path): { line?: number; column?: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (err as Error).message;
    throw new PolicyError(file, [{ path: "", message: `cannot read the playbook: ${reason} (check POLICY_FILE)` }]);
  }
  return parsePolicy(text, file);
}

export function parsePolicy(text: string, file: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      file,
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, path: "", message: `YAML syntax: ${e.message.split("\n")[0]}` };
      }),
    );
  }
  if (!isMap(doc.contents)) {
    throw new PolicyError(file, [{ path: "", message: "the playbook must be a YAML mapping with name, defaults, severities, tiers and levels" }]);
  }
  const parsed = zPolicyFile.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new PolicyError(
      file,
      parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        // Point at the misspelt key itself rather than the object that holds it.
        if (issue.code === "unrecognized_keys" && issue.keys.length > 0) path.push(issue.keys[0]!);
        return { ...locate(doc, lines, path), path: formatPath(path), message: explainIssue(issue) };
      }),
    );
  }
  const problems = [...crossCheck(parsed.data), ...checkPassages(parsed.data, file, dirname(DEFAULT_POLICY_FILE))].map((p) => ({ ...locate(doc, lines, p.path), path: formatPath(p.path), message: p.message }));
  if (problems.length > 0) throw new PolicyError(file, problems);
  return compilePolicy(parsed.data, file, policyNotes(text, doc, lines));
}

function explainIssue(issue: { code: string; message: string; keys?: string[]; input?: unknown }): string {
  if (issue.code === "unrecognized_keys" && issue.keys) {
    return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")} (check the spelling; see "Writing a playbook" in README.md)`;
  }
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "is required";
  return issue.message;
}

interface RawProblem {
  path: Path;
  message: string;
}

/** References between sections: every id a playbook names must exist. */
function crossCheck(p: PolicyFile): RawProblem[] {
  const problems: RawProblem[] = [];
  const severityIds = new Set(p.severities.map((s) => s.id));
  const tierIds = new Set(p.tiers.map((t) => t.id));
  const levelIds = new Set(p.levels.map((l) => l.id));
  const categoryIds = new Set(p.categories.map((c) => c.id));
  const roleIds = new Set(Object.keys(p.roles));
  const fieldKinds = new Map(p.fields.map((f) => [f.id, f.kind]));
  const calendarIds = new Set(Object.keys(p.calendars));
  const flagIds = new Set(Object.keys(p.flags));

  const known = (set: Set<string>, what: string, value: string | undefined, path: Path) => {
    if (value !== undefined && !set.has(value)) {
      problems.push({ path, message: `unknown ${what} '${value}'; expected one of: ${[...set].join(", ") || `(no ${what}s defined)`}` });
    }
  };
  const knownAll = (set: Set<string>, what: string, values: readonly string[], path: Path) =>
    values.forEach((v, i) => known(set, what, v, [...path, i]));
  const clock = (value: string | undefined, path: Path) => {
    if (value !== undefined && value !== "24x7" && !calendarIds.has(value)) {
      problems.push({ path, message: `clock '${value}' is neither 24x7 nor a calendar; calendars: ${[...calendarIds].join(", ") || "(none defined)"}` });
    }
  };
  const target = (t: TargetSpec | undefined, path: Path) => {
    if (t && typeof t.unit !== "string") {
      for (const key of Object.keys(t)) known(tierIds, "tier", key, [...path, key]);
      const missing = [...tierIds].filter((tier) => !(tier in t));
      if (missing.length > 0) problems.push({ path, message: `a table by tier must give every tier; missing: ${missing.join(", ")}` });
    }
  };
  const unique = (ids: string[], section: string) => {
    ids.forEach((v, i) => {
      if (ids.indexOf(v) !== i) problems.push({ path: [section, i, "id"], message: `duplicate id '${v}'` });
    });
  };

  unique(p.severities.map((s) => s.id), "severities");
  unique(p.tiers.map((t) => t.id), "tiers");
  unique(p.levels.map((l) => l.id), "levels");
  unique(p.categories.map((c) => c.id), "categories");
  unique(p.fields.map((f) => f.id), "fields");
  unique(p.rules.map((r) => r.id), "rules");
  unique(p.templates.map((t) => t.id), "templates");

  known(severityIds, "severity", p.defaults.severity, ["defaults", "severity"]);
  known(levelIds, "level", p.defaults.level, ["defaults", "level"]);
  known(tierIds, "tier", p.defaults.tier, ["defaults", "tier"]);
  if (p.defaults.category !== "general") known(categoryIds, "category", p.defaults.category, ["defaults", "category"]);
  clock(p.defaults.clock, ["defaults", "clock"]);
  if (p.defaults.admin !== undefined) known(roleIds, "role", p.defaults.admin, ["defaults", "admin"]);
  if (p.paging) knownAll(severityIds, "severity", p.paging.pagerduty.severities, ["paging", "pagerduty", "severities"]);
  if (p.jira) knownAll(severityIds, "severity", Object.keys(p.jira.priorities), ["jira", "priorities"]);

  for (const [name, cal] of Object.entries(p.calendars)) {
    for (const key of Object.keys(cal.hours)) {
      if (!expandDays(key)) problems.push({ path: ["calendars", name, "hours", key], message: `'${key}' is not a day or span of days (mon, mon-fri, sat)` });
    }
    for (const msg of validateCalendar(toCalendar(cal))) problems.push({ path: ["calendars", name], message: msg });
  }
  p.severities.forEach((s, i) => {
    clock(s.clock, ["severities", i, "clock"]);
    known(levelIds, "level", s.level, ["severities", i, "level"]);
    knownAll(levelIds, "level", s.alsoNotifyLevels, ["severities", i, "alsoNotifyLevels"]);
    knownAll(roleIds, "role", s.notify, ["severities", i, "notify"]);
    target(s.firstResponse, ["severities", i, "firstResponse"]);
    target(s.progressUpdate, ["severities", i, "progressUpdate"]);
    target(s.resolution, ["severities", i, "resolution"]);
  });
  const flags = (values: readonly string[], path: Path) =>
    values.forEach((v, i) => {
      if (!flagIds.has(v)) problems.push({ path: [...path, i], message: `unknown flag '${v}'; declare it under flags: with the checklist wording (e.g. ${v}: "Verify the caller's identity")` });
    });
  p.templates.forEach((t, i) => {
    knownAll(new Set([...categoryIds, "general"]), "category", t.categories ?? [], ["templates", i, "categories"]);
    knownAll(severityIds, "severity", t.severities ?? [], ["templates", i, "severities"]);
  });
  p.tiers.forEach((t, i) => {
    flags(t.flags, ["tiers", i, "flags"]);
    clock(t.clock, ["tiers", i, "clock"]);
    knownAll(roleIds, "role", t.notify, ["tiers", i, "notify"]);
    knownAll(roleIds, "role", t.cc, ["tiers", i, "cc"]);
  });
  p.levels.forEach((l, i) => {
    knownAll(roleIds, "role", l.notify, ["levels", i, "notify"]);
    known(roleIds, "role", l.manager, ["levels", i, "manager"]);
    target(l.budget, ["levels", i, "budget"]);
    target(l.firstResponse, ["levels", i, "firstResponse"]);
    if (l.id === NO_NEXT_LEVEL) problems.push({ path: ["levels", i, "id"], message: `'${NO_NEXT_LEVEL}' is reserved for "no next level"; pick another id` });
    if (l.budget && !l.budgetStops) {
      problems.push({ path: ["levels", i, "budget"], message: "say what stops this budget: add budgetStops: acknowledged (taking it on is enough) or budgetStops: resolved" });
    }
    if (l.budgetStops && !l.budget) problems.push({ path: ["levels", i, "budgetStops"], message: "budgetStops needs a budget on the same level" });
    const nextRef = (ref: string, path: Path) => {
      if (ref !== NO_NEXT_LEVEL) known(levelIds, "level", ref, path);
      if (ref === l.id) problems.push({ path, message: `a level cannot escalate to itself; write ${NO_NEXT_LEVEL} for the top` });
    };
    if (typeof l.next === "string") nextRef(l.next, ["levels", i, "next"]);
    else if (l.next) {
      for (const [key, ref] of Object.entries(l.next)) {
        if (key !== "default") known(severityIds, "severity", key, ["levels", i, "next", key]);
        nextRef(ref, ["levels", i, "next", key]);
      }
    }
  });

  p.categories.forEach((c, i) => {
    known(severityIds, "severity", c.minSeverity, ["categories", i, "minSeverity"]);
    known(severityIds, "severity", c.severity, ["categories", i, "severity"]);
    known(levelIds, "level", c.level, ["categories", i, "level"]);
    knownAll(roleIds, "role", c.notify, ["categories", i, "notify"]);
    knownAll(roleIds, "role", c.cc, ["categories", i, "cc"]);
    knownAll(levelIds, "level", c.alsoNotifyLevels, ["categories", i, "alsoNotifyLevels"]);
    if (c.restricted && c.channels.length === 0) {
      problems.push({ path: ["categories", i, "channels"], message: "a restricted category needs its own channel(s) for the details" });
    }
    flags(c.flags, ["categories", i, "flags"]);
    target(c.firstResponse, ["categories", i, "firstResponse"]);
    target(c.progressUpdate, ["categories", i, "progressUpdate"]);
    target(c.resolution, ["categories", i, "resolution"]);
  });
  knownAll(roleIds, "role", p.triggers.warnNotify, ["triggers", "warnNotify"]);
  knownAll(roleIds, "role", p.triggers.breachNotify, ["triggers", "breachNotify"]);
  knownAll(roleIds, "role", p.triggers.customerRequestNotify, ["triggers", "customerRequestNotify"]);
  known(levelIds, "level", p.triggers.customerRequestFrom, ["triggers", "customerRequestFrom"]);
  p.severities.forEach((s, i) => s.definitions.forEach((d, j) => knownAll(tierIds, "tier", d.tier ?? [], ["severities", i, "definitions", j, "tier"])));
  const customersField = p.reading.customersField;
  if (customersField !== undefined && fieldKinds.get(customersField) !== "number") {
    const kind = fieldKinds.get(customersField);
    problems.push({ path: ["reading", "customersField"], message: kind ? `'${customersField}' is a ${kind} field; the count of customers needs a number field` : `unknown field '${customersField}'; declare it under fields:` });
  }
  p.rules.forEach((r, i) => {
    const at = (...rest: Path) => ["rules", i, ...rest];
    const { when, then } = r;
    if (when.field !== undefined) {
      const kind = fieldKinds.get(when.field);
      if (!kind) problems.push({ path: at("when", "field"), message: `unknown field '${when.field}'; declare it under fields:` });
      else if ((when.above !== undefined || when.atLeast !== undefined) && kind !== "number") {
        problems.push({ path: at("when", "field"), message: `'${when.field}' is a ${kind} field; above/atLeast need a number field` });
      } else if (when.checked !== undefined && kind !== "checkbox") {
        problems.push({ path: at("when", "field"), message: `'${when.field}' is a ${kind} field; checked needs a checkbox field` });
      }
    }
    knownAll(tierIds, "tier", when.tier ?? [], at("when", "tier"));
    knownAll(severityIds, "severity", when.severity ?? [], at("when", "severity"));
    knownAll(categoryIds, "category", when.category ?? [], at("when", "category"));
    knownAll(categoryIds, "category", when.unlessCategory ?? [], at("when", "unlessCategory"));
    known(categoryIds, "category", then.category, at("then", "category"));
    known(categoryIds, "category", then.addCategory, at("then", "addCategory"));
    known(severityIds, "severity", then.minSeverity, at("then", "minSeverity"));
    known(levelIds, "level", then.level, at("then", "level"));
    knownAll(roleIds, "role", then.notify, at("then", "notify"));
    knownAll(roleIds, "role", then.cc, at("then", "cc"));
    knownAll(levelIds, "level", then.alsoNotifyLevels, at("then", "alsoNotifyLevels"));
    flags(then.flags, at("then", "flags"));
  });
  const linkField = p.linking.multipleCustomers?.field;
  if (linkField !== undefined && fieldKinds.get(linkField) !== "number") {
    const kind = fieldKinds.get(linkField);
    problems.push({ path: ["linking", "multipleCustomers", "field"], message: kind ? `'${linkField}' is a ${kind} field; the count of customers needs a number field` : `unknown field '${linkField}'; declare it under fields:` });
  }
  for (const [action, principals] of Object.entries(p.permissions)) {
    (principals ?? []).forEach((who, i) => {
      if (!(PRINCIPALS as readonly string[]).includes(who) && !roleIds.has(who)) {
        problems.push({ path: ["permissions", action, i], message: `'${who}' is neither ${PRINCIPALS.join(", ")} nor a role; roles: ${[...roleIds].join(", ") || "(none defined)"}` });
      }
    });
  }
  problems.push(...documentationReferences(p, severityIds, new Set(fieldKinds.keys())));
  const reviewZone = p.weeklyReview?.zone;
  if (reviewZone !== undefined && !validZone(reviewZone)) problems.push({ path: ["weeklyReview", "zone"], message: `'${reviewZone}' is not an IANA time zone such as America/Los_Angeles (or leave zone out for the playbook's)` });
  if (p.warRoom) {
    const room = p.warRoom;
    knownAll(severityIds, "severity", room.severities, ["warRoom", "severities"]);
    knownAll(categoryIds, "category", room.categories, ["warRoom", "categories"]);
    knownAll(roleIds, "role", room.invite, ["warRoom", "invite"]);
    for (const [tier, roles] of Object.entries(room.inviteForTiers)) {
      known(tierIds, "tier", tier, ["warRoom", "inviteForTiers", tier]);
      knownAll(roleIds, "role", roles, ["warRoom", "inviteForTiers", tier]);
    }
  }
  problems.push(...insightReferences(p, roleIds, categoryIds, flagIds));
  // Paths are followed only once every level they name exists.
  if (problems.length === 0) problems.push(...endlessPaths(p));
  return problems;
}

/** What the repeat and feature-request settings name must exist. */
function insightReferences(p: PolicyFile, roleIds: Set<string>, categoryIds: Set<string>, flagIds: Set<string>): RawProblem[] {
  const problems: RawProblem[] = [];
  const names = (set: Set<string>, what: string, values: readonly string[], path: Path) =>
    values.forEach((v, i) => {
      if (!set.has(v)) problems.push({ path: [...path, i], message: `unknown ${what} '${v}'; expected one of: ${[...set].join(", ") || `(no ${what}s defined)`}` });
    });
  if (p.repeats) {
    names(roleIds, "role", p.repeats.notify, ["repeats", "notify"]);
    names(flagIds, "flag", p.repeats.flags, ["repeats", "flags"]);
  }
  if (p.featureRequests) {
    names(new Set([...categoryIds, "general"]), "category", p.featureRequests.categories, ["featureRequests", "categories"]);
    names(roleIds, "role", p.featureRequests.notify, ["featureRequests", "notify"]);
  }
  return problems;
}

/** Every escalation path must end: following `next` from any level, for any severity, reaches a top. */
/** The export format's `field.<id>` must name a field of the playbook; its priorities, severities. */
function documentationReferences(p: PolicyFile, severityIds: Set<string>, fieldIds: Set<string>): RawProblem[] {
  const problems: RawProblem[] = [];
  const field = (name: string, path: Path) => {
    const m = /^field\.(.+)$/.exec(name);
    if (m && !fieldIds.has(m[1]!)) problems.push({ path, message: `unknown field '${m[1]}' in {${name}}; fields: ${[...fieldIds].join(", ") || "(none defined)"}` });
  };
  const doc = p.documentation;
  doc.sections.forEach((s, i) => s.items.forEach((item, j) => item.value !== undefined && field(item.value, ["documentation", "sections", i, "items", j, "value"])));
  for (const key of ["title", "body"] as const) {
    for (const m of doc.bugReport[key].matchAll(/\{([^{}\s]*)\}/g)) field(m[1]!, ["documentation", "bugReport", key]);
  }
  for (const sev of Object.keys(doc.bugReport.priorities)) {
    if (!severityIds.has(sev)) problems.push({ path: ["documentation", "bugReport", "priorities", sev], message: `unknown severity '${sev}'; expected one of: ${[...severityIds].join(", ")}` });
  }
  if (doc.zone !== undefined && !validZone(doc.zone)) problems.push({ path: ["documentation", "zone"], message: `'${doc.zone}' is not an IANA time zone such as America/Los_Angeles` });
  return problems;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function endlessPaths(p: PolicyFile): RawProblem[] {
  const levelIds = new Set(p.levels.map((l) => l.id));
  const problems: RawProblem[] = [];
  for (const sev of p.severities) {
    for (let start = 0; start < p.levels.length; start++) {
      const seen = [p.levels[start]!.id];
      for (let at = start; ; ) {
        const next = nextLevelIn(p.levels, p.levels[at]!.id, sev.id);
        if (next === undefined || !levelIds.has(next)) break;
        if (seen.includes(next)) {
          const loop = [...seen, next].join(" → ");
          if (!problems.some((pr) => pr.message.includes(loop))) {
            problems.push({ path: ["levels", start, "next"], message: `the escalation path for ${sev.id} never ends: ${loop}; end it with next: ${NO_NEXT_LEVEL} on the top level` });
          }
          break;
        }
        seen.push(next);
        at = p.levels.findIndex((l) => l.id === next);
      }
    }
  }
  // One report per loop is enough: the first level that enters it.
  return problems.slice(0, 3);
}
