import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { openTimeBetween } from "../../src/domain/business-calendar.js";
import { deadlines } from "../../src/domain/deadlines.js";
import type { Escalation } from "../../src/domain/escalation.js";
import { reassign, takeOwnership } from "../../src/domain/ownership.js";
import type { Policy } from "../../src/domain/playbook/model.js";
import { deescalate, levelsBelow, reclassify } from "../../src/domain/reclassify.js";
import { mayStillReopen, reopen } from "../../src/domain/reopen.js";
import { holdWhilePaused, resume, waitOnCustomer } from "../../src/domain/waiting.js";
import { fleetPolicy } from "../support/policy.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-10-28T16:00:00Z"); // a Wednesday, 09:00 in Los Angeles

/** A Fleet escalation as opened at T0: Sev 3, Standard tier, at Tier 1, on Tier 2 business hours. */
function escalation(over: Partial<Escalation> = {}): Escalation {
  const base = { severity: "sev3", tier: "standard", category: "general", alsoCategories: [] as string[], level: "tier1" };
  const d = deadlines({ ...base, ...over }, fleetPolicy, over.createdAt ?? T0);
  return {
    id: 42, submissionKey: "V1", status: "open", ...base, suggestedSeverity: "sev3", suggestedCategory: "general",
    channel: "#fleet-support-tier1", channels: ["#fleet-support-tier1"], restricted: false, notify: [], cc: [], flags: [], flagsDone: [],
    reasons: [], fields: {}, customer: "Acme Corp", customerContact: null, summary: "Dispatch board loads slowly", impact: null,
    troubleshooting: null, errorMessages: null, environment: null, reproSteps: null, workaround: null, sentiment: null, ticketRef: null, jiraKey: null,
    clock: d.clock, firstResponseDue: d.firstResponse, nextUpdateDue: d.nextUpdate, resolutionDue: d.resolution, levelSince: T0,
    levelBudgetDue: d.levelBudget, reporterId: "U0AGENT", reporterChannelId: "C0TIER1", createdAt: T0, acknowledgedBy: null,
    acknowledgedAt: null, lastUpdateAt: null, lastUpdateBy: null, breachedAt: null, customerRequested: false, resolvedBy: null,
    resolvedAt: null, resolution: null, rootCause: null, prevention: null, messageChannelId: "C0TIER1", messageTs: "1.1",
    ownerId: null, pausedAt: null, pausedTimers: [], pausedMs: 0, reclassification: null, sourceMessageUrl: null, reopenedAt: null, warRoomChannelId: null, warRoomName: null, warRoomArchivedAt: null, commanderId: null, roomStatusAt: null, parentId: null, customerKey: null, repeat: null,
    ...over,
  };
}

const acked = { status: "acknowledged", acknowledgedBy: "U0ALEX", acknowledgedAt: T0 + 10 * MIN, ownerId: "U0ALEX" } as const;

describe("ownership", () => {
  it("taking it over acknowledges it when nobody had, and makes the taker the owner", () => {
    const took = takeOwnership(escalation(), "U0DANA", T0 + 5 * MIN, fleetPolicy);
    expect(took).toMatchObject({ changes: { ownerId: "U0DANA", acknowledgedBy: "U0DANA", status: "acknowledged" }, from: null, acknowledged: { afterMs: 5 * MIN } });
  });

  it("taking over an acknowledged escalation changes only its owner", () => {
    expect(takeOwnership(escalation(acked), "U0DANA", T0 + HOUR, fleetPolicy)).toEqual({ changes: { ownerId: "U0DANA" }, onlyIf: "unresolved", from: "U0ALEX" });
  });

  it("refuses what changes nothing, and a resolved escalation", () => {
    expect(takeOwnership(escalation(acked), "U0ALEX", T0, fleetPolicy)).toEqual({ refused: "already_owner" });
    expect(reassign(escalation(acked), "U0ALEX")).toEqual({ refused: "already_owner" });
    expect(reassign(escalation({ status: "resolved" }), "U0DANA")).toEqual({ refused: "already_resolved" });
    expect(reassign(escalation(acked), "U0DANA")).toEqual({ changes: { ownerId: "U0DANA" }, onlyIf: "unresolved", from: "U0ALEX" });
  });
});

