import { describe, expect, it } from "vitest";
import type { EscalationHistory, Period } from "../../src/domain/escalation-metrics.js";
import type { TimelineEvent } from "../../src/domain/timeline-event.js";
import { buildMetricsReport } from "../../src/domain/metrics-report.js";
import { buildWeeklyReview, MAX_BREACHES, weekOverWeek } from "../../src/domain/weekly-review.js";
import { escalationRow, T0 } from "../support/escalation-row.js";

const MIN = 60_000;
const H = 60 * MIN;
const WEEK = 7 * 24 * H;
type Ev = TimelineEvent & { at: number };

/** This week: from T0 - 1 day; last week: the 7 days before. */
const thisWeek: Period = { since: T0 - 24 * H, until: T0 - 24 * H + WEEK };
const lastWeek: Period = { since: thisWeek.since - WEEK, until: thisWeek.since };

const opened = (at: number): Ev => ({ at, kind: "opened", detail: { severity: "sev1", suggestedSeverity: "sev1", category: "general", level: "tier2", channels: [], notify: [], reasons: [] } });
const ack = (at: number, afterMin: number): Ev => ({ at: at + afterMin * MIN, kind: "acknowledged", detail: { afterMs: afterMin * MIN, level: "tier2" } });
const resolved = (at: number, afterMin: number, withinSla = true): Ev => ({ at: at + afterMin * MIN, kind: "resolved", detail: { afterMs: afterMin * MIN, withinSla } });
const breach = (at: number): Ev => ({ at, kind: "sla_breach", detail: { resolutionDue: at, reason: "r" } });

/** An escalation opened at `at` (24/7, first response due at +15 min, resolution at +4 h), acknowledged after `ackMin`, resolved after `resolveMin` if given. */
function esc(id: number, at: number, ackMin: number, resolveMin: number | null, over: Parameters<typeof escalationRow>[0] = {}, extra: Ev[] = []): EscalationHistory {
  const events = [opened(at), ack(at, ackMin), ...(resolveMin !== null ? [resolved(at, resolveMin, resolveMin <= 240)] : []), ...extra].sort((a, b) => a.at - b.at);
  const row = escalationRow({
    id,
    createdAt: at,
    firstResponseDue: at + 15 * MIN,
    resolutionDue: at + 240 * MIN,
    acknowledgedBy: "U1",
    acknowledgedAt: at + ackMin * MIN,
    ...(resolveMin !== null ? { status: "resolved" as const, resolvedAt: at + resolveMin * MIN, resolvedBy: "U1" } : { status: "acknowledged" as const }),
    ...over,
  });
  return { escalation: row, events };
}

const calendarOf = () => null;

describe("weekOverWeek: this week against the last", () => {
  it("volume, MTTA, MTTR, the three shares and the breach count, with their differences", () => {
    const last = [esc(1, lastWeek.since + H, 30, 120), esc(2, lastWeek.since + 2 * H, 10, 300, { breachedAt: lastWeek.since + 6 * H }, [breach(lastWeek.since + 6 * H)])];
    const now = [esc(3, T0, 5, 60), esc(4, T0 + H, 10, 100), esc(5, T0 + 2 * H, 15, null)];
    const current = buildMetricsReport(now, thisWeek, "tier", calendarOf);
    const previous = buildMetricsReport(last, lastWeek, "tier", calendarOf);
    const wow = weekOverWeek(current, previous);
    expect(wow.opened).toEqual({ current: 3, previous: 2, delta: 1 });
    expect(wow.mttaMs).toEqual({ current: 10 * MIN, previous: 20 * MIN, delta: -10 * MIN });
    expect(wow.mttrMs).toEqual({ current: 80 * MIN, previous: 210 * MIN, delta: -130 * MIN });
    // First response: 3 of 3 met (15 min is on time) against 1 of 2 (30 min was late).
    expect(wow.firstResponseRate).toEqual({ current: 1, previous: 0.5, delta: 0.5 });
    expect(wow.resolutionRate).toEqual({ current: 1, previous: 0.5, delta: 0.5 });
    // Breaches are the report's: ESC 1's late first response and ESC 2's resolution.
    expect(wow.breaches).toEqual({ current: 0, previous: 2, delta: -2 });
  });

  it("a week with nothing: figures that cannot be had are null, and so is their difference", () => {
    const current = buildMetricsReport([esc(3, T0, 5, null)], thisWeek, "tier", calendarOf);
    const previous = buildMetricsReport([], lastWeek, "tier", calendarOf);
    const wow = weekOverWeek(current, previous);
    expect(wow.opened).toEqual({ current: 1, previous: 0, delta: 1 });
    expect(wow.mttaMs).toEqual({ current: 5 * MIN, previous: null, delta: null });
    expect(wow.mttrMs).toEqual({ current: null, previous: null, delta: null });
    expect(wow.resolutionRate.delta).toBeNull();
  });
});

