import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.js";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, launch, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * The dashboard in real Chromium: opened from the sandbox page's header, its charts drawn (pixels
 * on a canvas), its open list updated live when someone escalates, its CSV equal to its tables,
 * its filters worked from the keyboard, axe finding nothing serious; and, outside the sandbox,
 * refused without the token and opened by the login link. The dashboard over weeks of history (and
 * its screenshot) is dashboard-history.test.ts.
 */

const run = browserAvailable() ? describe : describe.skip;
const { windowAs } = sandboxInBrowser();

/** Every table cell the page shows, as the CSV lines it should be: caption, row header, column, value. */
async function tableCells(page: Page): Promise<string[][]> {
  return page.evaluate<string[][]>(`(() => {
    const out = [];
    for (const table of document.querySelectorAll("table[data-table]")) {
      const caption = table.querySelector("caption").textContent;
      const columns = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
      for (const tr of table.querySelectorAll("tbody tr")) {
        const header = tr.querySelector("th").textContent;
        [...tr.querySelectorAll("td")].forEach((td, i) => out.push([caption, header, columns[i + 1], td.textContent]));
      }
    }
    return out;
  })()`);
}

/** RFC 4180 as the dashboard writes it; a neutralised cell's leading quote taken off, as a spreadsheet shows it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r") continue;
    else if (c === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += c;
  }
  return rows.map((r) => r.map((v) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v)));
}

/** Non-transparent pixels on the chart's canvas. */
const inkOn = (page: Page, chart: string) =>
  page.evaluate<number>(`(() => {
    const canvas = document.querySelector("#chart-${chart} canvas");
    if (!canvas) return 0;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  })()`);

run("the dashboard in the sandbox", () => {
  it("opens from the header, draws its charts, lists escalations live, downloads what it shows and filters from the keyboard", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "escalate one", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Fuel reports load slowly for the <b>dispatch</b> team", "Initech <script>alert(1)</script>");
    });

    const dash = await windowAs("U0SARAH", AXE_CONTEXT_OPTIONS);
    await step(dash, "the header's Dashboard link opens it, as the person the page acts as", async () => {
      const link = dash.locator("#dashboard-link");
      expect(await link.textContent()).toBe("Dashboard");
      await link.click();
      await dash.waitForURL(/\/dashboard\?/);
      await dash.waitForSelector("body[data-loaded]");
      expect(dash.url()).toContain("as=U0SARAH");
      await dash.locator("#table-open tbody tr", { hasText: "Initech" }).waitFor();
      // Typed markup is text: the customer's name is shown as written, never run.
      expect(await dash.locator("#table-open script").count()).toBe(0);
      expect(await dash.locator("#table-open").textContent()).toContain("Initech <script>alert(1)</script>");
    });

    await step(dash, "the charts are drawn, each beside its table", async () => {
      await dash.locator("#chart-volume canvas").waitFor();
      expect(await inkOn(dash, "volume")).toBeGreaterThan(100);
      expect(await inkOn(dash, "mtta-severity")).toBeGreaterThan(100);
      expect(await dash.locator("#h-volume + .chart-pair table caption").textContent()).toMatch(/Escalations opened per day/);
    });

    await step(dash, "the open list updates without a reload when someone escalates", async () => {
      await dash.evaluate("window.__sameDocument = true");
      await escalateFromComposer(sarah, "/escalate Trip exports time out for everyone", "Globex");
      await dash.locator("#table-open tbody tr", { hasText: "Globex" }).waitFor({ timeout: 15_000 });
      expect(await dash.evaluate("window.__sameDocument")).toBe(true);
    });

    await step(dash, "the CSV downloaded is exactly what the tables show", async () => {
      // A fresh load, so the live list and the figures are read at one moment.
      await dash.selectOption("#f-bucket", "week");
      await dash.waitForFunction(`new URL(location.href).searchParams.get("bucket") === "week" && document.querySelector("#status").textContent.includes("by week")`);
      const [download] = await Promise.all([dash.waitForEvent("download"), dash.click("#csv")]);
      const path = await download.path();
      const text = (await import("node:fs")).readFileSync(path!, "utf8");
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(["table", "row", "column", "value"]);
      expect(rows).toEqual(await tableCells(dash));
      expect(rows.some((r) => r[3] === "Globex")).toBe(true);
    });

    await step(dash, "the filters work from the keyboard and say so in the URL", async () => {
      await dash.focus("#f-bucket");
      await dash.keyboard.press("Tab");
      expect(await dash.evaluate("document.activeElement.id")).toBe("f-severity");
      await dash.keyboard.press("ArrowDown");
      await dash.waitForFunction(`new URL(location.href).searchParams.get("severity") !== null`);
      const severity = await dash.evaluate<string>(`new URL(location.href).searchParams.get("severity")`);
      await dash.waitForFunction(`document.querySelector("#csv").href.includes("severity=${severity}")`);
      await dash.waitForFunction(`[...document.querySelectorAll("#table-by-severity tbody th")].length <= 2`);
      // Back to every severity, and Enter applies the form as well.
      await dash.keyboard.press("ArrowUp");
      await dash.waitForFunction(`new URL(location.href).searchParams.get("severity") === null`);
      await dash.keyboard.press("Enter");
      await dash.locator("#table-open tbody tr", { hasText: "Globex" }).waitFor();
    });

    await step(dash, "axe finds nothing serious", async () => {
      await expectNoBlockingViolations(dash, "on the dashboard");
    });
  }, 120_000);
});

run("the dashboard outside the sandbox", () => {
  let h: Harness;
  let browser: Awaited<ReturnType<typeof launch>>;
  beforeAll(async () => {
    h = await startHarness({ env: { DASHBOARD_TOKEN: "browser-dashboard-token-0123456789" } });
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it("refuses a browser without the token, and the login link lets it in (the Strict cookie survives the way there)", async () => {
    const context = await browser.newContext(AXE_CONTEXT_OPTIONS);
    const page = await context.newPage();
    const refused = await page.goto(`${h.baseUrl}/dashboard`);
    expect(refused?.status()).toBe(401);
    expect(await page.locator("h1").textContent()).toMatch(/needs you to sign in/);
    await expectNoBlockingViolations(page, "on the dashboard's refusal");
    await page.goto(`${h.baseUrl}/dashboard/login?token=browser-dashboard-token-0123456789`);
    await page.waitForURL(`${h.baseUrl}/dashboard`);
    await page.waitForSelector("body[data-loaded]");
    expect(await page.locator("h1").textContent()).toBe("Escalations dashboard");
    await context.close();
  }, 60_000);
});
