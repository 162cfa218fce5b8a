import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatElapsed } from "../../src/domain/duration.js";
import { manager } from "../support/actors.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, launch, step } from "./browser.js";

/**
 * The dashboard over six weeks of history, in real Chromium: about forty escalations opened through
 * the Bolt app (the modal's submission, signed, over HTTP) at their times on the injected clock,
 * acknowledged, updated and resolved through the escalation service after varying delays, the
 * scheduler's tick run after each step so that missed first responses, reminders, breaches and
 * level escalations are recorded as they would be. The token holder signs in with the login link
 * and sees the weekly figures this history gives (computed here from the history, not read back
 * from the bot), charts that read true (bars from zero, drawn whole, weeks marked as the tables name
 * them, a legend of names), the restricted escalation only as a count, and axe finds nothing serious.
 *
 * DASHBOARD_SCREENSHOT=/path.png saves a full-page screenshot of this page.
 */

const run = browserAvailable() ? describe : describe.skip;

const ZONE = "America/Los_Angeles";
const TOKEN = "history-dashboard-token-0123456789";
/** Monday 19 October 2026, 00:00 in the playbook's zone: the first day of the history. */
const FIRST_DAY = DateTime.fromISO("2026-10-19T00:00", { zone: ZONE });
/** Monday 30 November 2026, noon: when the dashboard is looked at. */
const NOW = FIRST_DAY.plus({ days: 42, hours: 12 });
const PERIOD_QUERY = "since=2026-10-19&bucket=week";

type Sev = "sev1" | "sev2" | "sev3" | "sev4";
type Tier = "enterprise" | "standard" | "trial";

interface Seed {
  /** Days after Monday 19 October, and the local time it was opened. */
  day: number;
  at: string;
  severity: Sev;
  tier: Tier;
  category: string;
  customer: string;
  summary: string;
  /** Minutes after opening; absent: not yet. */
  ack?: number;
  resolve?: number;
}

const s = (day: number, at: string, severity: Sev, tier: Tier, category: string, customer: string, summary: string, ack?: number, resolve?: number): Seed => ({
  day,
  at,
  severity,
  tier,
  category,
  customer,
  summary,
  ...(ack !== undefined ? { ack } : {}),
  ...(resolve !== undefined ? { resolve } : {}),
});

const ACME = "Acme Logistics";
const GLOBEX = "Globex Freight";
const RESTRICTED_CUSTOMER = "Hooli Transport";
const RESTRICTED_SUMMARY = "Suspicious login to a dispatcher account";

