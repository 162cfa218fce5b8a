import type { BusinessCalendar } from "./business-calendar.js";
import { clockTimeBetween } from "./clocks.js";
import { normaliseCustomer } from "./customer-name.js";
import type { Escalation } from "./escalation.js";
import type { TimelineEvent } from "./timeline-event.js";

/** One escalation and its timeline (oldest first), as the metrics read them. */
export interface EscalationHistory {
  escalation: Escalation;
  events: readonly (TimelineEvent & { at: number })[];
}

/** Half-open: `since` counts, `until` does not. */
export interface Period {
  since: number;
  until: number;
}

export const METRIC_DIMENSIONS = ["severity", "tier", "category", "level", "customer", "owner"] as const;
export type MetricDimension = (typeof METRIC_DIMENSIONS)[number];

export type Verdict = "met" | "missed";

/**
 * What one escalation contributes to the figures of a period. Durations are on the escalation's
 * clock (open hours only on a business-hours clock) with the time waiting on the customer left out.
 */
export interface EscalationFacts {
  id: number;
  /** Opened in the period (counts toward volume and first response). */
  opened: boolean;
  /** Opened or reopened in the period → its first acknowledgement after that start. */
  ackMs: number[];
  /** Finally resolved in the period: the time it was open (every open stretch, pauses left out). */
  resolveMs: number | null;
  firstResponse: Verdict | null;
  /** Progress updates posted in the period, and update reminders (a due that passed without one). */
  updatesMet: number;
  updatesMissed: number;
  resolution: Verdict | null;
  /** When the resolution target was breached, if it was in the period. */
  breachedAt: number | null;
  /** When the first response was missed, if it was in the period. */
  firstResponseMissedAt: number | null;
}

const UPDATE_KINDS = new Set<TimelineEvent["kind"]>(["progress_update", "thread_reply", "room_status"]);
const within = (at: number, period: Period): boolean => at >= period.since && at < period.until;

/** The waits on the customer as [paused, resumed) stretches; a wait not over yet runs on for ever. */
function waits(history: Pick<EscalationHistory, "events">): { from: number; to: number }[] {
  const stretches: { from: number; to: number }[] = [];
  let pausedAt: number | null = null;
  for (const e of history.events) {
    if (e.kind === "paused" && pausedAt === null) pausedAt = e.at;
    else if (e.kind === "resumed" && pausedAt !== null) {
      stretches.push({ from: pausedAt, to: e.at });
      pausedAt = null;
    }
  }
  if (pausedAt !== null) stretches.push({ from: pausedAt, to: Infinity });
  return stretches;
}

/**
 * Clock time from `from` to `to` less the part of each wait on the customer that falls in between,
 * measured on the same clock. Overlaps rather than whole waits: a wait that began before the
 * acknowledgement and ended after it still takes its first part out of MTTA.
 */
function activeTime(history: Pick<EscalationHistory, "events">, from: number, to: number, calendar: BusinessCalendar | null): number {
  let paused = 0;
  for (const w of waits(history)) {
    const start = Math.max(from, w.from);
    const end = Math.min(to, w.to);
    if (end > start) paused += clockTimeBetween(start, end, calendar);
  }
  return Math.max(0, clockTimeBetween(from, to, calendar) - paused);
}

/** What escalationFacts reads of an escalation (the backtest reads no more of its rows). */
export type FactsSubject = Pick<Escalation, "id" | "createdAt" | "status" | "firstResponseDue" | "breachedAt">;