describe("buildWeeklyReview", () => {
  const review = (histories: EscalationHistory[], previous: EscalationHistory[] = []) =>
    buildWeeklyReview({ current: { period: thisWeek, histories }, previous: { period: lastWeek, histories: previous }, calendarOf, late: null, skipped: 0 });

  it("has the report's own figures for the week, by tier", () => {
    const histories = [esc(3, T0, 5, 60), esc(4, T0 + H, 10, 100, { tier: "standard" })];
    const r = review(histories);
    const report = buildMetricsReport(histories, thisWeek, "tier", calendarOf);
    expect(r.report.overall).toEqual(report.overall);
    expect(r.report.groups).toEqual(report.groups);
    expect(r.report.volume).toEqual(report.volume);
    expect(r.report.by).toBe("tier");
  });

  it("breaches carry their thread; a restricted escalation counts but its customer is never named", () => {
    const breachAt = T0 + 5 * H;
    const histories = [
      esc(3, T0, 30, null, { customer: "Acme Corp", messageChannelId: "C0TIER2", messageTs: "111.222" }),
      esc(4, T0 + H, 30, null, { customer: "Secret Bank", restricted: true, breachedAt: breachAt + H }, [breach(breachAt + H)]),
      esc(5, T0 + 2 * H, 5, 60, { customer: "Secret Bank" }),
      esc(6, T0 + 3 * H, 5, 60, { customer: "Secret Bank" }),
    ];
    const r = review(histories);
    expect(r.report.overall.opened).toBe(4);
    expect(r.breaches).toEqual([
      { id: 3, customer: "Acme Corp", severity: "sev1", tier: "enterprise", target: "first_response", at: T0 + 15 * MIN, restricted: false, thread: { channel: "C0TIER2", ts: "111.222" } },
      { id: 4, customer: null, severity: "sev1", tier: "enterprise", target: "first_response", at: T0 + H + 15 * MIN, restricted: true, thread: null },
      { id: 4, customer: null, severity: "sev1", tier: "enterprise", target: "resolution", at: breachAt + H, restricted: true, thread: null },
    ]);
    // Secret Bank: 3 escalations, one restricted; the review counts the two it may name.
    expect(r.repeatCustomers).toEqual([{ key: "secret bank", names: ["Secret Bank"], count: 2, ids: [5, 6] }]);
    expect(r.topCustomers.map((c) => [c.key, c.count])).toEqual([["secret bank", 2], ["acme", 1]]);
    expect(JSON.stringify(r)).not.toMatch(/"customer":"Secret Bank"/);
  });

  it(`lists at most ${MAX_BREACHES} breaches and says how many more`, () => {
    const histories = Array.from({ length: MAX_BREACHES + 3 }, (_, i) => esc(10 + i, T0 + i * MIN, 30, null));
    const r = review(histories);
    expect(r.breaches).toHaveLength(MAX_BREACHES);
    expect(r.moreBreaches).toBe(3);
    expect(r.weekOverWeek.breaches.current).toBe(MAX_BREACHES + 3);
  });
});
