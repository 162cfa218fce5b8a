import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "../../src/domain/csv.js";
import type { EscalationRow } from "../../src/db/schema.js";
import { bucketsOf, buildDashboardFigures, buildOpenList, matchesFilter } from "../../src/domain/dashboard-figures.js";
import type { EscalationHistory } from "../../src/domain/escalation-metrics.js";
import { buildMetricsReport } from "../../src/domain/metrics-report.js";
import { escalationRow, T0 } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";

const LA = "America/Los_Angeles";
const at = (iso: string) => Date.parse(iso);

describe("csvCell", () => {
  it.each([
    ["Acme Corp", "Acme Corp"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1 555", "'+1 555"],
    ["-2", "'-2"],
    ["@here", "'@here"],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ["Sev 1 — 3 h", "Sev 1 — 3 h"],
  ])("%j → %s", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
  it("joins a line", () => expect(csvLine(["a", "=b", "c,d"])).toBe(`a,'=b,"c,d"`));
});

describe("bucketsOf", () => {
  it("cuts days at the zone's midnight, the first and last to the period", () => {
    const days = bucketsOf({ since: at("2026-01-15T16:00:00Z"), until: at("2026-01-17T20:00:00Z") }, "day", LA);
    expect(days.map((d) => [new Date(d.since).toISOString(), new Date(d.until).toISOString()])).toEqual([
      ["2026-01-15T16:00:00.000Z", "2026-01-16T08:00:00.000Z"],
      ["2026-01-16T08:00:00.000Z", "2026-01-17T08:00:00.000Z"],
      ["2026-01-17T08:00:00.000Z", "2026-01-17T20:00:00.000Z"],
    ]);
  });
  it("keeps days whole across a change of clocks (23 and 25 hours)", () => {
    const spring = bucketsOf({ since: at("2026-03-08T08:00:00Z"), until: at("2026-03-09T07:00:00Z") }, "day", LA);
    expect(spring).toHaveLength(1);
    expect(spring[0]!.until - spring[0]!.since).toBe(23 * 3_600_000);
  });
  it("starts weeks on Monday", () => {
    const weeks = bucketsOf({ since: at("2026-01-15T08:00:00Z"), until: at("2026-01-29T08:00:00Z") }, "week", LA);
    expect(weeks.map((w) => new Date(w.since).toISOString())).toEqual(["2026-01-15T08:00:00.000Z", "2026-01-19T08:00:00.000Z", "2026-01-26T08:00:00.000Z"]);
  });
});

describe("matchesFilter", () => {
  const esc = { severity: "sev1", tier: "enterprise", category: "security" };
  it.each([
    [{}, true],
    [{ severity: "sev1" }, true],
    [{ severity: "sev2" }, false],
    [{ tier: "enterprise", category: "security" }, true],
    [{ tier: "enterprise", category: "billing" }, false],
  ])("%j → %s", (filter, expected) => expect(matchesFilter(esc, filter)).toBe(expected));
});

describe("buildDashboardFigures", () => {
  const H = 3_600_000;
  const history = (over: Partial<EscalationRow>, events: EscalationHistory["events"] = []): EscalationHistory => ({ escalation: escalationRow(over), events });
  const acked = (at: number) => ({ kind: "acknowledged", at, detail: {} }) as unknown as EscalationHistory["events"][number];
  const histories = [
    history({ id: 1, customer: "Acme Corp", severity: "sev2", acknowledgedBy: "U2", acknowledgedAt: T0 + H }, [acked(T0 + H)]),
    history({ id: 2, customer: "Acme Corp.", severity: "sev2", createdAt: T0 + 24 * H }),
    history({ id: 3, customer: "Zebracorp", severity: "sev1", category: "security", restricted: true, createdAt: T0 + 25 * H }),
    history({ id: 4, customer: "Globex", severity: "sev3", tier: "standard", createdAt: T0 + 49 * H }),
  ];
  const period = { since: Date.parse("2026-01-15T08:00:00Z"), until: Date.parse("2026-01-18T08:00:00Z") };
  const ctx = { period, bucket: "day" as const, zone: LA, filter: {}, calendarOf: () => null, maySee: () => false };

  it("is the report of the period, and of each day, with restricted escalations counted in the figures", () => {
    const f = buildDashboardFigures(histories, ctx);
    const { breaches: _b, topCustomers: _t, repeatCustomers: _r, ...report } = buildMetricsReport(histories, period, "severity", () => null);
    expect(f.bySeverity).toEqual(report);
    expect(f.buckets.map((b) => b.bySeverity.volume.total)).toEqual([1, 2, 1]);
    expect(f.buckets[0]!.bySeverity.overall.mttaMs).toBe(H);
    expect(f.buckets.map((b) => b.byTier.groups.map((g) => g.key))).toEqual([["enterprise"], ["enterprise"], ["standard"]]);
  });

  it("names no restricted customer the viewer may not see, and counts what it left out", () => {
    const hidden = buildDashboardFigures(histories, ctx);
    expect(hidden.topCustomers.flatMap((c) => c.names)).toEqual(["Acme Corp", "Acme Corp.", "Globex"]);
    expect(hidden.restrictedHidden).toBe(1);
    const seen = buildDashboardFigures(histories, { ...ctx, maySee: (e) => e.id === 3 });
    expect(seen.topCustomers.flatMap((c) => c.names)).toContain("Zebracorp");
    expect(seen.restrictedHidden).toBe(0);
    expect(seen.bySeverity).toEqual(hidden.bySeverity);
  });

  it("filters every figure", () => {
    const f = buildDashboardFigures(histories, { ...ctx, filter: { severity: "sev2" } });
    expect(f.bySeverity.volume.total).toBe(2);
    expect(f.repeatCustomers.map((c) => c.count)).toEqual([2]);
  });
});

describe("buildOpenList", () => {
  it("puts breached first, then the nearest deadline; restricted ones the viewer may not see are a count", () => {
    const rows = [
      escalationRow({ id: 1, resolutionDue: T0 + 5 * 3_600_000, firstResponseDue: T0 + 60 * 60_000 }),
      escalationRow({ id: 2, firstResponseDue: T0 + 10 * 60_000 }),
      escalationRow({ id: 3, breachedAt: T0 }),
      escalationRow({ id: 4, restricted: true, firstResponseDue: T0 }),
    ];
    const list = buildOpenList({ rows, total: 7 }, { now: T0, policy: fleetPolicy, maySee: () => false });
    expect(list.rows.map((r) => r.esc.id)).toEqual([3, 2, 1]);
    expect(list.restrictedHidden).toBe(1);
    expect(list.more).toBe(3);
    expect(buildOpenList({ rows, total: 4 }, { now: T0, policy: fleetPolicy, maySee: () => true }).rows.map((r) => r.esc.id)).toEqual([3, 4, 2, 1]);
  });
});