export function escalationFacts(history: { escalation: FactsSubject; events: EscalationHistory["events"] }, period: Period, calendar: BusinessCalendar | null): EscalationFacts {
  const { escalation: esc, events } = history;
  const starts = [esc.createdAt, ...events.filter((e) => e.kind === "reopened").map((e) => e.at)].sort((a, b) => a - b);

  const ackMs: number[] = [];
  starts.forEach((start, i) => {
    if (!within(start, period)) return;
    const next = starts[i + 1] ?? Infinity;
    const ack = events.find((e) => e.kind === "acknowledged" && e.at >= start && e.at < next);
    if (ack) ackMs.push(activeTime(history, start, ack.at, calendar));
  });

  // Open stretches: each start to the resolution that ended it.
  const resolutions = events.filter((e) => e.kind === "resolved");
  const finalResolution = esc.status === "resolved" ? resolutions.at(-1) : undefined;
  let resolveMs: number | null = null;
  if (finalResolution && within(finalResolution.at, period)) {
    resolveMs = 0;
    starts.forEach((start, i) => {
      const end = resolutions.find((r) => r.at >= start && r.at < (starts[i + 1] ?? Infinity));
      if (end) resolveMs! += activeTime(history, start, end.at, calendar);
    });
  }

  // First response: the first acknowledgement, by the first-response target in force then.
  const firstAck = events.find((e) => e.kind === "acknowledged");
  const missedSignal = events.find((e) => e.kind === "ack_missed" || (e.kind === "escalated" && e.detail.trigger === "ack_missed"));
  let firstResponse: Verdict | null = null;
  let firstResponseMissedAt: number | null = null;
  if (within(esc.createdAt, period)) {
    const cutoff = firstAck?.at ?? Infinity;
    const levelChanges = events.filter((e) => (e.kind === "escalated" || e.kind === "deescalated") && e.at <= cutoff);
    const lastChange = levelChanges.at(-1);
    const due = lastChange ? (lastChange.kind === "escalated" || lastChange.kind === "deescalated" ? (lastChange.detail.firstResponseDue ?? null) : null) : esc.firstResponseDue;
    if (missedSignal && missedSignal.at <= cutoff) {
      firstResponse = "missed";
      firstResponseMissedAt = missedSignal.at;
    } else if (firstAck) {
      firstResponse = due === null || firstAck.at <= due ? "met" : "missed";
      if (firstResponse === "missed") firstResponseMissedAt = due;
    } else if (due !== null && due < period.until) {
      firstResponse = "missed";
      firstResponseMissedAt = due;
    }
  }

  let updatesMet = 0;
  let updatesMissed = 0;
  for (const e of events) {
    if (!within(e.at, period)) continue;
    if (UPDATE_KINDS.has(e.kind)) updatesMet += 1;
    else if (e.kind === "update_reminder") updatesMissed += 1;
  }

  const breach = events.find((e) => e.kind === "sla_breach");
  const breachedAt = breach?.at ?? esc.breachedAt;
  let resolution: Verdict | null = null;
  if (finalResolution && within(finalResolution.at, period)) {
    resolution = finalResolution.kind === "resolved" && finalResolution.detail.withinSla && breachedAt === null ? "met" : "missed";
  } else if (breachedAt !== null && within(breachedAt, period)) {
    resolution = "missed";
  }

  return {
    id: esc.id,
    opened: within(esc.createdAt, period),
    ackMs,
    resolveMs,
    firstResponse,
    updatesMet,
    updatesMissed,
    resolution,
    breachedAt: breachedAt !== null && within(breachedAt, period) ? breachedAt : null,
    firstResponseMissedAt: firstResponseMissedAt !== null && within(firstResponseMissedAt, period) ? firstResponseMissedAt : null,
  };
}

/** A share met: `rate` is met / (met + missed), null when nothing was due. */
export interface Compliance {
  met: number;
  missed: number;
  rate: number | null;
}

export interface Figures {
  opened: number;
  acknowledged: number;
  /** Mean time to acknowledge, null when none was acknowledged. */
  mttaMs: number | null;
  resolved: number;
  mttrMs: number | null;
  firstResponse: Compliance;
  updates: Compliance;
  resolution: Compliance;
}

const compliance = (met: number, missed: number): Compliance => ({ met, missed, rate: met + missed === 0 ? null : met / (met + missed) });
const mean = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round(xs.reduce((a, b) => a + b, 0) / xs.length));

export function figuresOf(facts: readonly EscalationFacts[]): Figures {
  const acks = facts.flatMap((f) => f.ackMs);
  const resolves = facts.flatMap((f) => (f.resolveMs === null ? [] : [f.resolveMs]));
  const count = (pick: (f: EscalationFacts) => Verdict | null, v: Verdict) => facts.filter((f) => pick(f) === v).length;
  return {
    opened: facts.filter((f) => f.opened).length,
    acknowledged: acks.length,
    mttaMs: mean(acks),
    resolved: resolves.length,
    mttrMs: mean(resolves),
    firstResponse: compliance(count((f) => f.firstResponse, "met"), count((f) => f.firstResponse, "missed")),
    updates: compliance(
      facts.reduce((n, f) => n + f.updatesMet, 0),
      facts.reduce((n, f) => n + f.updatesMissed, 0),
    ),
    resolution: compliance(count((f) => f.resolution, "met"), count((f) => f.resolution, "missed")),
  };
}

/** The value an escalation is grouped under; the customer by its normalised name, the owner (or acknowledger), else "(none)". */
export function dimensionOf(esc: Escalation, by: MetricDimension): string {
  switch (by) {
    case "customer":
      return normaliseCustomer(esc.customer);
    case "owner":
      return esc.ownerId ?? esc.acknowledgedBy ?? "(none)";
    default:
      return esc[by];
  }
}
