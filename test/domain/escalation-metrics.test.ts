import { describe, expect, it } from "vitest";
import { normaliseCustomer } from "../../src/domain/customer-name.js";
import { escalationFacts, figuresOf, type EscalationHistory, type Period } from "../../src/domain/escalation-metrics.js";
import { buildMetricsReport } from "../../src/domain/metrics-report.js";
import type { TimelineEvent } from "../../src/domain/timeline-event.js";
import { escalationRow, T0 } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";

const MIN = 60_000;
const H = 60 * MIN;
const period: Period = { since: T0 - 24 * H, until: T0 + 7 * 24 * H };
const at = (minutes: number) => T0 + minutes * MIN;
type Ev = TimelineEvent & { at: number };

const opened: Ev = { at: T0, kind: "opened", detail: { severity: "sev1", suggestedSeverity: "sev1", category: "general", level: "tier2", channels: [], notify: [], reasons: [] } };
const ack = (m: number): Ev => ({ at: at(m), kind: "acknowledged", detail: { afterMs: m * MIN, level: "tier2" } });
const resolved = (m: number, withinSla = true): Ev => ({ at: at(m), kind: "resolved", detail: { afterMs: m * MIN, withinSla } });
const paused = (m: number): Ev => ({ at: at(m), kind: "paused", detail: { timers: ["update", "resolution_breach"] } });
const resumed = (m: number, pausedMin: number): Ev => ({ at: at(m), kind: "resumed", detail: { pausedMs: pausedMin * MIN, how: "customer_replied" } });
const update = (m: number): Ev => ({ at: at(m), kind: "progress_update", detail: { status: "s", done: "d", customerVisible: false, nextUpdateDue: at(m + 60) } });
const reply = (m: number): Ev => ({ at: at(m), kind: "thread_reply", detail: { ts: "1.1", nextUpdateDue: at(m + 60) } });
const reminder = (m: number): Ev => ({ at: at(m), kind: "update_reminder", detail: { owner: "U_MIKE", level: "tier2", sinceLastUpdateMs: 60 * MIN, nextUpdateDue: at(m) } });
const reopened = (m: number): Ev => ({ at: at(m), kind: "reopened", detail: { reason: "came back", resolvedAt: at(0), resolvedBy: "U_MIKE" } });
const escalated = (m: number, trigger: "manual" | "ack_missed", firstResponseDue?: number): Ev => ({
  at: at(m),
  kind: "escalated",
  detail: { from: "tier2", to: "tier3", fromLabel: "Tier 2", toLabel: "Tier 3", trigger, reason: "r", previousOwner: null, ...(firstResponseDue !== undefined ? { firstResponseDue } : {}) },
});
const breach = (m: number): Ev => ({ at: at(m), kind: "sla_breach", detail: { resolutionDue: at(m), reason: "r" } });

const resolvedRow = (m: number) => ({ status: "resolved" as const, resolvedAt: at(m), resolvedBy: "U_MIKE", acknowledgedBy: "U_MIKE", acknowledgedAt: at(5) });
const history = (events: Ev[], over: Parameters<typeof escalationRow>[0] = {}): EscalationHistory => ({ escalation: escalationRow(over), events: [opened, ...events] });