/** Six weeks of escalations, oldest first. Two repeat customers (Acme 5, Globex 4), one security incident. */
const HISTORY: Seed[] = [
  // Week of 19 October
  s(0, "09:20", "sev3", "standard", "bug", ACME, "Photo uploads fail with error 503", 75, 1500),
  s(0, "14:05", "sev4", "trial", "feature-request", "Initech Haulage", "Feature request: export inspections to CSV", 300, 4320),
  s(1, "03:40", "sev1", "enterprise", "outage", GLOBEX, "Dispatch console is down for everyone", 6, 190),
  s(2, "11:30", "sev2", "enterprise", "bug", "Umbrella Couriers", "Route planner crashes when adding a stop", 50, 400),
  s(3, "16:45", "sev3", "trial", "general", "Stark Movers", "Question about driver roster import limits", 200, 2900),
  s(4, "10:10", "sev3", "standard", "billing", "Wayne Fleet Services", "Charged twice for October seats", 95, 1440),
  // Week of 26 October
  s(7, "08:15", "sev2", "standard", "bug", "Soylent Trucking", "Fuel report shows wrong totals after a sync error", 140, 700),
  s(8, "13:00", "sev3", "enterprise", "bug", ACME, "Inspection checklist fails to save on iPad", 40, 1800),
  s(9, "22:30", "sev1", "standard", "data-loss", "Vandelay Imports", "Trips are missing from the trip history", 12, 300),
  s(10, "09:45", "sev4", "standard", "feature-request", "Wonka Deliveries", "Feature request: dark mode for night drivers", 600, 7200),
  s(11, "15:20", "sev2", "enterprise", "churn-risk", "Tyrell Transport", "Customer threatens to cancel the contract over sync delays", 25, 900),
  s(12, "10:00", "sev3", "standard", "bug", "Cyberdyne Shipping", "Map tiles fail to load offline", 180, 2600),
  // Week of 2 November
  s(14, "07:30", "sev3", "standard", "bug", GLOBEX, "Driver sign-off screen shows an error", 130, 2000),
  s(15, "02:10", "sev1", "enterprise", "outage", "Oceanic Lines", "Login is down for all users", 7, 150),
  s(15, "10:40", "sev2", "trial", "bug", "Massive Dynamic Fleet", "Telematics sync fails for half the vans", 170, 600),
  s(16, "14:00", "sev1", "standard", "data-loss", ACME, "Trips were lost after the update", 14, 420),
  s(17, "19:30", "sev1", "trial", "outage", "Pied Piper Vans", "Backend is down and nobody can log in", 45, 240),
  s(18, "11:00", "sev4", "enterprise", "general", "Dunder Mifflin Paper", "Question about report scheduling", 240, 5000),
  s(18, "15:30", "sev3", "trial", "billing", "Prestige Worldwide", "Invoice is wrong for the trial period", 300, 3000),
  // Week of 9 November
  s(21, "09:00", "sev3", "standard", "bug", "Bluth Company", "Photo annotations fail to sync", 60, 1500),
  s(22, "10:30", "sev3", "enterprise", "bug", ACME, "Vehicle list shows an error after filtering", 150, 2200),
  s(23, "13:15", "sev2", "standard", "bug", "Gekko Haulers", "Dispatch board crashes on refresh", 95, 520),
  s(24, "08:45", "sev3", "trial", "general", "Monarch Freight", "Question about exporting driver hours", 270, 4000),
  s(25, "12:00", "sev4", "standard", "feature-request", "Nakatomi Trading", "Feature request: bulk edit of vehicles", 900),
  s(26, "21:10", "sev1", "enterprise", "outage", "Rekall Rentals", "App is down for all customers", 18, 200),
  // Week of 16 November
  s(28, "09:30", "sev2", "enterprise", "churn-risk", GLOBEX, "Customer will not renew the contract unless sync is fixed", 35, 1300),
  s(29, "11:15", "sev3", "standard", "bug", "Sirius Cybernetics", "Trip timeline fails to load for long trips", 420, 3600),
  s(30, "16:00", "sev2", "trial", "bug", "Weyland Haul", "Photo uploads fail on cellular", 300),
  s(31, "03:20", "sev1", "standard", "data-loss", "Aperture Carriers", "Corrupted trip records after the migration", 11, 330),
  s(32, "10:00", "sev4", "trial", "feature-request", "Krusty Catering", "Feature request: Spanish translations", 1600, 9000),
  s(32, "14:30", "sev3", "enterprise", "billing", "Duff Distribution", "Disputed invoice for extra vehicles", 100, 2500),
  // Week of 23 November (Thursday 26th is a holiday on the Tier 2 hours)
  s(35, "08:00", "sev2", "standard", "bug", ACME, "Route export fails with an error", 60, 480),
  s(36, "13:40", "sev3", "standard", "general", "Los Pollos Logistics", "Question about API rate limits", 200, 1900),
  s(37, "01:15", "sev1", "enterprise", "security", RESTRICTED_CUSTOMER, RESTRICTED_SUMMARY, 20),
  s(38, "10:00", "sev3", "trial", "bug", "Planet Express", "Fuel card import crashes", 1500),
  s(39, "17:20", "sev2", "enterprise", "bug", "Virtucon", "Driver app fails to start after the update", 70, 600),
  s(40, "09:00", "sev4", "standard", "general", "Spacely Sprockets", "Question about user roles"),
  // Monday 30 November, this morning
  s(42, "06:30", "sev2", "standard", "bug", GLOBEX, "Inspection photos fail to upload again", 45),
  s(42, "08:10", "sev3", "enterprise", "bug", "Cogswell Cogs", "Reports show an error for last month"),
  s(42, "10:05", "sev1", "trial", "outage", "Zorg Industries", "Service is down for everyone", 15),
];

