import type { BusinessCalendar } from "./business-calendar.js";
import { addSlaDuration } from "./business-calendar.js";
import { addClockTime, clockTimeBetween } from "./clocks.js";
import { decide, type Decision } from "./decide.js";
import { classificationText, type Escalation } from "./escalation.js";
import { escalationFacts, type Period, type Verdict } from "./escalation-metrics.js";
import { pagesFor } from "./integration-events.js";
import { level } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";
import { rolesToldByDm } from "./route.js";
import type { TimelineEvent } from "./timeline-event.js";

/**
 * The backtest: one stored escalation replayed through another playbook, compared with what
 * really happened. Pure: the caller reads the history (db/backtest-reader.ts) and prints the tally.
 *
 * The rule, said in the output and the README:
 * - Replayed as it was opened: the form's text (summary, impact, error messages, steps, sentiment),
 *   tier, fields and the customer-asked flag as stored, at its real opening time.
 * - What the agent chose at the form (a severity or category other than the playbook's suggestion,
 *   read from the `opened` event) is kept: it is a person's decision, and the new playbook runs its
 *   rules, routes and targets on it as the bot would have. The new playbook's own suggestion is
 *   compared too (`suggestionChanged`).
 * - Later reclassifications by a person are not replayed (no playbook decides them); "before" is the
 *   decision at opening. Such escalations are counted, since their real targets moved after opening.
 * - Deadlines: the new playbook's, from the same opening time; compared with the real first
 *   acknowledgement and resolution, with the real waits on the customer left out where the new
 *   playbook pauses the clock. Real breaches are those the report counts (escalationFacts).
 */

/** A timeline event as read back: it has an id (outbox rows point at it). */
export type StoredEvent = TimelineEvent & { at: number; id: number };

/** What the replay reads of an escalation's row (a reader need fetch no more). */
export const BACKTEST_COLUMNS = [
  "id", "createdAt", "status", "firstResponseDue", "breachedAt", "summary", "impact", "errorMessages", "reproSteps", "sentiment",
  "tier", "fields", "customerRequested", "clock", "restricted", "customer", "severity", "category", "level", "channels",
] as const satisfies readonly (keyof Escalation)[];
export type BacktestEscalation = Pick<Escalation, (typeof BACKTEST_COLUMNS)[number]>;

/** The timeline events the replay reads (the others, checklists, deliveries, war rooms..., change nothing here). */
export const BACKTEST_EVENT_KINDS = [
  "opened", "acknowledged", "resolved", "reopened", "paused", "resumed", "sla_breach", "reclassified", "escalated", "deescalated",
  "ack_missed", "update_reminder", "progress_update", "thread_reply", "room_status",
] as const satisfies readonly TimelineEvent["kind"][];

/** One stored escalation, its timeline (oldest first) and the messages that really went out for it. */
export interface StoredEscalation {
  escalation: BacktestEscalation;
  events: readonly StoredEvent[];
  /** The timeline event each direct message to a role (dm_role outbox row) was about. */
  roleDmEventIds: readonly number[];
  /** PagerDuty triggers written for it (pagerduty_event rows, action trigger). */
  pagerDutyTriggers: number;
}

/** What the escalation got (before) or would get (after). */
export interface ReplaySide {
  severity: string;
  category: string;
  level: string;
  channels: string[];
  firstResponse: Verdict | null;
  resolution: Verdict | null;
  /** Progress-update reminders: real ones before; on the new cadence after. */
  updateMisses: number;
  paged: boolean;
  /** Direct messages to playbook roles when it opened and at its breach. */
  managerDms: number;
}

export interface Replay {
  id: number;
  /** Null when the escalation is restricted (before or after): only its id may be shown. */
  customer: string | null;
  restricted: boolean;
  tier: string;
  before: ReplaySide;
  after: ReplaySide;
  agentChoseSeverity: boolean;
  agentChoseCategory: boolean;
  /** The new playbook's own suggestion differs from the one made at opening. */
  suggestionChanged: boolean;
  reclassifiedLater: boolean;
  /** What changed, in words (ids only, never the escalation's text). */
  changes: string[];
  /** How much changed, to pick the most affected: breaches count most. */
  weight: number;
}

export interface ReplayOptions {
  /** The horizon: what happened up to here counts (verdicts as a report of [since, until) gives them). */
  period: Period;
  /** The calendar an escalation's stored clock name counts on (as the report resolves it). */
  calendarOf: (clock: string) => BusinessCalendar | null;
  /**
   * Whether PagerDuty was in use (any trigger stored): when it was not, no page was really sent, and
   * a page the new playbook calls for is counted but is no change of this escalation.
   */
  pagerDutyWasOn: boolean;
}

const UPDATE_KINDS = new Set<TimelineEvent["kind"]>(["progress_update", "room_status"]);
/** A runaway cadence (a minute's updates over a year) stops counting here. */
const MAX_REMINDERS = 10_000;
/** The reason classify() gives when the severity followed the agent's chosen category rather than their own pick. */
const SEVERITY_FOLLOWED_CATEGORY = " for the chosen category (suggested ";

