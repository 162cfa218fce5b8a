import { describe, expect, it } from "vitest";
import { AT_RISK_WITHIN_MS, buildHomeModel, HOME_SHOWN, isAtRisk, isMine, nextDeadline, zonedTime, type HomeSnapshot } from "../../src/domain/home.js";
import type { Actor } from "../../src/domain/permissions.js";
import type { EscalationRow } from "../../src/db/schema.js";
import { escalationRow, T0 } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";

/** The App Home's model: pure, from hand-built escalations and an explicit now. */

const MIN = 60_000;
const HOUR = 60 * MIN;
const now = T0 + 30 * MIN;
const actor = (userId: string, roles: string[] = [], channels: string[] = []): Actor => ({ userId, roles: new Set(roles), channels: new Set(channels) });

const snapshot = (over: Partial<HomeSnapshot<EscalationRow>> = {}): HomeSnapshot<EscalationRow> => ({
  mine: { rows: [], total: 0 },
  atRisk: { rows: [], total: 0 },
  openBySeverity: {},
  restrictedOpen: [],
  resolved: { rows: [], total: 0 },
  ...over,
});

describe("next deadline: the earliest SLA deadline still running", () => {
  it.each([
    ["unacknowledged: the first response", {}, { kind: "first_response", at: T0 + 15 * MIN, overdue: true }],
    ["acknowledged: the next update", { acknowledgedBy: "U1" }, { kind: "next_update", at: T0 + HOUR, overdue: false }],
    ["acknowledged, no update clock: the resolution", { acknowledgedBy: "U1", nextUpdateDue: null }, { kind: "resolution", at: T0 + 4 * HOUR, overdue: false }],
    [
      "waiting on the customer: the paused update and resolution clocks are no deadline",
      { acknowledgedBy: "U1", pausedAt: T0, pausedTimers: ["update", "resolution_warn", "resolution_breach"] },
      undefined,
    ],
    ["breached: the resolution is not offered again", { acknowledgedBy: "U1", nextUpdateDue: null, breachedAt: T0 }, undefined],
    ["resolved: none", { status: "resolved" as const, resolvedAt: T0 }, undefined],
  ] as const)("%s", (_, over, expected) => {
    expect(nextDeadline(escalationRow(over as Partial<EscalationRow>), now)).toEqual(expected);
  });
});

describe("at risk: a first response or resolution within 2 h, or breached", () => {
  const acked = { acknowledgedBy: "U1", nextUpdateDue: now + 5 * MIN };
  it.each([
    ["resolution exactly 2 h away", { ...acked, resolutionDue: now + AT_RISK_WITHIN_MS }, true],
    ["resolution 2 h and 1 ms away", { ...acked, resolutionDue: now + AT_RISK_WITHIN_MS + 1 }, false],
    ["resolution passed (breach not yet recorded)", { ...acked, resolutionDue: now - MIN }, true],
    ["breached", { ...acked, resolutionDue: now + 10 * HOUR, breachedAt: now - HOUR }, true],
    ["unacknowledged, first response exactly 2 h away", { firstResponseDue: now + AT_RISK_WITHIN_MS, resolutionDue: now + 10 * HOUR }, true],
    ["unacknowledged, first response 2 h and 1 ms away", { firstResponseDue: now + AT_RISK_WITHIN_MS + 1, resolutionDue: now + 10 * HOUR }, false],
    ["acknowledged late: the first response no longer counts", { ...acked, firstResponseDue: now - HOUR, resolutionDue: now + 10 * HOUR }, false],
    ["only an update due soon (a Sev 1's hourly cadence is not a risk)", { ...acked, resolutionDue: now + 10 * HOUR }, false],
    ["resolution near, but its clock paused (waiting on the customer)", { ...acked, resolutionDue: now + HOUR, pausedAt: T0, pausedTimers: ["resolution_breach"] }, false],
    ["resolved", { ...acked, status: "resolved" as const, resolvedAt: T0, breachedAt: T0 }, false],
  ] as const)("%s → %s", (_, over, expected) => {
    expect(isAtRisk(escalationRow(over as Partial<EscalationRow>), now)).toBe(expected);
  });
});

describe("mine: open, and owned or acknowledged by the viewer", () => {
  it.each([
    ["owner", { ownerId: "U0ME" }, true],
    ["acknowledged by me, owned by nobody", { acknowledgedBy: "U0ME" }, true],
    ["acknowledged by me, handed to someone else since", { acknowledgedBy: "U0ME", ownerId: "U0OTHER" }, true],
    ["someone else's", { ownerId: "U0OTHER", acknowledgedBy: "U0OTHER" }, false],
    ["mine but resolved", { ownerId: "U0ME", status: "resolved" as const }, false],
  ] as const)("%s → %s", (_, over, expected) => {
    expect(isMine(escalationRow(over as Partial<EscalationRow>), "U0ME")).toBe(expected);
  });
});