const openedAt = (e: Seed) => FIRST_DAY.plus({ days: e.day }).set({ hour: Number(e.at.slice(0, 2)), minute: Number(e.at.slice(3)) });
const MIN = 60_000;
const PEOPLE = [
  { id: "U0MIKE", name: "mike", realName: "Mike Weber" },
  { id: "U0DANA", name: "dana", realName: "Dana Ortiz" },
  { id: "U0PRIYA", name: "priya", realName: "Priya Natarajan" },
];

/** Opens, acknowledgements and resolutions in the order they happened, each at its time on the clock. */
async function liveThrough(h: Harness): Promise<void> {
  type Step = { at: number; order: number; run: () => Promise<void>; tick?: false };
  const steps: Step[] = [];
  HISTORY.forEach((e, i) => {
    const id = i + 1; // opened in this order on a fresh database
    const at = openedAt(e).toMillis();
    const who = manager(PEOPLE[i % PEOPLE.length]!.id);
    steps.push({
      at,
      order: 0,
      run: async () => {
        const reply = await h.slack.interaction(
          escalationSubmission({ customer: e.customer, tier: e.tier, severity: e.severity, category: e.category, summary: e.summary, impact: "Drivers and dispatchers affected" }, { userId: "U0AGENT" }),
        );
        expect(reply.status).toBe(200);
      },
    });
    if (e.ack !== undefined) steps.push({ at: at + e.ack * MIN, order: 1, run: async () => void expect((await h.bot.escalations.acknowledge(id, who)).kind).toBe("acknowledged") });
    // The owner's progress updates: half an hour after taking it on, and midway through a long one.
    const end = e.resolve ?? (NOW.toMillis() - at) / MIN;
    if (e.ack !== undefined) {
      for (const after of [e.ack + 30, ...(end - e.ack > 600 ? [Math.round((e.ack + end) / 2)] : [])]) {
        if (after < end) steps.push({ at: at + after * MIN, order: 1, tick: false, run: async () => void expect((await h.bot.escalations.postUpdate(id, who, { status: "Investigating", done: "Reproduced it and found the cause", customerVisible: false })).kind).toBe("done") });
      }
    }
    if (e.resolve !== undefined)
      steps.push({
        at: at + e.resolve * MIN,
        order: 2,
        run: async () => void expect((await h.bot.escalations.resolve(id, who, { resolution: "Fixed and confirmed with the customer", rootCause: "A regression in the last release" })).kind).toBe("resolved"),
      });
  });
  steps.sort((a, b) => a.at - b.at || a.order - b.order);
  expect(steps.at(-1)!.at).toBeLessThan(NOW.toMillis());
  for (const st of steps) {
    h.clock.set(new Date(st.at).toISOString());
    await st.run();
    // The scheduler's pass at that moment: reminders, missed first responses, breaches, escalations
    // (an update makes nothing due: the next step's pass is soon enough).
    if (st.tick !== false) await h.bot.clocks.tick();
  }
  h.clock.set(NOW.toUTC().toISO()!);
  await h.bot.clocks.tick();
  await h.bot.deliverer.drain();
}

// What the history says the dashboard must show, computed from HISTORY alone.

const weekOf = (e: Seed) => openedAt(e).startOf("week").toFormat("yyyy-LL-dd");
const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
/** Sev 1 runs around the clock, so its time to acknowledge is the minutes between the two. */
const sev1MttaOfWeek = (monday: string) => formatElapsed(mean(HISTORY.filter((e) => e.severity === "sev1" && weekOf(e) === monday && e.ack !== undefined).map((e) => e.ack! * MIN)));
/** Sev 1's first-response target: 15 minutes, halved for Enterprise, doubled for Trial (the playbook's tiers). */
const sev1FirstResponseMin = (tier: Tier) => 15 * { enterprise: 0.5, standard: 1, trial: 2 }[tier];