const uniq = <T,>(xs: readonly T[]): T[] => [...new Set(xs)];

interface Wait {
  from: number;
  to: number;
}

function waitsOf(events: readonly StoredEvent[]): Wait[] {
  const out: Wait[] = [];
  let from: number | null = null;
  for (const e of events) {
    if (e.kind === "paused" && from === null) from = e.at;
    else if (e.kind === "resumed" && from !== null) {
      out.push({ from, to: e.at });
      from = null;
    }
  }
  if (from !== null) out.push({ from, to: Infinity });
  return out;
}

/** Clock time in [from, to) less the waits that stop this clock. */
function activeBetween(from: number, to: number, waits: readonly Wait[], calendar: BusinessCalendar | null): number {
  let paused = 0;
  for (const w of waits) {
    const start = Math.max(from, w.from);
    const end = Math.min(to, w.to);
    if (end > start) paused += clockTimeBetween(start, end, calendar);
  }
  return Math.max(0, clockTimeBetween(from, to, calendar) - paused);
}

/** The new resolution verdict, on the rules escalationFacts applies to the real one. */
function resolutionVerdict(s: StoredEscalation, due: number, waits: readonly Wait[], calendar: BusinessCalendar | null, period: Period): Verdict | null {
  const { escalation: esc, events } = s;
  const starts = [esc.createdAt, ...events.filter((e) => e.kind === "reopened").map((e) => e.at)].sort((a, b) => a - b);
  const resolutions = events.filter((e) => e.kind === "resolved");
  const final = esc.status === "resolved" ? resolutions.at(-1) : undefined;
  const resolvedInPeriod = final !== undefined && final.at < period.until;
  let active = 0;
  starts.forEach((start, i) => {
    if (start >= period.until) return;
    const next = starts[i + 1] ?? Infinity;
    const end = resolutions.find((r) => r.at >= start && r.at < next)?.at ?? period.until;
    active += activeBetween(start, Math.min(end, period.until), waits, calendar);
  });
  const late = addClockTime(esc.createdAt, active, calendar) > due;
  if (resolvedInPeriod) return late ? "missed" : "met";
  return late ? "missed" : null;
}

/** Reminders on the new cadence: each due instant that passed with no update since; a wait on the customer holds the clock. */
function updateMisses(s: StoredEscalation, d: Decision, waits: readonly Wait[], calendar: BusinessCalendar | null, policy: Policy, period: Period): number {
  const { escalation: esc, events } = s;
  const final = esc.status === "resolved" ? events.filter((e) => e.kind === "resolved").at(-1) : undefined;
  const end = Math.min(final?.at ?? Infinity, period.until);
  const counts = (e: StoredEvent) => UPDATE_KINDS.has(e.kind) || (e.kind === "thread_reply" && policy.lifecycle.threadRepliesCountAsUpdates);
  const updates = events.filter((e) => counts(e) && e.at < end).map((e) => e.at);
  const hold = (at: number) => {
    const w = waits.find((x) => at >= x.from && at < x.to);
    return w ? (w.to === Infinity ? Infinity : w.to + (at - w.from)) : at;
  };
  const every = d.deadlines.updateEvery;
  let due = hold(d.deadlines.nextUpdate);
  let misses = 0;
  const passUntil = (limit: number, inclusive: boolean) => {
    while ((inclusive ? due <= limit : due < limit) && misses < MAX_REMINDERS) {
      misses++;
      due = hold(addSlaDuration(due, every, calendar));
    }
  };
  for (const u of updates) {
    passUntil(u, false);
    due = hold(addSlaDuration(u, every, calendar));
  }
  passUntil(end, false);
  return misses;
}

/** The agent's own picks at the form, read from the `opened` event (none for a row without one). */
function formChoices(s: StoredEscalation): { severity?: string; category?: string; opened: Extract<StoredEvent, { kind: "opened" }> | undefined } {
  const opened = s.events.find((e): e is Extract<StoredEvent, { kind: "opened" }> => e.kind === "opened");
  if (!opened) return { opened };
  const d = opened.detail;
  const severityChosen = d.severity !== d.suggestedSeverity && !d.reasons.some((r) => r.includes(SEVERITY_FOLLOWED_CATEGORY));
  const categoryChosen = d.suggestedCategory !== undefined && d.category !== d.suggestedCategory;
  return { opened, ...(severityChosen ? { severity: d.severity } : {}), ...(categoryChosen ? { category: d.category } : {}) };
}

