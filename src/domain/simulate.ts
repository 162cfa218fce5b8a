/**
 * What the bot would decide for an escalation opened now, and why: the decision (decide.ts), who is
 * told by DM, whether it pages, every deadline with its calendar reasoning, the checklist, and the
 * playbook entries that took part (as YAML paths; src/policy/ turns them into file lines). Pure:
 * `policy simulate`, `policy explain` and the sandbox's "Try the playbook" all run this.
 */
import { DateTime } from "luxon";
import { explainSlaDeadline, type CalendarStep } from "./calendar-explain.js";
import type { FieldValue, ClassifyInput } from "./classify.js";
import { decide, explainDecision, type Decision } from "./decide.js";
import type { ChosenTarget, TargetKind } from "./deadlines.js";
import { pagesFor } from "./integration-events.js";
import { findCategory, findSeverity, findTier, level as levelOf, severity as severityOf, tier as tierOf } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";
import { rolesToldByDm } from "./route.js";
import { formatSlaDuration } from "./sla-duration.js";

/** A playbook entry by its place in the YAML: ["severities", 0], ["calendars", "tier2-hours"], ["tiers", 0, "factor"]. */
export interface PlaybookRef {
  what: string;
  path: (string | number)[];
}

/** A playbook entry as written: where it is, its text, and the comments above it (# NOTE:, the playbook's words). */
export interface PlaybookLine {
  what: string;
  file: string;
  line: number;
  endLine: number;
  text: string;
  comments: string[];
}

/** Looks entries up in the playbook file the policy came from (src/policy/playbook-lines.ts). */
export type CiteLines = (refs: readonly PlaybookRef[]) => PlaybookLine[];

export type DeadlineKind = TargetKind | "levelBudget";

export interface DeadlineStory {
  kind: DeadlineKind;
  label: string;
  due: number;
  /** Which target won, in words ("Sev 2 · High target 2 h × 0.5 (Enterprise) = 1 h"). */
  target: string;
  /** The clock, and which entry chose it. */
  clock: { name: string; chosenBy: string };
  /** The tier's modifier, when it changed this target. */
  tierModifier: string | null;
  /** When counting starts, what counts, what is skipped, where it lands. */
  steps: CalendarStep[];
  refs: PlaybookRef[];
}

export interface Simulation {
  decision: Decision;
  openedAt: number;
  /** The zone times are shown in: the first calendar's, else UTC. */
  zone: string;
  /** Roles sent a DM when it opens (the severity's, the categories', the tier's, the rules'). */
  dms: string[];
  /** Told when the owning level's clocks run out. */
  levelManager: string | null;
  /** Pages on-call (PagerDuty) for this severity. */
  pages: boolean;
  checklist: { id: string; label: string }[];
  deadlines: DeadlineStory[];
  reasons: string[];
  /** Every playbook entry that took part, once each, in the order they mattered. */
  refs: PlaybookRef[];
}

const KIND_LABEL: Record<DeadlineKind, string> = { firstResponse: "First response", progressUpdate: "Progress updates", resolution: "Resolution", levelBudget: "Level budget" };

function indexRef(policy: Policy, section: "severities" | "tiers" | "levels" | "categories" | "rules", id: string, what: string, key?: string): PlaybookRef | undefined {
  const list: readonly { id: string }[] = policy[section];
  const i = list.findIndex((x) => x.id === id);
  return i < 0 ? undefined : { what, path: key ? [section, i, key] : [section, i] };
}

/** The clock's name and the entry that chose it (the tier's, the severity's, the playbook default). */
function clockOrigin(policy: Policy, severityId: string, tierId: string): { name: string; chosenBy: string; ref: PlaybookRef | undefined } {
  const t = tierOf(policy, tierId);
  if (t.clock) return { name: t.clock, chosenBy: `tier ${t.label}`, ref: indexRef(policy, "tiers", t.id, `tier ${t.id} clock`, "clock") };
  const s = severityOf(policy, severityId);
  if (s.clock) return { name: s.clock, chosenBy: `severity ${s.label}`, ref: indexRef(policy, "severities", s.id, `severity ${s.id} clock`, "clock") };
  return { name: policy.defaults.clock, chosenBy: "the playbook default", ref: { what: "default clock", path: ["defaults", "clock"] } };
}

