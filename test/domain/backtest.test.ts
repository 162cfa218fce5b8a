import { describe, expect, it } from "vitest";
import { renderBacktest } from "../../src/cli/backtest-render.js";
import { replayEscalation, type StoredEscalation, type StoredEvent } from "../../src/domain/backtest.js";
import { BacktestTally } from "../../src/domain/backtest-tally.js";
import { decide } from "../../src/domain/decide.js";
import type { Escalation } from "../../src/domain/escalation.js";
import type { Policy } from "../../src/domain/playbook/model.js";
import { parsePolicy } from "../../src/policy/loader.js";
import { escalationRow, T0 } from "../support/escalation-row.js";

const H = 3_600_000;

/** A small 24/7 playbook: Sev 2 answers in 4 h and resolves in 8 h; Sev 1 pages and DMs the manager; security is restricted. */
function playbook(over: { sev2?: string; sev2Level?: string; pause?: string } = {}): Policy {
  return parsePolicy(
    [
      "name: Backtest playbook",
      "defaults: { severity: sev3, category: general, level: tier1, tier: standard, clock: 24x7 }",
      "severities:",
      "  - { id: sev1, label: Sev 1, firstResponse: 15m, progressUpdate: 1h, resolution: 4h, match: [outage], notify: [manager] }",
      `  - { id: sev2, label: Sev 2, ${over.sev2 ?? "firstResponse: 4h, progressUpdate: 4h, resolution: 8h"}, match: [slow]${over.sev2Level ? `, level: ${over.sev2Level}` : ""} }`,
      "  - { id: sev3, label: Sev 3, firstResponse: 8h, progressUpdate: 1 day, resolution: 2 days }",
      "tiers:",
      "  - { id: standard, label: Standard }",
      "  - { id: enterprise, label: Enterprise }",
      "levels:",
      '  - { id: tier1, label: Tier 1, channels: ["#tier1"], manager: manager }',
      '  - { id: tier2, label: Tier 2, channels: ["#tier2"], manager: manager }',
      "categories:",
      '  - { id: security, label: Security, match: [breach], restricted: true, channels: ["#security"] }',
      "roles:",
      "  manager: { users: [U0MGR] }",
      "paging: { pagerduty: { severities: [sev1] } }",
      `lifecycle: { pauseClocks: [${over.pause ?? "progressUpdate, resolution, levelBudget"}] }`,
    ].join("\n") + "\n",
    "backtest.yml",
  );
}

const OLD = playbook();
const PERIOD = { since: T0 - 24 * H, until: T0 + 30 * 24 * H };
const options = { period: PERIOD, calendarOf: () => null, pagerDutyWasOn: true };

/**
 * An escalation opened at T0 under the old playbook (its row and `opened` event as the bot writes
 * them), then the events `after` at hours after opening.
 */
function history(over: Partial<Escalation> & { choose?: { severity?: string; category?: string } }, after: [number, StoredEvent["kind"], Record<string, unknown>?][] = []): StoredEscalation {
  const { choose, ...row } = over;
  const base = escalationRow({ id: 7, customer: "Acme Corp", tier: "standard", summary: "The app is slow", ...row });
  const d = decide({ text: base.summary, tier: base.tier, ...choose }, OLD, T0);
  const c = d.classification;
  const escalation: Escalation = {
    ...base,
    severity: c.severity,
    suggestedSeverity: c.suggestedSeverity,
    category: c.category,
    suggestedCategory: c.suggestedCategory,
    level: d.route.level,
    channels: d.route.channels,
    restricted: d.route.restricted,
    firstResponseDue: d.deadlines.firstResponse,
    resolutionDue: d.deadlines.resolution,
    ...row,
  };
  let id = 100;
  const opened: StoredEvent = {
    id: id++,
    at: T0,
    kind: "opened",
    detail: { severity: c.severity, suggestedSeverity: c.suggestedSeverity, category: c.category, suggestedCategory: c.suggestedCategory, alsoCategories: c.alsoCategories, level: d.route.level, channels: d.route.channels, notify: d.route.notify, reasons: c.reasons },
  };
  const events = [opened, ...after.map(([h, kind, detail]) => ({ id: id++, at: T0 + h * H, kind, detail: detail ?? {} }) as StoredEvent)];
  const resolved = events.filter((e) => e.kind === "resolved").at(-1);
  if (resolved) Object.assign(escalation, { status: "resolved", resolvedAt: resolved.at });
  else if (events.some((e) => e.kind === "acknowledged")) escalation.status = "acknowledged";
  return { escalation, events, roleDmEventIds: [], pagerDutyTriggers: 0 };
}