export function replayEscalation(s: StoredEscalation, policy: Policy, options: ReplayOptions): Replay {
  const { escalation: esc, events } = s;
  const { period } = options;
  const choices = formChoices(s);
  const opened = choices.opened?.detail;
  const decision = decide(
    {
      text: classificationText({
        summary: esc.summary,
        impact: esc.impact ?? undefined,
        errorMessages: esc.errorMessages ?? undefined,
        reproSteps: esc.reproSteps ?? undefined,
        sentiment: esc.sentiment ?? undefined,
      }),
      tier: esc.tier,
      ...(choices.severity ? { severity: choices.severity } : {}),
      ...(choices.category ? { category: choices.category } : {}),
      fields: esc.fields,
      customerRequested: esc.customerRequested,
    },
    policy,
    esc.createdAt,
  );
  const c = decision.classification;
  const r = decision.route;
  const calendar = decision.deadlines.clock === "24x7" ? null : (policy.calendars[decision.deadlines.clock] ?? null);
  const waits = waitsOf(events);
  // A restricted category's clocks never stop; otherwise those the playbook lets a wait stop.
  const pauses = (clock: "resolution" | "progressUpdate") => (!r.restricted && policy.lifecycle.pauseClocks.includes(clock) ? waits : []);

  const facts = escalationFacts(s, period, options.calendarOf(esc.clock));
  const breachEvent = events.find((e) => e.kind === "sla_breach");
  const dmAbout = new Set([choices.opened?.id, breachEvent?.id].filter((id): id is number => id !== undefined));

  const firstAck = events.find((e) => e.kind === "acknowledged");
  const newDue = decision.deadlines.firstResponse;
  const firstResponse: Verdict | null = firstAck ? (firstAck.at <= newDue ? "met" : "missed") : newDue < period.until ? "missed" : null;
  const resolution = resolutionVerdict(s, decision.deadlines.resolution, pauses("resolution"), calendar, period);
  const breachRoles = policy.triggers.breachNotify.length > 0 ? policy.triggers.breachNotify : [level(policy, r.level).manager].filter((m): m is string => !!m);

  const before: ReplaySide = {
    severity: opened?.severity ?? esc.severity,
    category: opened?.category ?? esc.category,
    level: opened?.level ?? esc.level,
    channels: opened?.channels ?? esc.channels,
    firstResponse: facts.firstResponse,
    resolution: facts.resolution,
    updateMisses: events.filter((e) => e.kind === "update_reminder" && e.at >= period.since && e.at < period.until).length,
    paged: s.pagerDutyTriggers > 0,
    managerDms: s.roleDmEventIds.filter((id) => dmAbout.has(id)).length,
  };
  const after: ReplaySide = {
    severity: c.severity,
    category: c.category,
    level: r.level,
    channels: r.channels,
    firstResponse,
    resolution,
    updateMisses: updateMisses(s, decision, pauses("progressUpdate"), calendar, policy, period),
    paged: pagesFor(policy, c.severity),
    managerDms: uniq(rolesToldByDm(c, policy)).length + (resolution === "missed" ? uniq(breachRoles).length : 0),
  };
  const restricted = esc.restricted || r.restricted;
  const { changes, weight } = describeChanges(before, after, options.pagerDutyWasOn);
  return {
    id: esc.id,
    customer: restricted ? null : esc.customer,
    restricted,
    tier: esc.tier,
    before,
    after,
    agentChoseSeverity: choices.severity !== undefined,
    agentChoseCategory: choices.category !== undefined,
    suggestionChanged: opened !== undefined && (c.suggestedSeverity !== opened.suggestedSeverity || (opened.suggestedCategory !== undefined && c.suggestedCategory !== opened.suggestedCategory)),
    reclassifiedLater: events.some((e) => e.kind === "reclassified"),
    changes,
    weight,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function describeChanges(b: ReplaySide, a: ReplaySide, pagerDutyWasOn: boolean): { changes: string[]; weight: number } {
  const changes: string[] = [];
  let weight = 0;
  const note = (text: string, w: number) => {
    changes.push(text);
    weight += w;
  };
  if (b.severity !== a.severity) note(`severity ${b.severity} → ${a.severity}`, 3);
  if (b.category !== a.category) note(`category ${b.category} → ${a.category}`, 2);
  if (b.level !== a.level) note(`level ${b.level} → ${a.level}`, 2);
  if (!sameList(b.channels, a.channels)) note(`channels ${b.channels.join(", ") || "—"} → ${a.channels.join(", ") || "—"}`, 1);
  const verdict = (what: string, x: Verdict | null, y: Verdict | null) => {
    if (x !== "missed" && y === "missed") note(`${what} breach gained`, 4);
    else if (x === "missed" && y !== "missed") note(`${what} breach avoided`, 4);
  };
  verdict("first response", b.firstResponse, a.firstResponse);
  verdict("resolution", b.resolution, a.resolution);
  if (b.updateMisses !== a.updateMisses) note(`update reminders ${b.updateMisses} → ${a.updateMisses}`, 1);
  if (pagerDutyWasOn && b.paged !== a.paged) note(a.paged ? "would page" : "would not page", 2);
  if (b.managerDms !== a.managerDms) note(`manager DMs ${b.managerDms} → ${a.managerDms}`, 1);
  return { changes, weight };
}
