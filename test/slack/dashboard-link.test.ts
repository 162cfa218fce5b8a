import { describe, expect, it } from "vitest";
import { verifyViewerLink, VIEWER_LINK_TTL_MS } from "../../src/dashboard/viewer-link.js";
import { buildHomeModel, type HomeSnapshot } from "../../src/domain/home.js";
import { buildMetricsReport } from "../../src/domain/metrics-report.js";
import type { EscalationRow } from "../../src/db/schema.js";
import { validateView } from "../../src/sandbox/block-kit-rules.js";
import { DashboardLinks } from "../../src/slack/dashboard-links.js";
import { ACTION, CALLBACK } from "../../src/slack/ids.js";
import { dashboardModal } from "../../src/slack/listeners/home.js";
import { buildDashboardLinkModal, buildDashboardUnavailableModal } from "../../src/slack/views/dashboard-link.js";
import { buildHomeView } from "../../src/slack/views/home-view.js";
import { ManualClock } from "../support/clock.js";
import { captureLogs } from "../support/log-capture.js";
import { T0 } from "../support/escalation-row.js";
import { fleetPolicy } from "../support/policy.js";

/** The Dashboard button on App Home, the modal it opens and the links it hands out. */

const KEY = "ab".repeat(32);
const empty: HomeSnapshot<EscalationRow> = { mine: { rows: [], total: 0 }, atRisk: { rows: [], total: 0 }, openBySeverity: {}, restrictedOpen: [], resolved: { rows: [], total: 0 } };

function homeButtons(dashboard: boolean | undefined): string[] {
  const model = buildHomeModel(empty, { viewer: "U0ME", now: T0, policy: fleetPolicy, actors: new Map() });
  const lastWeek = buildMetricsReport([], { since: T0 - 7 * 86_400_000, until: T0 }, "tier", () => null);
  const home = buildHomeView(model, { policy: fleetPolicy, zone: "UTC", permalinks: new Map(), lastWeek, ...(dashboard !== undefined ? { dashboard } : {}) });
  expect(validateView(home)).toEqual([]);
  const actions = home.blocks.find((b) => b.type === "actions") as { elements: { action_id: string }[] };
  return actions.elements.map((e) => e.action_id);
}

describe("the Dashboard button", () => {
  it("is on the Home beside New escalation and Refresh only when the bot knows its address", () => {
    expect(homeButtons(true)).toEqual([ACTION.homeNewEscalation, ACTION.homeRefresh, ACTION.homeDashboard]);
    expect(homeButtons(false)).toEqual([ACTION.homeNewEscalation, ACTION.homeRefresh]);
    expect(homeButtons(undefined)).toEqual([ACTION.homeNewEscalation, ACTION.homeRefresh]);
  });
});

describe("DashboardLinks", () => {
  it("makes a link at the address, for the person, that works for 15 minutes of the clock", () => {
    const clock = new ManualClock(T0);
    const links = new DashboardLinks({ key: KEY, clock, publicUrl: () => "https://esc.example.com" });
    const link = links.linkFor("U0MIKE");
    if (link.kind !== "link") throw new Error(`no link: ${link.kind}`);
    expect(link.expiresAt).toBe(T0 + VIEWER_LINK_TTL_MS);
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe("https://esc.example.com/dashboard");
    const token = url.searchParams.get("link")!;
    expect(verifyViewerLink(token, KEY, T0)).toEqual({ ok: true, userId: "U0MIKE", expiresAt: T0 + VIEWER_LINK_TTL_MS });
    expect(verifyViewerLink(token, KEY, T0 + VIEWER_LINK_TTL_MS - 1).ok).toBe(true);
    expect(verifyViewerLink(token, KEY, T0 + VIEWER_LINK_TTL_MS)).toEqual({ ok: false, reason: "expired" });
    // Made later, it lasts from then.
    clock.advance(60_000);
    const later = links.linkFor("U0MIKE");
    expect(later.kind === "link" && later.expiresAt).toBe(T0 + 60_000 + VIEWER_LINK_TTL_MS);
  });

  it("reads the address at each click; none known, no link; nobody Slack could name, no link", () => {
    let address: string | undefined;
    const links = new DashboardLinks({ key: KEY, clock: new ManualClock(T0), publicUrl: () => address });
    expect(links.linkFor("U0MIKE")).toEqual({ kind: "no_address" });
    address = "http://localhost:3000";
    expect(links.linkFor("U0MIKE").kind).toBe("link");
    expect(links.linkFor("not-a-user")).toEqual({ kind: "not_a_user" });
  });
});

describe("the Dashboard modal", () => {
  it("has Open the dashboard as a link button and says the link is the person's own, for 15 minutes", () => {
    const modal = buildDashboardLinkModal({ url: "https://esc.example.com/dashboard?link=U0MIKE.1.abc", expiresAt: T0 + VIEWER_LINK_TTL_MS });
    expect(modal).toMatchObject({ type: "modal", callback_id: CALLBACK.dashboardLink, title: { text: "Dashboard" } });
    expect(modal.submit).toBeUndefined();
    expect(validateView(modal)).toEqual([]);
    const text = JSON.stringify(modal.blocks);
    expect(text).toContain("works for 15 minutes");
    expect(text).toContain("only for you");
    const actions = modal.blocks.find((b) => b.type === "actions") as { elements: unknown[] };
    expect(actions.elements).toEqual([
      { type: "button", action_id: ACTION.openDashboard, text: { type: "plain_text", text: "Open the dashboard" }, url: "https://esc.example.com/dashboard?link=U0MIKE.1.abc", style: "primary" },
    ]);
  });

  it("without an address says what to set; a click from nobody Slack names opens nothing and is logged", () => {
    const log = captureLogs("info");
    expect(dashboardModal(undefined, log.logger, "U0MIKE")).toEqual(buildDashboardUnavailableModal());
    expect(JSON.stringify(buildDashboardUnavailableModal().blocks)).toContain("PUBLIC_URL");
    expect(validateView(buildDashboardUnavailableModal())).toEqual([]);
    const links = new DashboardLinks({ key: KEY, clock: new ManualClock(T0), publicUrl: () => "https://esc.example.com" });
    expect(dashboardModal(links, log.logger, "nobody")).toBeUndefined();
    expect(log.lines.join("\n")).toMatch(/home\.dashboard .*outcome=no_address/);
    expect(log.lines.join("\n")).toMatch(/home\.dashboard .*outcome=not_a_user/);
  });
});