describe("changing severity or category", () => {
  it("Sev 3 → Sev 1 counts from when it opened: faster targets, 24/7, Tier 3 and management told, the support manager DMed", () => {
    const esc = escalation(acked);
    const change = reclassify(esc, { severity: "sev1", category: "general" }, "U0DANA", "every dispatcher in the EU is blocked", T0 + 2 * HOUR, fleetPolicy);
    if ("refused" in change) throw new Error(change.refused);
    expect(change.changes).toMatchObject({ severity: "sev1", clock: "24x7", resolutionDue: T0 + 4 * HOUR, nextUpdateDue: T0 + HOUR });
    expect(change.changes.reclassification).toEqual({ fromSeverity: "sev3", fromCategory: "general", by: "U0DANA", at: T0 + 2 * HOUR, reason: "every dispatcher in the EU is blocked" });
    expect(change.newChannels).toEqual(expect.arrayContaining(["#fleet-engineering", "#fleet-management"]));
    expect(change.newDmRoles).toContain("support-manager");
    expect(change.timers).toMatchObject({ update: T0 + HOUR, resolution_breach: T0 + 4 * HOUR });
    // Acknowledged already: the first response is not asked for again.
    expect(change.timers?.ack).toBeUndefined();
  });

  it("going down slows the targets and keeps the level where it is", () => {
    const esc = escalation({ ...acked, severity: "sev2", level: "tier2" });
    const change = reclassify(esc, { severity: "sev4", category: "general" }, "U0DANA", "only one user, with a workaround", T0 + HOUR, fleetPolicy);
    if ("refused" in change) throw new Error(change.refused);
    expect(change.moveTo).toBeUndefined();
    expect(change.changes.resolutionDue).toBeGreaterThan(esc.resolutionDue);
    expect(change.newDmRoles).toEqual([]);
  });

  it("time spent waiting on the customer is left out of the recomputed resolution target", () => {
    const esc = escalation({ ...acked, severity: "sev2", pausedMs: 3 * HOUR });
    const change = reclassify(esc, { severity: "sev1", category: "general" }, "U0DANA", "worse", T0 + HOUR, fleetPolicy);
    if ("refused" in change) throw new Error(change.refused);
    expect(change.changes.resolutionDue).toBe(T0 + 7 * HOUR);
  });

  it("becoming a security case moves the post out of the public channel", () => {
    const change = reclassify(escalation(acked), { severity: "sev3", category: "security" }, "U0DANA", "a driver sees another fleet's trips", T0 + HOUR, fleetPolicy);
    if ("refused" in change) throw new Error(change.refused);
    expect(change.becameRestricted).toBe(true);
    expect(change.changes).toMatchObject({ restricted: true, channel: "#security-alerts", messageChannelId: null, messageTs: null });
    expect(change.withdraw).toEqual({ channelId: "C0TIER1", ts: "1.1" });
  });

  it("refuses a change that changes nothing", () => {
    expect(reclassify(escalation(), { severity: "sev3", category: "general" }, "U0DANA", "same", T0, fleetPolicy)).toEqual({ refused: "unchanged" });
  });
});

describe("de-escalating", () => {
  it("hands back down the escalation path, where the playbook allows it", () => {
    expect(levelsBelow(fleetPolicy, "tier3", "sev2").map((l) => l.id)).toEqual(["tier2", "tier1"]);
    const move = deescalate(escalation({ ...acked, level: "tier3" }), undefined, T0 + HOUR, fleetPolicy);
    expect("refused" in move ? move : move.changes).toMatchObject({ level: "tier2", acknowledgedBy: null, ownerId: null, levelSince: T0 + HOUR });
    expect(deescalate(escalation(acked), undefined, T0, fleetPolicy)).toEqual({ refused: "not_lower" });
    const forbidding: Policy = { ...fleetPolicy, lifecycle: { ...fleetPolicy.lifecycle, deescalate: false } };
    expect(deescalate(escalation({ level: "tier3" }), undefined, T0, forbidding)).toEqual({ refused: "not_allowed" });
  });
});