export function simulate(input: ClassifyInput, policy: Policy, openedAt: number): Simulation {
  const decision = decide(input, policy, openedAt);
  const c = decision.classification;
  const r = decision.route;
  const zone = Object.values(policy.calendars)[0]?.zone ?? "UTC";
  const clock = clockOrigin(policy, c.severity, c.tier);
  const calendar = clock.name === "24x7" ? null : (policy.calendars[clock.name] ?? null);
  const refs: PlaybookRef[] = [];
  const add = (ref: PlaybookRef | undefined) => {
    if (ref && !refs.some((x) => x.path.join("/") === ref.path.join("/"))) refs.push(ref);
  };

  add(indexRef(policy, "severities", c.severity, `severity ${c.severity}`));
  for (const id of [c.category, ...c.alsoCategories]) add(indexRef(policy, "categories", id, `category ${id}`));
  for (const id of c.rules) add(indexRef(policy, "rules", id, `rule ${id}`));
  add(indexRef(policy, "tiers", c.tier, `tier ${c.tier}`));
  for (const id of [r.level, ...r.alsoLevels]) add(indexRef(policy, "levels", id, `level ${id}`));
  add(clock.ref);
  if (calendar) add({ what: `calendar ${clock.name}`, path: ["calendars", clock.name] });
  if (c.customerRequested) add({ what: "customer asked for escalation", path: ["triggers", "customerRequestNotify"] });
  const pages = pagesFor(policy, c.severity);
  if (pages) add({ what: "paging", path: ["paging"] });

  const due: Record<DeadlineKind, number | null> = {
    firstResponse: decision.deadlines.firstResponse,
    progressUpdate: decision.deadlines.nextUpdate,
    resolution: decision.deadlines.resolution,
    levelBudget: decision.deadlines.levelBudget,
  };
  const deadlines: DeadlineStory[] = [];
  for (const kind of ["firstResponse", "progressUpdate", "resolution", "levelBudget"] as const) {
    const target: ChosenTarget | null = decision.deadlines.targets[kind];
    if (!target) continue;
    const explained = explainSlaDeadline(openedAt, target.duration, calendar, { calendarName: clock.name, displayZone: zone });
    if (explained.due !== due[kind]) throw new Error(`the ${kind} explanation lands at ${explained.due}, the deadline at ${due[kind]}`);
    const origin = target.origin;
    const storyRefs = [
      indexRef(policy, origin.section, origin.id, `${origin.section.replace(/ies$/, "y").replace(/s$/, "")} ${origin.id} ${origin.key}`, origin.key),
      ...(target.factor !== null ? [indexRef(policy, "tiers", c.tier, `tier ${c.tier} factor`, "factor")] : []),
      clock.ref,
      ...(calendar ? [{ what: `calendar ${clock.name}`, path: ["calendars", clock.name] }] : []),
    ].filter((x): x is PlaybookRef => x !== undefined);
    const t = tierOf(policy, c.tier);
    deadlines.push({
      kind,
      label: KIND_LABEL[kind],
      due: explained.due,
      target: target.why,
      clock: { name: clock.name, chosenBy: clock.chosenBy },
      tierModifier:
        target.factor !== null && target.written
          ? `${t.label} × ${target.factor}: ${formatSlaDuration(target.written)} becomes ${formatSlaDuration(target.duration)}`
          : target.written === null
            ? `${t.label}'s own entry in the target's table by tier`
            : null,
      steps: explained.steps,
      refs: storyRefs,
    });
  }

  return {
    decision,
    openedAt,
    zone,
    dms: rolesToldByDm(c, policy),
    levelManager: levelOf(policy, r.level).manager ?? null,
    pages,
    checklist: r.flags.map((id) => ({ id, label: policy.flags[id] ?? id })),
    deadlines,
    reasons: explainDecision(decision),
    refs,
  };
}

/** What a caller typed, before it is checked against the playbook. */
export interface SimulationRequest {
  text: string;
  tier?: string | undefined;
  severity?: string | undefined;
  category?: string | undefined;
  /** The playbook's form fields as `id=value` (refund_amount=6000; a checkbox also as just its id). */
  fields?: readonly string[] | undefined;
  customerRequested?: boolean | undefined;
  /** ISO-8601, e.g. 2026-12-24T18:00-08:00; `now` when absent. */
  at?: string | undefined;
}

/** A request checked against the playbook: what to simulate, or what is wrong with it (naming the option and the fix). */
export function checkSimulationRequest(policy: Policy, req: SimulationRequest, now: number): { input: ClassifyInput; openedAt: number } | { error: string } {
  if (req.tier && !findTier(policy, req.tier)) return { error: `--tier '${req.tier}' is not a tier of ${policy.name}; use one of: ${policy.tiers.map((t) => t.id).join(", ")}` };
  if (req.severity && !findSeverity(policy, req.severity)) {
    return { error: `--severity '${req.severity}' is not a severity of ${policy.name}; use one of: ${policy.severities.map((s) => s.id).join(", ")}` };
  }
  if (req.category && !findCategory(policy, req.category)) {
    return { error: `--category '${req.category}' is not a category of ${policy.name}; use one of: ${policy.categories.map((c) => c.id).join(", ")}` };
  }
  const fields = parseFieldArgs(policy, req.fields ?? []);
  if ("error" in fields) return fields;
  const at = req.at ? DateTime.fromISO(req.at, { setZone: true }) : DateTime.fromMillis(now);
  if (!at.isValid) return { error: `--at '${req.at}' is not an ISO-8601 time; write e.g. 2026-03-06T19:30:00-08:00` };
  return {
    input: { text: req.text, tier: req.tier, severity: req.severity, category: req.category, fields: fields.fields, customerRequested: req.customerRequested === true },
    openedAt: at.toMillis(),
  };
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
