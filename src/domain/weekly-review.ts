import type { BusinessCalendar } from "./business-calendar.js";
import type { EscalationHistory, Figures, Period } from "./escalation-metrics.js";
import { buildMetricsReport, type CustomerCount, type MetricsReport } from "./metrics-report.js";

/**
 * The weekly escalation review: the report of the week (by tier), the same figures the report CLI
 * prints for that week, compared with the week before, with its breaches and customers. Plain data:
 * it is stored in the outbox row as it was when the week closed, and rendered when sent.
 *
 * A restricted escalation counts in every figure, but its customer is never named here: the review
 * goes to a channel its details may not reach. Its breach shows only its id and link (the thread is
 * where its readers are).
 */

/** A breach as the review lists it: with the escalation's thread, when it was posted. */
export interface ReviewBreach {
  id: number;
  /** Null for a restricted escalation. */
  customer: string | null;
  severity: string;
  tier: string;
  target: "first_response" | "resolution";
  at: number;
  restricted: boolean;
  thread: { channel: string; ts: string } | null;
}

/** One figure this week and the week before; `delta` is this minus last, null when either is missing. */
export interface Change {
  current: number | null;
  previous: number | null;
  delta: number | null;
}

export interface WeekOverWeek {
  opened: Change;
  mttaMs: Change;
  mttrMs: Change;
  /** Shares met, 0..1. */
  firstResponseRate: Change;
  updatesRate: Change;
  resolutionRate: Change;
  breaches: Change;
}

export interface WeeklyReview {
  period: Period;
  previousPeriod: Period;
  /** The week's figures by tier, without its customer lists and breaches (redacted below). */
  report: Omit<MetricsReport, "breaches" | "topCustomers" | "repeatCustomers">;
  weekOverWeek: WeekOverWeek;
  /** The first MAX_BREACHES breaches, and how many more there were. */
  breaches: ReviewBreach[];
  moreBreaches: number;
  topCustomers: CustomerCount[];
  repeatCustomers: CustomerCount[];
  /** Posted later than scheduled because the bot was not running then; `skipped`: earlier weeks not posted at all. */
  late: { scheduledAt: number } | null;
  skipped: number;
}

export const MAX_BREACHES = 20;

const change = (current: number | null, previous: number | null): Change => ({
  current,
  previous,
  delta: current === null || previous === null ? null : current - previous,
});

/** This week against the last: volume, MTTA, MTTR, the three SLA shares and the breach count. */
export function weekOverWeek(current: { overall: Figures; breaches: readonly unknown[] }, previous: { overall: Figures; breaches: readonly unknown[] }): WeekOverWeek {
  const a = current.overall;
  const b = previous.overall;
  return {
    opened: change(a.opened, b.opened),
    mttaMs: change(a.mttaMs, b.mttaMs),
    mttrMs: change(a.mttrMs, b.mttrMs),
    firstResponseRate: change(a.firstResponse.rate, b.firstResponse.rate),
    updatesRate: change(a.updates.rate, b.updates.rate),
    resolutionRate: change(a.resolution.rate, b.resolution.rate),
    breaches: change(current.breaches.length, previous.breaches.length),
  };
}

/** Customer counts without the restricted escalations (dropped when nothing, or no repeat, is left). */
function withoutRestricted(list: readonly CustomerCount[], restricted: ReadonlySet<number>, atLeast: number): CustomerCount[] {
  return list
    .map((c) => ({ ...c, ids: c.ids.filter((id) => !restricted.has(id)) }))
    .map((c) => ({ ...c, count: c.ids.length }))
    .filter((c) => c.count >= atLeast)
    .sort((x, y) => y.count - x.count || x.key.localeCompare(y.key));
}

export interface WeeklyReviewInput {
  /** The escalations the report reads for each week (opened or resolved in it), with their timelines. */
  current: { period: Period; histories: readonly EscalationHistory[] };
  previous: { period: Period; histories: readonly EscalationHistory[] };
  calendarOf: (clock: string) => BusinessCalendar | null;
  late: { scheduledAt: number } | null;
  skipped: number;
}

export function buildWeeklyReview(input: WeeklyReviewInput): WeeklyReview {
  const report = buildMetricsReport(input.current.histories, input.current.period, "tier", input.calendarOf);
  const previous = buildMetricsReport(input.previous.histories, input.previous.period, "tier", input.calendarOf);
  const escalations = new Map(input.current.histories.map((h) => [h.escalation.id, h.escalation]));
  const restricted = new Set([...escalations.values()].filter((e) => e.restricted).map((e) => e.id));

  const breaches = report.breaches.map((b): ReviewBreach => {
    const esc = escalations.get(b.id);
    const hidden = restricted.has(b.id);
    const thread = esc?.messageChannelId && esc.messageTs ? { channel: esc.messageChannelId, ts: esc.messageTs } : null;
    return { id: b.id, customer: hidden ? null : b.customer, severity: b.severity, tier: b.tier, target: b.target, at: b.at, restricted: hidden, thread };
  });
  const { breaches: _b, topCustomers, repeatCustomers, ...figures } = report;
  return {
    period: input.current.period,
    previousPeriod: input.previous.period,
    report: figures,
    weekOverWeek: weekOverWeek(report, previous),
    breaches: breaches.slice(0, MAX_BREACHES),
    moreBreaches: Math.max(0, breaches.length - MAX_BREACHES),
    topCustomers: withoutRestricted(topCustomers, restricted, 1),
    repeatCustomers: withoutRestricted(repeatCustomers, restricted, 2),
    late: input.late,
    skipped: input.skipped,
  };
}
