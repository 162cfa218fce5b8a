import { DateTime } from "luxon";
import { BUCKETS, type Bucket, type DashboardFilter } from "../domain/dashboard-figures.js";
import type { Period } from "../domain/escalation-metrics.js";
import type { Policy } from "../domain/playbook/model.js";

/**
 * The dashboard's query string, the same on the page, its JSON and its CSV:
 *   since=30d | 2026-11-01     the period's start: a span before `until` (h, d or w) or a date
 *   until=2026-12-01           its end (not included); now when absent
 *   bucket=day | week          the charts' step; by day up to 62 days, else by week, when absent
 *   severity= tier= category=  playbook ids; all when absent
 * `since` and `until` read as `escalation-bot report --since … --until …` reads them (dates in the
 * playbook's zone), so the page and the report show the same period.
 */

export interface DashboardQuery {
  since: string;
  until: string | undefined;
  period: Period;
  bucket: Bucket;
  filter: DashboardFilter;
}

export const DEFAULT_SINCE = "30d";
/** Longer periods are a report's job (`escalation-bot report`), not a page that redraws every few seconds. */
export const MAX_PERIOD_DAYS = 366;
const AUTO_DAYS = 62;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

export type QueryResult = { ok: true; query: DashboardQuery } | { ok: false; error: string };

function instant(value: string, name: string, base: number, zone: string, relative: boolean): number | string {
  const ago = /^(\d{1,4})([hdw])$/.exec(value);
  if (ago && relative) return base - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS];
  const at = /^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:?\d{2}|Z)?)?$/.test(value) ? DateTime.fromISO(value, { zone }) : undefined;
  if (!at?.isValid) return `${name} must be ${relative ? "a span such as 7d, 30d or 12w, or " : ""}a date such as 2026-11-01, not '${value.slice(0, 40)}'`;
  return at.toMillis();
}

export function parseDashboardQuery(params: URLSearchParams, ctx: { now: number; zone: string; policy: Policy }): QueryResult {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  // The form without its script sends `since=custom&from=DATE`; the page's own URL says `since=DATE`.
  const since = get("since") === "custom" ? get("from") : (get("since") ?? DEFAULT_SINCE);
  if (since === undefined) return { ok: false, error: "from needs a date when the period is 'From a date'" };
  const untilText = get("until");
  const until = untilText === undefined ? ctx.now : instant(untilText, "until", ctx.now, ctx.zone, false);
  if (typeof until === "string") return { ok: false, error: until };
  const start = instant(since, "since", until, ctx.zone, true);
  if (typeof start === "string") return { ok: false, error: start };
  if (start >= until) return { ok: false, error: "since must be before until" };
  if (until - start > MAX_PERIOD_DAYS * UNIT_MS.d) return { ok: false, error: `the period may be at most ${MAX_PERIOD_DAYS} days (longer ones: escalation-bot report)` };
  const bucketText = get("bucket");
  if (bucketText !== undefined && !(BUCKETS as readonly string[]).includes(bucketText)) return { ok: false, error: `bucket must be ${BUCKETS.join(" or ")}, not '${bucketText.slice(0, 20)}'` };
  const bucket = (bucketText as Bucket | undefined) ?? (until - start <= AUTO_DAYS * UNIT_MS.d ? "day" : "week");
  const filter: DashboardFilter = {};
  const choices = { severity: ctx.policy.severities, tier: ctx.policy.tiers, category: ctx.policy.categories } as const;
  for (const name of ["severity", "tier", "category"] as const) {
    const value = get(name);
    if (value === undefined) continue;
    if (!choices[name].some((c) => c.id === value)) return { ok: false, error: `${name} must be one of the playbook's: ${choices[name].map((c) => c.id).join(", ")} (or absent for all)` };
    filter[name] = value;
  }
  return { ok: true, query: { since, until: untilText, period: { since: start, until }, bucket, filter } };
}

/** The query string of `q` (what the page puts in its URL, its CSV link and its JSON requests). */
export function dashboardSearch(q: Pick<DashboardQuery, "since" | "until" | "bucket" | "filter">): string {
  const p = new URLSearchParams({ since: q.since });
  if (q.until) p.set("until", q.until);
  p.set("bucket", q.bucket);
  for (const [k, v] of Object.entries(q.filter)) if (v) p.set(k, v);
  return p.toString();
}
