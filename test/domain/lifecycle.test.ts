import { describe, expect, it } from "vitest";
import type { EscalationRow } from "../../src/db/schema.js";
import * as lifecycle from "../../src/domain/lifecycle.js";
import type { Policy } from "../../src/domain/playbook/model.js";
import { fleetPolicy } from "../support/policy.js";

/**
 * The escalation's transitions as pure functions (no database): what each writes, and when it does
 * not apply. Sev 1 runs on the 24/7 clock (first response 15 min, updates every hour, resolution
 * 4 h), so the deadlines below are plain arithmetic; Tier 2 has an 8 h budget, Tier 3 none.
 */

const T0 = Date.parse("2026-01-15T16:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = T0 + 10 * MIN;

type Subject = Pick<
  EscalationRow,
  | "status"
  | "severity"
  | "tier"
  | "category"
  | "alsoCategories"
  | "level"
  | "createdAt"
  | "acknowledgedBy"
  | "firstResponseDue"
  | "resolutionDue"
  | "levelBudgetDue"
  | "flags"
  | "flagsDone"
  | "restricted"
  | "ownerId"
  | "reopenedAt"
>;

/** A Sev 1 opened at T0 at Tier 2, nobody has acknowledged it yet. */
const esc = (over: Partial<Subject> = {}): Subject => ({
  status: "open",
  severity: "sev1",
  tier: "standard",
  category: "general",
  alsoCategories: [],
  level: "tier2",
  createdAt: T0,
  acknowledgedBy: null,
  firstResponseDue: T0 + 15 * MIN,
  resolutionDue: T0 + 4 * HOUR,
  levelBudgetDue: T0 + 8 * HOUR,
  flags: ["pagerduty", "war-room", "vip"],
  flagsDone: [],
  restricted: false,
  ownerId: null,
  reopenedAt: null,
  ...over,
});

const acknowledged = { status: "acknowledged", acknowledgedBy: "U0OWN" } as const;
const resolved = { status: "resolved", acknowledgedBy: "U0OWN" } as const;

/** Fleet with Tier 2's budget stopped by taking the escalation on (`budgetStops: acknowledged`). */
const budgetStopsAtAck: Policy = {
  ...fleetPolicy,
  levels: fleetPolicy.levels.map((l) => (l.id === "tier2" ? { ...l, budgetStops: "acknowledged" as const } : l)),
};

describe("acknowledge", () => {
  it("takes the escalation on: acknowledged, by whom and when, only while nobody else has", () => {
    expect(lifecycle.acknowledge(esc(), "U0OWN", NOW, fleetPolicy)).toEqual({
      changes: { status: "acknowledged", acknowledgedBy: "U0OWN", acknowledgedAt: NOW, ownerId: "U0OWN" },
      onlyIf: "unacknowledged",
      afterMs: 10 * MIN,
    });
  });

  it("stops the level's budget when the playbook says taking it on is enough", () => {
    const ack = lifecycle.acknowledge(esc(), "U0OWN", NOW, budgetStopsAtAck);
    expect("refused" in ack ? ack : ack.changes).toEqual({ status: "acknowledged", acknowledgedBy: "U0OWN", acknowledgedAt: NOW, ownerId: "U0OWN", levelBudgetDue: null });
  });

  it("leaves the budget alone when the playbook says only resolving stops it, or there is none", () => {
    for (const [subject, policy] of [[esc(), fleetPolicy], [esc({ levelBudgetDue: null }), budgetStopsAtAck]] as const) {
      const ack = lifecycle.acknowledge(subject, "U0OWN", NOW, policy);
      expect("refused" in ack ? ack : ack.changes).not.toHaveProperty("levelBudgetDue");
    }
  });

  it("refuses an escalation already acknowledged, or resolved (which says so first)", () => {
    expect(lifecycle.acknowledge(esc(acknowledged), "U0X", NOW, fleetPolicy)).toEqual({ refused: "already_acknowledged" });
    expect(lifecycle.acknowledge(esc(resolved), "U0X", NOW, fleetPolicy)).toEqual({ refused: "already_resolved" });
    expect(lifecycle.acknowledge(esc({ status: "resolved" }), "U0X", NOW, fleetPolicy)).toEqual({ refused: "already_resolved" });
  });
});

describe("resolve", () => {
  const input = { resolution: "Rolled back 1.5.2", rootCause: "Bad build" };

  it("keeps the outcome and stops the update clock, only while it is not resolved yet", () => {
    expect(lifecycle.resolve(esc(acknowledged), "U0OWN", { ...input, prevention: "Canary builds" }, NOW)).toEqual({
      changes: {
        status: "resolved",
        resolvedBy: "U0OWN",
        resolvedAt: NOW,
        resolution: "Rolled back 1.5.2",
        rootCause: "Bad build",
        prevention: "Canary builds",
        nextUpdateDue: null,
      },
      onlyIf: "unresolved",
      afterMs: 10 * MIN,
      withinSla: true,
    });
  });

  it("writes no prevention when none was given", () => {
    const done = lifecycle.resolve(esc(), "U0OWN", input, NOW);
    expect("refused" in done ? done : done.changes.prevention).toBeNull();
  });

  it("is within the SLA up to the resolution deadline itself", () => {
    const at = (now: number) => {
      const done = lifecycle.resolve(esc(), "U0OWN", input, now);
      return "refused" in done ? done : done.withinSla;
    };
    expect(at(T0 + 4 * HOUR)).toBe(true);
    expect(at(T0 + 4 * HOUR + 1)).toBe(false);
  });

  it("refuses an escalation already resolved", () => {
    expect(lifecycle.resolve(esc(resolved), "U0X", input, NOW)).toEqual({ refused: "already_resolved" });
  });
});

describe("moveToLevel", () => {
  it("hands the escalation over unacknowledged, with the new level's first-response deadline and no budget where it has none", () => {
    const move = lifecycle.moveToLevel(esc(acknowledged), "tier3", NOW, fleetPolicy);
    expect(move.to.id).toBe("tier3");
    expect(move.changes).toEqual({
      level: "tier3",
      levelSince: NOW,
      status: "open",
      acknowledgedBy: null,
      acknowledgedAt: null,
      ownerId: null,
      firstResponseDue: NOW + 15 * MIN,
      levelBudgetDue: null,
    });
    expect(move.onlyIf).toBeUndefined();
  });

  it("starts the new level's budget from now; the resolution target stays", () => {
    const move = lifecycle.moveToLevel(esc({ level: "tier1" }), "tier2", NOW, fleetPolicy);
    expect(move.changes).toMatchObject({ level: "tier2", firstResponseDue: NOW + 15 * MIN, levelBudgetDue: NOW + 8 * HOUR });
    expect(move.changes).not.toHaveProperty("resolutionDue");
  });
});

describe("escalate", () => {
  const target = (subject: Subject, toLevel: string | undefined) => {
    const move = lifecycle.escalate(subject, toLevel, NOW, fleetPolicy);
    return "refused" in move ? move : move.to.id;
  };

  it("goes to the next level on the path, or to a chosen one further along it (by id, label or alias)", () => {
    expect(target(esc(), undefined)).toBe("tier3");
    expect(target(esc(), "Management")).toBe("management");
    expect(target(esc(), "tier3")).toBe("tier3");
  });

  it("moves as moveToLevel does", () => {
    expect(lifecycle.escalate(esc(acknowledged), undefined, NOW, fleetPolicy)).toEqual(lifecycle.moveToLevel(esc(acknowledged), "tier3", NOW, fleetPolicy));
  });

  it("refuses a level that is not further along the path, an unknown one, and any at the top", () => {
    expect(target(esc(), "Tier 1")).toEqual({ refused: "not_higher" });
    expect(target(esc(), "tier2")).toEqual({ refused: "not_higher" });
    expect(target(esc(), "the moon")).toEqual({ refused: "not_higher" });
    expect(target(esc({ level: "management" }), undefined)).toEqual({ refused: "not_higher" });
  });

  it("refuses an escalation already resolved", () => {
    expect(target(esc(resolved), undefined)).toEqual({ refused: "already_resolved" });
  });
});

describe("postUpdate", () => {
  it("keeps who posted it and when, and the next update is due one cadence from now", () => {
    expect(lifecycle.postUpdate(esc(acknowledged), "U0OWN", NOW, fleetPolicy)).toEqual({
      changes: { lastUpdateAt: NOW, lastUpdateBy: "U0OWN", nextUpdateDue: NOW + HOUR },
      nextUpdateDue: NOW + HOUR,
    });
  });

  it("refuses an escalation already resolved", () => {
    expect(lifecycle.postUpdate(esc(resolved), "U0OWN", NOW, fleetPolicy)).toEqual({ refused: "already_resolved" });
  });
});

describe("snooze", () => {
  it("puts the next reminder off by the minutes asked when no deadline comes first", () => {
    expect(lifecycle.snooze(esc(acknowledged), 60, NOW)).toEqual({ changes: { nextUpdateDue: NOW + HOUR }, until: NOW + HOUR, capped: false });
  });

  it("never past the first response while nobody has acknowledged", () => {
    expect(lifecycle.snooze(esc(), 30, NOW)).toEqual({ changes: { nextUpdateDue: T0 + 15 * MIN }, until: T0 + 15 * MIN, capped: true });
  });

  it("never past the resolution deadline or the level's budget", () => {
    const late = T0 + 4 * HOUR - 20 * MIN;
    expect(lifecycle.snooze(esc(acknowledged), 90, late)).toMatchObject({ until: T0 + 4 * HOUR, capped: true });
    const budget = esc({ ...acknowledged, levelBudgetDue: NOW + 5 * MIN });
    expect(lifecycle.snooze(budget, 30, NOW)).toMatchObject({ until: NOW + 5 * MIN, capped: true });
  });

  it("refuses an escalation already resolved", () => {
    expect(lifecycle.snooze(esc(resolved), 30, NOW)).toEqual({ refused: "already_resolved" });
  });
});

describe("setChecklist", () => {
  it("keeps the items ticked now, in the playbook's order, and says which were ticked and unticked", () => {
    expect(lifecycle.setChecklist(esc({ flagsDone: ["pagerduty"] }), ["vip", "war-room"])).toEqual({
      changes: { flagsDone: ["war-room", "vip"] },
      ticked: ["war-room", "vip"],
      unticked: ["pagerduty"],
    });
  });

  it("ignores items the escalation does not have", () => {
    expect(lifecycle.setChecklist(esc(), ["pagerduty", "refund-approval"])).toEqual({ changes: { flagsDone: ["pagerduty"] }, ticked: ["pagerduty"], unticked: [] });
  });

  it("changes nothing when nothing changed", () => {
    expect(lifecycle.setChecklist(esc({ flagsDone: ["vip"] }), ["vip", "not-a-flag"])).toEqual({ changes: {}, ticked: [], unticked: [] });
  });

  it("refuses an escalation already resolved", () => {
    expect(lifecycle.setChecklist(esc(resolved), ["vip"])).toEqual({ refused: "already_resolved" });
  });
});

describe("liftRestriction", () => {
  it("makes a restricted escalation an ordinary one", () => {
    expect(lifecycle.liftRestriction(esc({ restricted: true }))).toEqual({ changes: { restricted: false } });
  });

  it("refuses one that is not restricted, or already resolved (which says so first)", () => {
    expect(lifecycle.liftRestriction(esc())).toEqual({ refused: "not_restricted" });
    expect(lifecycle.liftRestriction(esc({ ...resolved, restricted: true }))).toEqual({ refused: "already_resolved" });
  });
});

describe("the clocks running out", () => {
  it("an update reminder: the next one counts from now", () => {
    expect(lifecycle.remindOfUpdate(esc(), NOW, fleetPolicy)).toEqual({ changes: { nextUpdateDue: NOW + HOUR }, nextUpdateDue: NOW + HOUR });
  });

  it("a breach: kept, once", () => {
    expect(lifecycle.breach(NOW)).toEqual({ changes: { breachedAt: NOW } });
  });
});

describe("timerChanges: the timers follow their columns", () => {
  const timers = (change: lifecycle.Change | lifecycle.Refusal) => ("refused" in change ? change : lifecycle.timerChanges(change));

  it.each<[string, () => lifecycle.Change | lifecycle.Refusal, lifecycle.TimerChanges]>([
    ["acknowledged: no first response pending", () => lifecycle.acknowledge(esc(), "U0OWN", NOW, fleetPolicy), { ack: null }],
    ["acknowledged, the budget stopped", () => lifecycle.acknowledge(esc(), "U0OWN", NOW, budgetStopsAtAck), { ack: null, level_budget: null }],
    [
      "resolved: none at all",
      () => lifecycle.resolve(esc(), "U0OWN", { resolution: "r", rootCause: "c" }, NOW),
      { ack: null, update: null, resolution_warn: null, resolution_breach: null, level_budget: null },
    ],
    ["moved to a level without a budget", () => lifecycle.moveToLevel(esc(), "tier3", NOW, fleetPolicy), { ack: NOW + 15 * MIN, level_budget: null }],
    ["moved to a level with a budget", () => lifecycle.moveToLevel(esc({ level: "tier1" }), "tier2", NOW, fleetPolicy), { ack: NOW + 15 * MIN, level_budget: NOW + 8 * HOUR }],
    ["an update posted", () => lifecycle.postUpdate(esc(), "U0OWN", NOW, fleetPolicy), { update: NOW + HOUR }],
    ["snoozed", () => lifecycle.snooze(esc(acknowledged), 30, NOW), { update: NOW + 30 * MIN }],
    ["reminded", () => lifecycle.remindOfUpdate(esc(), NOW, fleetPolicy), { update: NOW + HOUR }],
    ["breached: no warning, no breach pending", () => lifecycle.breach(NOW), { resolution_warn: null, resolution_breach: null }],
    ["the checklist", () => lifecycle.setChecklist(esc(), ["vip"]), {}],
    ["a restriction lifted", () => lifecycle.liftRestriction(esc({ restricted: true })), {}],
  ])("%s", (_name, change, expected) => {
    expect(timers(change())).toEqual(expected);
  });
});