/** Every cell of a table: row header → column → text. */
async function tableOf(page: Page, id: string): Promise<Map<string, Map<string, string>>> {
  const rows = await page.evaluate<[string, string[], string[]][]>(`(() => {
    const table = document.querySelector("#table-${id}");
    const columns = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
    return [...table.querySelectorAll("tbody tr")].map((tr) => [tr.querySelector("th").textContent, columns.slice(1), [...tr.querySelectorAll("td")].map((td) => td.textContent)]);
  })()`);
  return new Map(rows.map(([header, columns, cells]) => [header, new Map(columns.map((c, i) => [c, cells[i]!]))]));
}

/** Pixels of the chart's canvas in its first series' colour (#1f5fbf, as bars are filled, or a line): data drawn, not axes and grid. */
const seriesInk = (page: Page, chart: string) =>
  page.evaluate<number>(`(() => {
    const canvas = document.querySelector("#chart-${chart} canvas");
    if (!canvas) return 0;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 100 && Math.abs(data[i] - 0x1f) < 24 && Math.abs(data[i + 1] - 0x5f) < 24 && Math.abs(data[i + 2] - 0xbf) < 24) n++;
    }
    return n;
  })()`);

/** The bars drawn on the chart's canvas, left to right: each a run of columns in the series' colour, its width and height in pixels. */
const barsOn = (page: Page, chart: string) =>
  page.evaluate<{ width: number; height: number }[]>(`(() => {
    const canvas = document.querySelector("#chart-${chart} canvas");
    const { width, height } = canvas;
    const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    const blue = (x, y) => {
      const i = (y * width + x) * 4;
      return data[i + 3] > 100 && Math.abs(data[i] - 0x1f) < 24 && Math.abs(data[i + 1] - 0x5f) < 24 && Math.abs(data[i + 2] - 0xbf) < 24;
    };
    const columnHeight = (x) => { let n = 0; for (let y = 0; y < height; y++) if (blue(x, y)) n++; return n; };
    const bars = [];
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const inBar = x < width && columnHeight(x) > 2;
      if (inBar && start < 0) start = x;
      if (!inBar && start >= 0) {
        bars.push({ width: x - start, height: columnHeight(Math.floor((start + x) / 2)) });
        start = -1;
      }
    }
    return bars;
  })()`);