describe("escalationFacts: one escalation's contribution (24/7 clock; first response due at +15 min, resolution at +4 h)", () => {
  it.each([
    ["acknowledged at 10 min, resolved at 2 h: all met", history([ack(10), update(40), resolved(120)], resolvedRow(120)), { ackMs: [10 * MIN], resolveMs: 120 * MIN, firstResponse: "met", updatesMet: 1, updatesMissed: 0, resolution: "met" }],
    ["acknowledged at 20 min: first response missed (due at 15)", history([ack(20)]), { ackMs: [20 * MIN], resolveMs: null, firstResponse: "missed", resolution: null }],
    [
      "a 90-minute wait on the customer before resolution is left out of MTTR",
      history([ack(5), paused(30), resumed(120, 90), resolved(180)], { ...resolvedRow(180), pausedMs: 90 * MIN }),
      { ackMs: [5 * MIN], resolveMs: 90 * MIN, resolution: "met" },
    ],
    ["a wait before the acknowledgement is left out of MTTA", history([paused(1), resumed(11, 10), ack(14)]), { ackMs: [4 * MIN], firstResponse: "met" }],
    ["a wait that spans the acknowledgement takes its first part out of MTTA", history([paused(2), ack(10), resumed(30, 28)]), { ackMs: [2 * MIN] }],
    [
      "a wait that spans the acknowledgement and the resolution counts only its part before each",
      history([ack(5), paused(60), resolved(90)], { ...resolvedRow(90), pausedAt: at(60) }),
      { ackMs: [5 * MIN], resolveMs: 60 * MIN },
    ],
    [
      "reopened: two acknowledgements timed, MTTR counts both open stretches, not the time it sat resolved",
      history([ack(5), resolved(60), reopened(600), ack(615), resolved(660)], { ...resolvedRow(660), reopenedAt: at(600) }),
      { ackMs: [5 * MIN, 15 * MIN], resolveMs: 120 * MIN, firstResponse: "met", resolution: "met" },
    ],
    [
      "moved up for a missed acknowledgement, then acknowledged at the next level in time: first response missed",
      history([escalated(15, "ack_missed", at(45)), ack(30)], { level: "tier3" }),
      { ackMs: [30 * MIN], firstResponse: "missed" },
    ],
    [
      "moved up by hand, acknowledged by the new level's target as it was: met (the row's due no longer applies)",
      history([escalated(2, "manual", at(60)), ack(50)], { level: "tier3", firstResponseDue: at(60) }),
      { ackMs: [50 * MIN], firstResponse: "met" },
    ],
    ["never acknowledged, due passed before the period's end: missed", history([]), { ackMs: [], firstResponse: "missed" }],
    ["updates: two posted (update, thread reply), one reminder = one missed", history([ack(5), update(30), reminder(150), reply(160)]), { updatesMet: 2, updatesMissed: 1 }],
    [
      "resolved late: the breach and withinSla false both say missed",
      history([ack(5), breach(240), resolved(300, false)], { ...resolvedRow(300), breachedAt: at(240) }),
      { resolveMs: 300 * MIN, resolution: "missed", breachedAt: at(240) },
    ],
    ["still open and breached: resolution missed", history([ack(5), breach(240)], { breachedAt: at(240) }), { resolveMs: null, resolution: "missed", breachedAt: at(240) }],
  ])("%s", (_name, h, expected) => {
    expect(escalationFacts(h, period, null)).toMatchObject(expected);
  });

  it("outside the period: opened before it and nothing in it counts nothing", () => {
    const facts = escalationFacts(history([ack(10), update(30)]), { since: at(24 * 60), until: at(48 * 60) }, null);
    expect(facts).toMatchObject({ opened: false, ackMs: [], resolveMs: null, firstResponse: null, updatesMet: 0, resolution: null });
  });

  // Fleet's Tier 2 hours in Los Angeles; the weekend holds a change of clocks (8 March and 1 November
  // 2026). Open hours are counted on the wall clock, so a 23- or 25-hour Sunday changes nothing.
  it.each([
    ["spring forward", "2026-03-06T19:00:00-08:00", "2026-03-09T06:30:00-07:00"],
    ["fall back", "2026-10-30T19:00:00-07:00", "2026-11-02T06:30:00-08:00"],
    ["no change", "2026-01-16T19:00:00-08:00", "2026-01-19T06:30:00-08:00"],
  ])("business hours across a change of clocks (%s): Friday 19:00 to Monday 06:30 is 10 h 30 min open", (_name, from, to) => {
    const calendar = fleetPolicy.calendars["tier2-hours"]!;
    const friday = Date.parse(from);
    const monday = Date.parse(to);
    const h: EscalationHistory = {
      escalation: escalationRow({ createdAt: friday, clock: "tier2-hours", status: "resolved", resolvedAt: monday, resolvedBy: "U_MIKE" }),
      events: [
        { ...opened, at: friday },
        { at: monday, kind: "acknowledged", detail: { afterMs: monday - friday, level: "tier2" } },
        { at: monday, kind: "resolved", detail: { afterMs: monday - friday, withinSla: true } },
      ],
    };
    const facts = escalationFacts(h, { since: friday - H, until: monday + H }, calendar);
    expect(facts.ackMs).toEqual([(60 + 9 * 60 + 30) * MIN]);
    expect(facts.resolveMs).toBe((60 + 9 * 60 + 30) * MIN);
  });

  it("a business-hours clock counts open hours only: opened Friday 19:00 Pacific, acknowledged Monday 06:30 is 90 minutes", () => {
    const calendar = fleetPolicy.calendars["tier2-hours"]!;
    const friday = Date.parse("2026-01-16T19:00:00-08:00");
    const monday = Date.parse("2026-01-19T06:30:00-08:00");
    const h: EscalationHistory = {
      escalation: escalationRow({ createdAt: friday, clock: "tier2-hours", firstResponseDue: Date.parse("2026-01-17T08:00:00-08:00") }),
      events: [{ ...opened, at: friday }, { at: monday, kind: "acknowledged", detail: { afterMs: monday - friday, level: "tier2" } }],
    };
    // Friday 19:00–20:00 (1 h), Saturday 08:00–17:00 (9 h), Monday 06:00–06:30 (30 min).
    const facts = escalationFacts(h, { since: friday - H, until: monday + H }, calendar);
    expect(facts.ackMs).toEqual([(60 + 9 * 60 + 30) * MIN]);
    expect(facts.firstResponse).toBe("missed");
  });
});