describe("backtest replay", () => {
  it("the same playbook changes nothing", () => {
    const s = history({}, [
      [2, "acknowledged"],
      [3, "progress_update"],
      [6, "resolved", { withinSla: true }],
    ]);
    const r = replayEscalation(s, OLD, options);
    expect(r.changes).toEqual([]);
    expect(r.before).toMatchObject({ severity: "sev2", firstResponse: "met", resolution: "met", updateMisses: 0 });
  });

  it("Sev 2 first response 4h → 1h: acknowledged after 2 h becomes a breach gained", () => {
    const s = history({}, [
      [2, "acknowledged"],
      [3, "progress_update"],
      [6, "resolved", { withinSla: true }],
    ]);
    const r = replayEscalation(s, playbook({ sev2: "firstResponse: 1h, progressUpdate: 4h, resolution: 8h" }), options);
    expect(r.before.firstResponse).toBe("met");
    expect(r.after.firstResponse).toBe("missed");
    expect(r.changes).toEqual(["first response breach gained"]);
  });

  it("a resolution breached at 8 h is avoided under a 12 h target", () => {
    const s = history({ breachedAt: T0 + 8 * H }, [
      [1, "acknowledged"],
      [2, "progress_update"],
      [6, "progress_update"],
      [8, "sla_breach", { resolutionDue: T0 + 8 * H, reason: "missed" }],
      [10, "resolved", { withinSla: false }],
    ]);
    const r = replayEscalation(s, playbook({ sev2: "firstResponse: 4h, progressUpdate: 4h, resolution: 12h" }), options);
    expect(r.before.resolution).toBe("missed");
    expect(r.after.resolution).toBe("met");
    expect(r.changes).toContain("resolution breach avoided");
  });

  it("five hours waiting on the customer do not count: resolved 11 h after opening meets 8 h; without the pause it would not", () => {
    const s = history({ pausedMs: 5 * H }, [
      [1, "acknowledged"],
      [2, "paused", { timers: ["resolution"] }],
      [7, "resumed", { pausedMs: 5 * H, how: "customer_replied" }],
      [11, "resolved", { withinSla: true }],
    ]);
    expect(replayEscalation(s, OLD, options).after.resolution).toBe("met");
    const noPause = replayEscalation(s, playbook({ pause: "levelBudget" }), options);
    expect(noPause.after.resolution).toBe("missed");
    expect(noPause.changes).toContain("resolution breach gained");
  });

  it("a route change: Sev 2 starting at Tier 2", () => {
    const s = history({}, [
      [1, "acknowledged"],
      [3, "resolved", { withinSla: true }],
    ]);
    const r = replayEscalation(s, playbook({ sev2Level: "tier2" }), options);
    expect(r.changes).toEqual(["level tier1 → tier2", "channels #tier1 → #tier2"]);
  });

  it("keeps the agent's explicit choice at the form", () => {
    const s = history({ summary: "Question about reports", choose: { severity: "sev1" } }, [
      [0.1, "acknowledged"],
      [0.5, "resolved", { withinSla: true }],
    ]);
    expect(s.escalation.severity).toBe("sev1");
    const r = replayEscalation({ ...s, roleDmEventIds: [100], pagerDutyTriggers: 1 }, OLD, options);
    expect(r.suggestionChanged).toBe(false);
    expect(r.agentChoseSeverity).toBe(true);
    expect(r.after.severity).toBe("sev1");
    expect(r.changes).toEqual([]);
  });

  it("counts pages and manager DMs the new playbook would send against those written", () => {
    const done: [number, StoredEvent["kind"], Record<string, unknown>?][] = [
      [0.1, "acknowledged"],
      [0.5, "resolved", { withinSla: true }],
    ];
    const s = history({ summary: "Slow dashboard", choose: { severity: "sev1" } }, done);
    const stored = { ...s, roleDmEventIds: [100], pagerDutyTriggers: 1 };
    const r = replayEscalation(stored, OLD, options);
    expect(r.before).toMatchObject({ paged: true, managerDms: 1 });
    expect(r.after).toMatchObject({ paged: true, managerDms: 1 });
    // The same escalation, had nobody chosen Sev 1: the new playbook neither pages nor DMs.
    const unchosen = history({ summary: "Slow dashboard" }, done);
    const r2 = replayEscalation({ ...unchosen, roleDmEventIds: [100], pagerDutyTriggers: 1 }, OLD, options);
    expect(r2.after).toMatchObject({ paged: false, managerDms: 0 });
    expect(r2.changes).toEqual(["would not page", "manager DMs 1 → 0"]);
    // With PagerDuty off nothing was really paged: a page the playbook calls for is no change.
    const off = replayEscalation(s, OLD, { ...options, pagerDutyWasOn: false });
    expect(off.before.paged).toBe(false);
    expect(off.after.paged).toBe(true);
    expect(off.changes).toEqual(["manager DMs 0 → 1"]);
  });

  it("progress-update reminders on the new cadence", () => {
    const s = history({}, [
      [1, "acknowledged"],
      [4, "update_reminder", { owner: null, level: "tier1", sinceLastUpdateMs: 4 * H, nextUpdateDue: T0 + 8 * H }],
      [5, "progress_update"],
      [7, "resolved", { withinSla: true }],
    ]);
    expect(replayEscalation(s, OLD, options).before.updateMisses).toBe(1);
    expect(replayEscalation(s, OLD, options).after.updateMisses).toBe(1);
    const hourly = replayEscalation(s, playbook({ sev2: "firstResponse: 4h, progressUpdate: 1h, resolution: 8h" }), options);
    // Due at 1, 2, 3, 4 h before the update at 5 h; then at 6 h before the resolution at 7 h.
    expect(hourly.after.updateMisses).toBe(5);
    expect(hourly.changes).toEqual(["update reminders 1 → 5"]);
  });

  it("a restricted escalation is listed by id and 'restricted' only, never its text", () => {
    const s = history({ summary: "Possible breach of the Secret-Project vault", customer: "Initech" }, [[3, "acknowledged"]]);
    expect(s.escalation.restricted).toBe(true);
    const r = replayEscalation(s, playbook({ sev2: "firstResponse: 1h, progressUpdate: 4h, resolution: 8h" }), options);
    expect(r.customer).toBeNull();
    const tally = new BacktestTally();
    tally.add(replayEscalation(history({}, [[3, "acknowledged"]]), playbook({ sev2: "firstResponse: 1h, progressUpdate: 4h, resolution: 8h" }), options));
    tally.add({ ...r, changes: ["first response breach gained"], weight: 4 });
    const summary = tally.summary();
    expect(summary.mostAffected.map((a) => [a.id, a.customer])).toEqual([
      [7, "Acme Corp"],
      [7, null],
    ]);
    for (const format of ["table", "md", "json"] as const) {
      const text = renderBacktest(summary, { playbook: "P", file: "p.yml", since: PERIOD.since, until: PERIOD.until, zone: "UTC", pagerDutyWasOn: true }, format);
      expect(text).not.toMatch(/Initech|Secret-Project|breach of/);
    }
    expect(renderBacktest(summary, { playbook: "P", file: "p.yml", since: PERIOD.since, until: PERIOD.until, zone: "UTC", pagerDutyWasOn: true }, "table")).toContain("ESC-0007  restricted  (standard)");
  });

  it("tallies by severity and tier and keeps the ten most affected, breaches first", () => {
    const tally = new BacktestTally();
    const faster = playbook({ sev2: "firstResponse: 1h, progressUpdate: 4h, resolution: 8h", sev2Level: "tier2" });
    for (let i = 1; i <= 15; i++) {
      const s = history({ id: i, tier: i % 2 ? "enterprise" : "standard" }, [
        [i % 3 === 0 ? 2 : 0.5, "acknowledged"],
        [3, "resolved", { withinSla: true }],
      ]);
      tally.add(replayEscalation(s, faster, options));
    }
    const s = tally.summary();
    expect(s.replayed).toBe(15);
    expect(s.levels).toEqual({ "tier1 → tier2": 15 });
    expect(s.overall.firstResponse).toEqual({ before: 0, after: 5, gained: 5, avoided: 0 });
    expect(s.byTier.enterprise!.escalations + s.byTier.standard!.escalations).toBe(15);
    expect(s.bySeverity.sev2!.firstResponse.gained).toBe(5);
    expect(s.mostAffected).toHaveLength(10);
    expect(s.mostAffected.slice(0, 5).map((a) => a.id)).toEqual([3, 6, 9, 12, 15]);
    expect(s.mostAffected.slice(5).map((a) => a.id)).toEqual([1, 2, 4, 5, 7]);
  });
});