describe("the Home model", () => {
  const security = (over: Partial<EscalationRow>) =>
    escalationRow({ category: "security", suggestedCategory: "security", restricted: true, level: "tier3", channel: "#security-alerts", messageChannelId: "C0SEC", ...over });

  it("lists mine most urgent first (breached, then the nearest deadline), capped with a count of the rest", () => {
    const rows = Array.from({ length: 12 }, (_, i) => escalationRow({ id: i + 1, ownerId: "U0ME", acknowledgedBy: "U0ME", nextUpdateDue: now + (12 - i) * HOUR, resolutionDue: now + 20 * HOUR }));
    rows[7] = { ...rows[7]!, breachedAt: now - HOUR };
    const model = buildHomeModel(snapshot({ mine: { rows, total: 15 } }), { viewer: "U0ME", now, policy: fleetPolicy, actors: new Map() });
    expect(model.mine.rows.map((r) => r.esc.id)).toEqual([8, 12, 11, 10, 9, 7, 6, 5, 4, 3]);
    expect(model.mine.rows).toHaveLength(HOME_SHOWN.mine);
    expect(model.mine.more).toBe(5);
    expect(model.mine.rows[1]!.next).toEqual({ kind: "next_update", at: now + HOUR, overdue: false });
  });

  it("shows a restricted escalation only to someone who may see it, and leaves it out of their counts otherwise", () => {
    const secret = security({ id: 7, ownerId: "U0SEC", acknowledgedBy: "U0SEC", breachedAt: now - MIN });
    const open = escalationRow({ id: 8, resolutionDue: now + HOUR });
    const snap = snapshot({
      atRisk: { rows: [secret, open], total: 2 },
      openBySeverity: { sev1: 2 },
      restrictedOpen: [secret],
      mine: { rows: [secret], total: 1 },
    });
    const home = (viewer: string, who?: Actor) => buildHomeModel(snap, { viewer, now, policy: fleetPolicy, actors: new Map(who ? [[7, who]] : []) });

    const stranger = home("U0X", actor("U0X"));
    expect(stranger.atRisk.rows.map((r) => r.esc.id)).toEqual([8]);
    expect(stranger.atRisk.more).toBe(0);
    expect(stranger.bySeverity.find((s) => s.severity === "sev1")?.count).toBe(1);
    expect(stranger.openTotal).toBe(1);
    // The caller found no facts about the viewer: hidden, never shown by default.
    expect(home("U0X").atRisk.rows.map((r) => r.esc.id)).toEqual([8]);

    const officer = home("U0SEC", actor("U0SEC", ["security-officer"]));
    expect(officer.atRisk.rows.map((r) => r.esc.id)).toEqual([7, 8]);
    expect(officer.mine.rows.map((r) => r.esc.id)).toEqual([7]);
    expect(officer.openTotal).toBe(2);
    // Owning it is not enough without the restricted team, a manager's role or its channel.
    const owner = home("U0SEC", actor("U0SEC"));
    expect(owner.mine.rows).toEqual([]);
    expect(owner.mine.more).toBe(0);
    expect(home("U0CHAN", actor("U0CHAN", [], ["C0SEC"])).atRisk.rows).toHaveLength(2);
    expect(home("U0MGR", actor("U0MGR", ["support-manager"])).atRisk.rows).toHaveLength(2);
  });

  it("counts open escalations by the playbook's severities, in its order, zeros included", () => {
    const model = buildHomeModel(snapshot({ openBySeverity: { sev2: 3, sev4: 1, retired: 2 } }), { viewer: "U0ME", now, policy: fleetPolicy, actors: new Map() });
    expect(model.bySeverity).toEqual([
      { severity: "sev1", count: 0 },
      { severity: "sev2", count: 3 },
      { severity: "sev3", count: 0 },
      { severity: "sev4", count: 1 },
    ]);
    // A severity the playbook no longer has still counts.
    expect(model.openTotal).toBe(6);
  });

  it("lists the recently resolved newest first; a paused or breached one at risk keeps its place", () => {
    const resolved = [1, 2, 3, 4, 5, 6].map((id) => escalationRow({ id, status: "resolved", resolvedAt: T0 - id * HOUR, resolvedBy: "U1" }));
    const model = buildHomeModel(snapshot({ resolved: { rows: [...resolved].reverse(), total: 6 } }), { viewer: "U0ME", now, policy: fleetPolicy, actors: new Map() });
    expect(model.resolved.rows.map((r) => r.esc.id)).toEqual([1, 2, 3, 4, 5]);
    expect(model.resolved.more).toBe(1);
  });
});

describe("times in the viewer's own zone", () => {
  const at = Date.parse("2026-12-07T13:30:00Z");
  it.each([
    ["Europe/Berlin, same day", at, Date.parse("2026-12-07T09:00:00Z"), "Europe/Berlin", "today 14:30 CET"],
    ["America/New_York, same instant", at, Date.parse("2026-12-07T09:00:00Z"), "America/New_York", "today 08:30 GMT-5"],
    ["tomorrow in Berlin (after midnight there, still today in UTC)", Date.parse("2026-12-07T23:30:00Z"), Date.parse("2026-12-07T12:00:00Z"), "Europe/Berlin", "tomorrow 00:30 CET"],
    ["yesterday", Date.parse("2026-12-06T20:00:00Z"), at, "UTC", "yesterday 20:00 UTC"],
    ["further away: the date", Date.parse("2026-12-10T08:15:00Z"), at, "UTC", "Thu 10 Dec 08:15 UTC"],
    ["summer time in Berlin", Date.parse("2026-07-01T12:00:00Z"), Date.parse("2026-07-01T06:00:00Z"), "Europe/Berlin", "today 14:00 CEST"],
    ["an unknown zone: UTC, named", at, at, "Mars/Olympus", "today 13:30 UTC"],
  ])("%s", (_, when, nowAt, zone, expected) => {
    expect(zonedTime(when, nowAt, zone)).toBe(expected);
  });
});