describe("figuresOf", () => {
  it("means and shares; a share with nothing due is null", () => {
    const f = figuresOf([
      escalationFacts(history([ack(10), resolved(120)], resolvedRow(120)), period, null),
      escalationFacts(history([ack(20)], { id: 43 }), period, null),
    ]);
    expect(f).toMatchObject({ opened: 2, acknowledged: 2, mttaMs: 15 * MIN, resolved: 1, mttrMs: 120 * MIN });
    expect(f.firstResponse).toEqual({ met: 1, missed: 1, rate: 0.5 });
    expect(f.updates).toEqual({ met: 0, missed: 0, rate: null });
  });
});

describe("normaliseCustomer", () => {
  it.each([
    ["Acme Corp.", "acme"],
    ["ACME Corporation", "acme"],
    ["acme corp", "acme"],
    ["Acme, Inc.", "acme"],
    ["Globex Ltd", "globex"],
    ["Café Noir GmbH", "cafe noir"],
    ["Corp", "corp"],
    ["Initech Holdings", "initech holdings"],
  ])("%s → %s", (name, key) => {
    expect(normaliseCustomer(name)).toBe(key);
  });
});

describe("buildMetricsReport", () => {
  const histories = [
    history([ack(10), resolved(120)], { id: 1, customer: "Acme Corp.", ...resolvedRow(120) }),
    history([ack(20), breach(240)], { id: 2, customer: "ACME Corporation", severity: "sev2", tier: "standard", breachedAt: at(240) }),
    history([ack(5)], { id: 3, customer: "Globex", category: "billing" }),
  ];
  const report = buildMetricsReport(histories, period, "tier", () => null);

  it("volume by severity and category, groups by the chosen dimension", () => {
    expect(report.volume).toEqual({ total: 3, bySeverity: { sev1: 2, sev2: 1 }, byCategory: { general: 2, billing: 1 } });
    expect(report.groups.map((g) => [g.key, g.figures.opened])).toEqual([
      ["enterprise", 2],
      ["standard", 1],
    ]);
    expect(report.groups[1]!.figures.resolution).toEqual({ met: 0, missed: 1, rate: 0 });
  });

  it("breaches with ids, top and repeat customers matched by normalised name", () => {
    expect(report.breaches.map((b) => [b.id, b.target])).toEqual([
      [2, "first_response"],
      [2, "resolution"],
    ]);
    expect(report.topCustomers.map((c) => [c.key, c.count, c.ids])).toEqual([
      ["acme", 2, [1, 2]],
      ["globex", 1, [3]],
    ]);
    expect(report.repeatCustomers.map((c) => [c.key, c.names])).toEqual([["acme", ["Acme Corp.", "ACME Corporation"]]]);
  });
});
