import { DateTime } from "luxon";
import type { BusinessCalendar } from "./business-calendar.js";
import type { Escalation } from "./escalation.js";
import type { EscalationHistory, Period } from "./escalation-metrics.js";
import { nextDeadline, type NextDeadline } from "./home.js";
import { buildMetricsReport, type CustomerCount, type MetricsReport } from "./metrics-report.js";
import { severityRank } from "./playbook/lookup.js";
import type { Policy } from "./playbook/model.js";

/**
 * The dashboard's figures: the report of the period by severity and by tier (domain/metrics-report.ts,
 * as `escalation-bot report` and the weekly review compute them), the same report over each day or
 * week of it for the charts, and the open escalations with their next deadline. Pure: the caller
 * reads the rows and says which restricted escalations the viewer may see.
 *
 * A restricted escalation counts in every figure (as in the weekly review); a viewer who may not see
 * it never gets its customer or summary: customer lists are made from what they may see, and what
 * was left out is a count.
 */

export interface DashboardFilter {
  severity?: string | undefined;
  tier?: string | undefined;
  category?: string | undefined;
}

export const BUCKETS = ["day", "week"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** A report's figures without what names customers (its breaches and customer lists). */
export type ReportFigures = Omit<MetricsReport, "breaches" | "topCustomers" | "repeatCustomers">;

export interface DashboardFigures {
  period: Period;
  bucket: Bucket;
  bySeverity: ReportFigures;
  byTier: ReportFigures;
  /** The report of each day or week (in the playbook's zone), cut to the period. */
  buckets: { period: Period; bySeverity: ReportFigures; byTier: ReportFigures }[];
  topCustomers: CustomerCount[];
  repeatCustomers: CustomerCount[];
  /** Restricted escalations opened in the period left out of the customer lists for this viewer. */
  restrictedHidden: number;
}

export const matchesFilter = (esc: Pick<Escalation, "severity" | "tier" | "category">, f: DashboardFilter): boolean =>
  (!f.severity || esc.severity === f.severity) && (!f.tier || esc.tier === f.tier) && (!f.category || esc.category === f.category);

/** What a report of `period` reads (EscalationRepo.createdOrResolvedIn): opened or resolved in it. */
const readBy = (esc: Pick<Escalation, "createdAt" | "resolvedAt">, p: Period): boolean =>
  (esc.createdAt >= p.since && esc.createdAt < p.until) || (esc.resolvedAt !== null && esc.resolvedAt >= p.since && esc.resolvedAt < p.until);

/** The days (from local midnight) or weeks (from Monday) of `period` in `zone`, the first and last cut to it. */
export function bucketsOf(period: Period, bucket: Bucket, zone: string): Period[] {
  const out: Period[] = [];
  let start = DateTime.fromMillis(period.since, { zone }).startOf(bucket);
  while (start.toMillis() < period.until) {
    const next = start.plus(bucket === "day" ? { days: 1 } : { weeks: 1 });
    out.push({ since: Math.max(start.toMillis(), period.since), until: Math.min(next.toMillis(), period.until) });
    start = next;
  }
  return out;
}

const figuresOnly = ({ breaches: _b, topCustomers: _t, repeatCustomers: _r, ...figures }: MetricsReport): ReportFigures => figures;

export function buildDashboardFigures(
  histories: readonly EscalationHistory[],
  ctx: {
    period: Period;
    bucket: Bucket;
    zone: string;
    filter: DashboardFilter;
    calendarOf: (clock: string) => BusinessCalendar | null;
    /** May the viewer see this restricted escalation's details? */
    maySee: (esc: Escalation) => boolean;
  },
): DashboardFigures {
  const { period, calendarOf } = ctx;
  const chosen = histories.filter((h) => matchesFilter(h.escalation, ctx.filter));
  const visible = chosen.filter((h) => !h.escalation.restricted || ctx.maySee(h.escalation));
  const customers = buildMetricsReport(visible, period, "severity", calendarOf);
  const hiddenIds = new Set(chosen.filter((h) => !visible.includes(h)).map((h) => h.escalation.id));
  const restrictedHidden = chosen.filter((h) => hiddenIds.has(h.escalation.id) && h.escalation.createdAt >= period.since && h.escalation.createdAt < period.until).length;
  return {
    period,
    bucket: ctx.bucket,
    bySeverity: figuresOnly(buildMetricsReport(chosen, period, "severity", calendarOf)),
    byTier: figuresOnly(buildMetricsReport(chosen, period, "tier", calendarOf)),
    buckets: bucketsOf(period, ctx.bucket, ctx.zone).map((p) => {
      const read = chosen.filter((h) => readBy(h.escalation, p));
      return { period: p, bySeverity: figuresOnly(buildMetricsReport(read, p, "severity", calendarOf)), byTier: figuresOnly(buildMetricsReport(read, p, "tier", calendarOf)) };
    }),
    topCustomers: customers.topCustomers,
    repeatCustomers: customers.repeatCustomers,
    restrictedHidden,
  };
}

export type OpenEscalation = Pick<
  Escalation,
  | "id" | "status" | "severity" | "tier" | "category" | "level" | "customer" | "summary" | "ownerId" | "acknowledgedBy" | "createdAt"
  | "firstResponseDue" | "nextUpdateDue" | "resolutionDue" | "breachedAt" | "pausedAt" | "pausedTimers" | "resolvedAt" | "restricted"
>;

export interface OpenList<E extends OpenEscalation> {
  rows: { esc: E; next: NextDeadline | undefined }[];
  /** Open restricted escalations (of those read) the viewer may not see: counted, never listed. */
  restrictedHidden: number;
  /** Open escalations matching the filter beyond those read. */
  more: number;
}

/** The open escalations, most urgent first (breached, then the nearest deadline, then severity), as App Home orders them. */
export function buildOpenList<E extends OpenEscalation>(read: { rows: readonly E[]; total: number }, ctx: { now: number; policy: Policy; maySee: (esc: E) => boolean }): OpenList<E> {
  const shown = read.rows.filter((e) => !e.restricted || ctx.maySee(e)).map((esc) => ({ esc, next: nextDeadline(esc, ctx.now) }));
  shown.sort(
    (a, b) =>
      Number(b.esc.breachedAt !== null) - Number(a.esc.breachedAt !== null) ||
      (a.next?.at ?? Number.POSITIVE_INFINITY) - (b.next?.at ?? Number.POSITIVE_INFINITY) ||
      severityRank(ctx.policy, a.esc.severity) - severityRank(ctx.policy, b.esc.severity) ||
      a.esc.id - b.esc.id,
  );
  return { rows: shown, restrictedHidden: read.rows.length - shown.length, more: Math.max(0, read.total - read.rows.length) };
}