describe("waiting on the customer", () => {
  const live = ["update", "resolution_warn", "resolution_breach", "level_budget"] as const;

  it("stops the playbook's paused clocks and only those", () => {
    const wait = waitOnCustomer(escalation(acked), [...live], T0 + HOUR, fleetPolicy);
    expect(wait).toMatchObject({ changes: { pausedAt: T0 + HOUR, pausedTimers: [...live] }, timers: { update: null, resolution_warn: null, resolution_breach: null, level_budget: null } });
    const onlyUpdates: Policy = { ...fleetPolicy, lifecycle: { ...fleetPolicy.lifecycle, pauseClocks: ["progressUpdate"] } };
    expect(waitOnCustomer(escalation(acked), [...live], T0, onlyUpdates)).toMatchObject({ stopped: ["update"] });
  });

  it("never pauses an unacknowledged escalation, a security case, or one already waiting", () => {
    expect(waitOnCustomer(escalation(), [...live], T0, fleetPolicy)).toEqual({ refused: "not_acknowledged" });
    expect(waitOnCustomer(escalation({ ...acked, category: "security" }), [...live], T0, fleetPolicy)).toEqual({ refused: "never_pauses" });
    expect(waitOnCustomer(escalation({ ...acked, alsoCategories: ["security"] }), [...live], T0, fleetPolicy)).toEqual({ refused: "never_pauses" });
    expect(waitOnCustomer(escalation({ ...acked, pausedAt: T0 }), [...live], T0, fleetPolicy)).toEqual({ refused: "already_paused" });
  });

  it("a wait over a weekend and a DST change moves business-hours deadlines by the open hours paused only", () => {
    const zone = "America/Los_Angeles";
    const pausedAt = DateTime.fromISO("2026-10-30T18:00", { zone }).toMillis(); // Friday evening
    const repliedAt = DateTime.fromISO("2026-11-02T10:00", { zone }).toMillis(); // Monday, after clocks went back on Sunday
    const esc = escalation({ ...acked, pausedAt, pausedTimers: ["update", "resolution_breach", "resolution_warn", "level_budget"] });
    const resumed = resume(esc, repliedAt, fleetPolicy);
    if ("refused" in resumed) throw new Error(resumed.refused);
    // Friday 18-20 h, Saturday 8-17 h, Monday 6-10 h: 15 open hours, however long the weekend's day was.
    expect(resumed.pausedMs).toBe(15 * HOUR);
    expect(openTimeBetween(esc.resolutionDue, resumed.changes.resolutionDue!, fleetPolicy.calendars["tier2-hours"]!)).toBe(15 * HOUR);
    expect(resumed.changes).toMatchObject({ pausedAt: null, pausedTimers: [], pausedMs: 15 * HOUR });
    expect(Object.keys(resumed.timers ?? {}).sort()).toEqual(["level_budget", "resolution_breach", "resolution_warn", "update"]);
  });

  it("a wait on a 24/7 clock across the DST change moves deadlines by the real time paused", () => {
    const esc = escalation({ ...acked, severity: "sev1", clock: "24x7", pausedAt: Date.parse("2026-11-01T07:00:00Z"), pausedTimers: ["resolution_breach"] });
    const resumed = resume(esc, Date.parse("2026-11-01T12:00:00Z"), fleetPolicy);
    if ("refused" in resumed) throw new Error(resumed.refused);
    expect(resumed.changes.resolutionDue).toBe(esc.resolutionDue + 5 * HOUR);
    // Only what was paused is set again: the update reminder was not running.
    expect(resumed.timers).toEqual({ resolution_breach: esc.resolutionDue + 5 * HOUR });
  });

  it("while waiting, a change's timers for paused clocks are kept for the resume instead of started", () => {
    const held = holdWhilePaused({ pausedAt: T0, pausedTimers: ["update"] }, { ack: T0 + HOUR, update: T0 + 2 * HOUR, level_budget: T0 + 3 * HOUR }, fleetPolicy);
    expect(held).toEqual({ timers: { ack: T0 + HOUR }, pausedTimers: ["update", "level_budget"] });
    expect(holdWhilePaused({ pausedAt: null, pausedTimers: [] }, { update: T0 }, fleetPolicy)).toEqual({ timers: { update: T0 } });
  });
});

describe("reopening", () => {
  const resolvedAt = T0 + DAY;
  const resolved = { ...acked, status: "resolved", resolvedAt, resolvedBy: "U0ALEX", resolution: "Cache flushed", rootCause: "Stale cache" } as const;

  it("within the window: open again, clocks from now, the owner kept, the resolution cleared (the timeline keeps it)", () => {
    const now = resolvedAt + 3 * DAY;
    const change = reopen(escalation(resolved), now, fleetPolicy);
    if ("refused" in change) throw new Error(change.refused);
    expect(change.changes).toMatchObject({ status: "open", reopenedAt: now, acknowledgedBy: null, resolvedAt: null, resolution: null, levelSince: now });
    expect(change.changes.ownerId).toBeUndefined();
    expect(change.timers).toMatchObject({ reopen_closes: null, resolution_breach: change.changes.resolutionDue });
    expect(change.changes.firstResponseDue).toBeGreaterThan(now);
  });

  it("after the playbook's window (14 days by default) it is refused, and the post no longer offers it", () => {
    const late = resolvedAt + 14 * DAY + MIN;
    expect(reopen(escalation(resolved), late, fleetPolicy)).toEqual({ refused: "window_closed" });
    expect(mayStillReopen(escalation(resolved), late, fleetPolicy)).toBe(false);
    expect(mayStillReopen(escalation(resolved), late - 2 * MIN, fleetPolicy)).toBe(true);
    expect(reopen(escalation(acked), T0, fleetPolicy)).toEqual({ refused: "not_resolved" });
  });
});
