import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, expectText, sandboxInBrowser, step } from "./browser.js";

/**
 * App Home's Dashboard button in the sandbox page: the sandbox's bot knows its own address (the
 * page's), so the Home offers it; pressing it (from the keyboard) opens a modal whose "Open the
 * dashboard" is a real link to `<the page's address>/dashboard?link=…`, made for the person the
 * page acts as, reachable with Tab, opening the dashboard on that person's view in a new tab; axe
 * finds nothing serious.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("the Dashboard button in the sandbox page", () => {
  it("opens a modal with the person's own link to the dashboard, as a link", async () => {
    const priya = await windowAs("U0PRIYA", AXE_CONTEXT_OPTIONS);
    const origin = new URL(priya.url()).origin;
    const home = priya.locator("#home-body");
    const dashboard = home.getByRole("button", { name: "Dashboard" });

    await step(priya, "the Home tab offers Dashboard beside New escalation and Refresh", async () => {
      await priya.locator(".nav-item", { hasText: "Escalation Bot" }).click();
      await priya.getByRole("tab", { name: "Home" }).click();
      await expectText(home, /Open by severity/);
      await dashboard.waitFor();
      const buttons = await home.locator(".bk-actions").first().getByRole("button").allTextContents();
      expect(buttons.map((b) => b.trim())).toEqual(["New escalation", "Refresh", "Dashboard"]);
    });

    const modal = priya.locator("#modal");
    const link = priya.locator("#modal-body").getByRole("link", { name: "Open the dashboard" });
    await step(priya, "Enter on Dashboard opens the modal with Open the dashboard as a link to this page's /dashboard", async () => {
      await dashboard.focus();
      await priya.keyboard.press("Enter");
      await priya.waitForSelector("#modal:not([hidden])");
      await expectText(priya.locator("#modal-title"), "Dashboard");
      await expectText(modal, /works for 15 minutes/);
      await expectText(modal, /only for you/);
      // When it stops working, as a time Slack shows in the reader's zone.
      await expectText(modal, /until \d{1,2}:\d\d/);
      const href = (await link.getAttribute("href"))!;
      expect(href.startsWith(`${origin}/dashboard?link=`)).toBe(true);
      // Made for the person the page acts as.
      expect(new URL(href).searchParams.get("link")).toMatch(/^U0PRIYA\.\d+\./);
      expect(await link.getAttribute("target")).toBe("_blank");
      expect(await link.getAttribute("rel")).toContain("noopener");
    });

    await step(priya, "Tab reaches the link; axe finds nothing serious", async () => {
      let reached = false;
      for (let i = 0; i < 6 && !reached; i++) {
        await priya.keyboard.press("Tab");
        reached = await link.evaluate((el) => el === el.ownerDocument.activeElement);
      }
      expect(reached).toBe(true);
      await expectNoBlockingViolations(priya, "the Dashboard modal");
    });

    await step(priya, "Enter on the link opens its address in a new tab; the page stays as it was", async () => {
      const href = (await link.getAttribute("href"))!;
      const popup = priya.context().waitForEvent("page");
      const opened = priya.context().waitForEvent("request", (r) => r.isNavigationRequest() && r.url() === href);
      const reported = priya.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/action"));
      await priya.keyboard.press("Enter");
      const tab = await popup;
      expect((await opened).frame().page()).toBe(tab);
      // The link signs Priya in: the dashboard opens on her own view, and keeps it without the link.
      await tab.waitForURL((u) => u.pathname === "/dashboard" && !u.searchParams.has("link"));
      await expectText(tab.locator("h1"), "Escalations dashboard");
      await expectText(tab.locator(".who"), /shown for priya \(U0PRIYA\)/);
      expect(new URL(tab.url()).searchParams.get("link")).toBeNull();
      await tab.close();
      // The click is still reported to the app (as Slack does), which acks it; the modal stays.
      expect(await (await reported).json()).toEqual({ ok: true });
      expect(await modal.isVisible()).toBe(true);
    });

    await step(priya, "Escape closes the modal; Dashboard again makes a new link", async () => {
      const first = await link.getAttribute("href");
      await priya.keyboard.press("Escape");
      await priya.waitForSelector("#modal", { state: "hidden" });
      await dashboard.click();
      await priya.waitForSelector("#modal:not([hidden])");
      await link.waitFor();
      const second = (await link.getAttribute("href"))!;
      expect(second.startsWith(`${origin}/dashboard?link=U0PRIYA.`)).toBe(true);
      // It expires 15 minutes after this click, not the first.
      expect(second).not.toBe(first);
    });
  }, 90_000);
});
