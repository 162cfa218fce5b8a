import { describe, expect, it } from "vitest";
import { buildHomeModel, type HomeSnapshot } from "../../src/domain/home.js";
import { buildMetricsReport, type MetricsReport } from "../../src/domain/metrics-report.js";
import type { EscalationRow } from "../../src/db/schema.js";
import { validateView } from "../../src/sandbox/block-kit-rules.js";
import { ACTION, CALLBACK } from "../../src/slack/ids.js";
import { buildHomeView, HOME_MAX_BLOCKS } from "../../src/slack/views/home-view.js";
import { escalationRow, T0 } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";

/** The App Home view: what each row says, escaping, the buttons, Slack's limits. */

const MIN = 60_000;
const now = T0 + 5 * MIN;
const empty: HomeSnapshot<EscalationRow> = { mine: { rows: [], total: 0 }, atRisk: { rows: [], total: 0 }, openBySeverity: {}, restrictedOpen: [], resolved: { rows: [], total: 0 } };
const texts = (blocks: unknown[]) => JSON.stringify(blocks);

const WEEK = 7 * 24 * 60 * MIN;
const noWeek = buildMetricsReport([], { since: T0 - WEEK, until: T0 }, "tier", () => null);

function view(snapshot: Partial<HomeSnapshot<EscalationRow>>, opts: { zone?: string; permalinks?: Map<number, string>; lastWeek?: MetricsReport } = {}) {
  const model = buildHomeModel({ ...empty, ...snapshot }, { viewer: "U0ME", now, policy: fleetPolicy, actors: new Map() });
  return buildHomeView(model, { policy: fleetPolicy, zone: opts.zone ?? "Europe/Berlin", permalinks: opts.permalinks ?? new Map(), lastWeek: opts.lastWeek ?? noWeek });
}

describe("the App Home view", () => {
  it("is a home view with New escalation and Refresh, and says what is empty", () => {
    const home = view({});
    expect(home).toMatchObject({ type: "home", callback_id: CALLBACK.home });
    const actions = home.blocks.find((b) => b.type === "actions") as { elements: { action_id: string; text: { text: string } }[] };
    expect(actions.elements.map((e) => [e.action_id, e.text.text])).toEqual([
      [ACTION.homeNewEscalation, "New escalation"],
      [ACTION.homeRefresh, "Refresh"],
    ]);
    expect(texts(home.blocks)).toContain("Nothing open is owned or acknowledged by you.");
    expect(texts(home.blocks)).toContain("Nothing was resolved in the last 7 days.");
    expect(validateView(home)).toEqual([]);
  });

  it("last week by tier: the weekly review's table for its week, and the report command that prints the same", () => {
    const opened = escalationRow({ id: 3, tier: "enterprise", createdAt: T0 - 2 * WEEK / 7, acknowledgedBy: "U1", acknowledgedAt: T0 - 2 * WEEK / 7 + 10 * MIN });
    const history = { escalation: opened, events: [{ at: opened.acknowledgedAt!, kind: "acknowledged" as const, detail: { afterMs: 10 * MIN, level: "tier2" } }] };
    const lastWeek = buildMetricsReport([history], { since: T0 - WEEK, until: T0 }, "tier", () => null);
    const home = texts(view({}, { zone: "UTC", lastWeek }).blocks);
    expect(home).toContain("Last week by tier");
    expect(home).toMatch(/Enterprise +1 +10 min/);
    expect(home).toContain("escalation-bot report --since 2026-01-08T16:00Z --until 2026-01-15T16:00Z --by tier");
  });

  it("a row: its id linked to the thread, severity, customer (escaped), owner and next deadline in the viewer's zone", () => {
    const esc = escalationRow({ id: 7, ownerId: "U0ME", acknowledgedBy: "U0ME", customer: "Acme <!channel> & Co" });
    const home = view({ mine: { rows: [esc], total: 1 } }, { permalinks: new Map([[7, "https://acme.slack.com/archives/C1/p123"]]) });
    const row = texts(home.blocks);
    expect(row).toContain("<https://acme.slack.com/archives/C1/p123|ESC-0007>");
    expect(row).toContain("Sev 1");
    expect(row).toContain("Acme &lt;!channel&gt; &amp; Co");
    expect(row).not.toContain("<!channel>");
    expect(row).toContain("owner <@U0ME>");
    // T0 is 16:00 UTC: the next update at 17:00 UTC is 18:00 in Berlin.
    expect(row).toContain("next update by today 18:00 CET (in 55 min)");
  });

  it("a late deadline says so; a breach says so; nobody owning it names the level", () => {
    const late = escalationRow({ id: 1, firstResponseDue: now - 3 * MIN });
    const breached = escalationRow({ id: 2, acknowledgedBy: "U1", nextUpdateDue: null, breachedAt: now - MIN, resolutionDue: now - MIN });
    const home = texts(view({ atRisk: { rows: [late, breached], total: 2 } }, { zone: "UTC" }).blocks);
    expect(home).toContain("first response overdue since today 16:02 UTC (3 min ago)");
    expect(home).toContain("unassigned (Tier 2)");
    expect(home).toContain(":rotating_light: *resolution SLA breached*");
  });

  it("stays within Slack's 100 blocks with every list full, and counts the rest", () => {
    const many = (n: number, over: Partial<EscalationRow>) => Array.from({ length: n }, (_, i) => escalationRow({ id: i + 1, ...over }));
    const home = view({
      mine: { rows: many(40, { ownerId: "U0ME" }), total: 40 },
      atRisk: { rows: many(40, { resolutionDue: now + MIN }), total: 300 },
      resolved: { rows: many(40, { status: "resolved", resolvedAt: now - MIN }), total: 40 },
      openBySeverity: { sev1: 300 },
    });
    expect(home.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    expect(texts(home.blocks)).toContain("… and 30 more");
    expect(texts(home.blocks)).toContain("… and 290 more");
    expect(texts(home.blocks)).toContain("… and 35 more");
    expect(texts(home.blocks)).toContain("Open by severity: 300");
    expect(validateView(home)).toEqual([]);
  });
});