run("the dashboard over six weeks of history", () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startHarness({ env: { DASHBOARD_TOKEN: TOKEN } });
    for (const p of PEOPLE) h.fake.addUser({ ...p, tz: ZONE });
    browser = await launch();
    await liveThrough(h);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it("the token holder sees the history's figures, charts drawn from them, the security incident as a count, and nothing axe minds", async () => {
    // The bot stored what was chosen: the figures below are computed from HISTORY on that ground.
    for (const [i, e] of HISTORY.entries()) {
      const row = await h.bot.escalations.get(i + 1);
      expect({ customer: row?.customer, severity: row?.severity, tier: row?.tier, category: row?.category }, `ESC ${i + 1}`).toEqual({ customer: e.customer, severity: e.severity, tier: e.tier, category: e.category });
      expect(row?.restricted).toBe(e.category === "security");
    }

    const context = await browser.newContext({ ...AXE_CONTEXT_OPTIONS, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (err) => {
      throw err;
    });
    await step(page, "sign in with the token's login link", async () => {
      await page.goto(`${h.baseUrl}/dashboard/login?token=${TOKEN}`);
      await page.waitForURL(`${h.baseUrl}/dashboard`);
      await page.goto(`${h.baseUrl}/dashboard?${PERIOD_QUERY}`);
      await page.waitForSelector("body[data-loaded]");
      expect(await page.locator("#status").textContent()).toContain("Showing 2026-10-19 00:00 to 2026-11-30 12:00 (by week)");
    });

    await step(page, "the volume chart draws a bar a week, as many as the table says", async () => {
      await page.locator("#chart-volume canvas").waitFor();
      expect(await seriesInk(page, "volume")).toBeGreaterThan(2000);
      expect(await seriesInk(page, "mtta-severity")).toBeGreaterThan(50);
      const volume = await tableOf(page, "volume-table");
      const weeks = [...new Set(HISTORY.map(weekOf))];
      expect(weeks).toHaveLength(7);
      for (const monday of weeks) {
        const label = DateTime.fromISO(monday, { zone: ZONE }).setLocale("en-GB").toFormat("ccc d LLL yyyy");
        const opened = HISTORY.filter((e) => weekOf(e) === monday);
        expect(volume.get(label)?.get("opened"), label).toBe(String(opened.length));
        expect(volume.get(label)?.get("Sev 1 · Critical"), label).toBe(String(opened.filter((e) => e.severity === "sev1").length));
      }
    });

    await step(page, "the charts read true: bars from zero and whole, weeks marked as the tables name them, a legend of names only, tables that fit beside them", async () => {
      const weeks = [...new Set(HISTORY.map(weekOf))];
      const counts = weeks.map((monday) => HISTORY.filter((e) => weekOf(e) === monday).length);
      const bars = await barsOn(page, "volume");
      expect.soft(bars).toHaveLength(weeks.length);
      // Every bar drawn whole: none cut in half at the chart's edges.
      const widest = Math.max(...bars.map((b) => b.width));
      for (const b of bars) expect.soft(b.width).toBeGreaterThanOrEqual(widest - 2);
      // A bar's height is its count: the y axis starts at zero.
      const tallest = Math.max(...bars.map((b) => b.height));
      const most = Math.max(...counts);
      bars.forEach((b, i) => expect.soft(Math.abs(b.height / tallest - counts[i]! / most), `the bar of the week of ${weeks[i]}`).toBeLessThan(0.04));
      const ticks = weeks.map((monday) => DateTime.fromISO(monday, { zone: ZONE }).setLocale("en-GB").toFormat("d LLL")).join("|");
      for (const chart of ["volume", "mtta-severity", "sla-tier"]) expect.soft(await page.locator(`#chart-${chart}`).getAttribute("data-x-ticks"), chart).toBe(ticks);
      // The legend names the series; it shows no "--" for values nobody pointed at, nor the x axis as a series.
      expect.soft(await page.locator("#chart-volume .u-legend .u-series").allInnerTexts()).toEqual(["opened"]);
      expect.soft(await page.locator("#charts .u-legend .u-value").count()).toBe(0);
      expect.soft(await page.locator("#chart-mtta-severity .u-legend .u-series").allInnerTexts()).toEqual(["Sev 1 · Critical", "Sev 2 · High", "Sev 3 · Medium", "Sev 4 · Low"]);
      // Seven weeks by four severities fit beside the chart at 1280 px: nothing hidden behind a scroll bar.
      const overflowing = await page.evaluate<string[]>(`[...document.querySelectorAll("#charts .table-wrap")].filter((w) => w.scrollHeight > w.clientHeight + 1 || w.scrollWidth > w.clientWidth + 1).map((w) => w.getAttribute("aria-label"))`);
      expect.soft(overflowing).toEqual([]);
      expect.soft(await page.locator("#table-mtta-severity-table thead th").first().textContent()).toBe("Week of");
    });

    await step(page, "MTTA by severity is the history's: Sev 1 in the week of 2 November, Sev 3 in the week of 9 November", async () => {
      const mtta = await tableOf(page, "mtta-severity-table");
      expect(sev1MttaOfWeek("2026-11-02")).toBe("22 min"); // (7 + 14 + 45) / 3
      expect(mtta.get("Mon 2 Nov 2026")?.get("Sev 1 · Critical")).toBe(sev1MttaOfWeek("2026-11-02"));
      expect(mtta.get("Mon 19 Oct 2026")?.get("Sev 1 · Critical")).toBe(sev1MttaOfWeek("2026-10-19"));
      // Sev 3 runs on Tier 2 hours; that week every one was opened and acknowledged within one working day's hours.
      const sev3 = HISTORY.filter((e) => e.severity === "sev3" && weekOf(e) === "2026-11-09");
      for (const e of sev3) {
        const open = openedAt(e);
        const ack = open.plus({ minutes: e.ack! });
        expect(open.weekday <= 5 && open.hour >= 6 && ack.hasSame(open, "day") && ack.hour < 20, `${e.customer} within Tier 2 hours`).toBe(true);
      }
      expect(mtta.get("Mon 9 Nov 2026")?.get("Sev 3 · Medium")).toBe(formatElapsed(mean(sev3.map((e) => e.ack! * MIN))));
      // A week with no Sev 4 acknowledged says so.
      expect(mtta.get("Mon 30 Nov 2026")?.get("Sev 4 · Low")).toBe("—");
    });

    await step(page, "the period's Sev 1 row: every acknowledgement, and first responses met by the tier's target", async () => {
      const period = await tableOf(page, "by-severity");
      const sev1 = HISTORY.filter((e) => e.severity === "sev1");
      const acked = sev1.filter((e) => e.ack !== undefined);
      const met = sev1.filter((e) => e.ack !== undefined && e.ack <= sev1FirstResponseMin(e.tier)).length;
      expect(period.get("Sev 1 · Critical")?.get("opened")).toBe(String(sev1.length));
      expect(period.get("Sev 1 · Critical")?.get("MTTA")).toBe(formatElapsed(mean(acked.map((e) => e.ack! * MIN))));
      expect(period.get("Sev 1 · Critical")?.get("first response")).toBe(`${Math.round((met / sev1.length) * 100)}% (${met}/${sev1.length})`);
      expect(period.get("all")?.get("opened")).toBe(String(HISTORY.length));
    });

    await step(page, "repeat customers, and the security incident only as a count to the token holder", async () => {
      const repeat = await tableOf(page, "repeat-customers");
      expect([...repeat.keys()].sort()).toEqual([ACME, GLOBEX]);
      expect(repeat.get(ACME)?.get("opened")).toBe(String(HISTORY.filter((e) => e.customer === ACME).length));
      expect(repeat.get(GLOBEX)?.get("opened")).toBe(String(HISTORY.filter((e) => e.customer === GLOBEX).length));
      expect((await tableOf(page, "top-customers")).get("Restricted")?.get("opened")).toBe("1");
      const open = await tableOf(page, "open");
      expect(open.get("Restricted")?.get("Severity")).toMatch(/^1 restricted escalation: /);
      // Every other open escalation is listed.
      expect(open.size).toBe(HISTORY.filter((e) => e.resolve === undefined).length);
      const text = await page.locator("body").innerText();
      expect(text).not.toContain(RESTRICTED_CUSTOMER);
      expect(text).not.toContain(RESTRICTED_SUMMARY);
      const csv = await page.evaluate<string>(`fetch("/dashboard/export.csv?${PERIOD_QUERY}").then((r) => r.text())`);
      expect(csv).toContain("1 restricted escalation");
      expect(csv).not.toContain(RESTRICTED_CUSTOMER);
      expect(csv).not.toContain(RESTRICTED_SUMMARY);
    });

    await step(page, "by day, the x axis is marked every few days, at midnight, each day named once", async () => {
      await page.selectOption("#f-bucket", "day");
      await page.waitForFunction(`document.querySelector("#status").textContent.includes("by day")`);
      const ticks = (await page.locator("#chart-volume").getAttribute("data-x-ticks"))!.split("|");
      expect(ticks.length).toBeGreaterThanOrEqual(4);
      expect(ticks.length).toBeLessThanOrEqual(12);
      expect(new Set(ticks).size).toBe(ticks.length);
      for (const t of ticks) expect(t).toMatch(/^\d{1,2} (Oct|Nov)$/);
      expect((await tableOf(page, "volume-table")).size).toBe(43); // 19 October to 30 November
      await page.selectOption("#f-bucket", "week");
      await page.waitForFunction(`document.querySelector("#status").textContent.includes("by week")`);
    });

    await step(page, "axe finds nothing serious", async () => {
      await expectNoBlockingViolations(page, "on the dashboard with six weeks of history");
    });

    const shot = process.env.DASHBOARD_SCREENSHOT;
    if (shot) {
      mkdirSync(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
    }
    await context.close();
  }, 60_000);
});
