import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * The app's Home tab in the sandbox page: in the app's DM, Home and Messages tabs that work from the
 * keyboard; opening Home sends app_home_opened for the person the page acts as and shows the view
 * the bot publishes (its rows, times in the person's zone); Refresh publishes it again with what is
 * new, New escalation opens the escalation form; axe finds nothing serious.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("the App Home in the sandbox page", () => {
  it("opens the Home tab, shows the rows, refreshes and opens the form", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open an escalation", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Fuel reports load slowly for the dispatch team", "Initech");
    });

    // Priya works from Berlin, at Tier 2, where it went.
    const priya = await windowAs("U0PRIYA", AXE_CONTEXT_OPTIONS);
    await step(priya, "she takes it over from its post", async () => {
      await openChannel(priya, "fleet-support-tier2");
      const post = priya.locator("#messages article.msg", { hasText: "Fuel reports load slowly" }).first();
      await post.locator('select[aria-label="More actions"]').selectOption({ label: "Take ownership" });
      await expectText(post, /Owner: .*Priya/);
    });
    const home = priya.locator("#home-body");
    const homeTab = priya.getByRole("tab", { name: "Home" });
    const messagesTab = priya.getByRole("tab", { name: "Messages" });
    await step(priya, "the app's DM has Home and Messages tabs; the arrow keys move between them and Enter opens Home", async () => {
      await priya.locator(".nav-item", { hasText: "Escalation Bot" }).click();
      await messagesTab.waitFor();
      expect(await messagesTab.getAttribute("aria-selected")).toBe("true");
      await messagesTab.focus();
      await priya.keyboard.press("ArrowLeft");
      expect(await priya.evaluate("document.activeElement?.id")).toBe("tab-home");
      await priya.keyboard.press("Enter");
      expect(await homeTab.getAttribute("aria-selected")).toBe("true");
      await priya.getByRole("tabpanel", { name: "Home" }).waitFor();
      expect(await priya.locator("#messages").isVisible()).toBe(false);
    });

    await step(priya, "the bot publishes her Home: her escalation's row under Mine, with its deadline in her zone", async () => {
      await expectText(home.locator(".bk-section"), /ESC-0001.*Initech/);
      await expectText(home.locator(".bk-section"), /owner @Priya/);
      await expectText(home, /ESC-0001/);
      await expectText(home, /Open by severity: 1/);
      await expectText(home, /today \d\d:\d\d CET/);
      // The id links to the escalation's thread.
      expect(await home.getByRole("link", { name: "ESC-0001" }).count()).toBeGreaterThan(0);
      await expectNoBlockingViolations(priya, "the Home tab");
    });

    await step(sarah, "another escalation, which is not Priya's: her Home waits until she asks", async () => {
      await escalateFromComposer(sarah, "/escalate Fuel cards declined at every station", "Globex");
    });

    await step(priya, "Refresh publishes her Home again, with it", async () => {
      const refresh = home.getByRole("button", { name: "Refresh" });
      await refresh.focus();
      await priya.keyboard.press("Enter");
      await expectText(home, /Open by severity: 2/);
    });

    await step(priya, "New escalation opens the escalation form; Escape closes it", async () => {
      await home.getByRole("button", { name: "New escalation" }).click();
      await priya.waitForSelector("#modal:not([hidden])");
      await expectText(priya.locator("#modal-title"), "Escalate an issue");
      await expectNoBlockingViolations(priya, "the form opened from the Home tab");
      await priya.keyboard.press("Escape");
      await priya.waitForSelector("#modal", { state: "hidden" });
    });

    await step(priya, "the Messages tab shows the DM again", async () => {
      await messagesTab.click();
      await priya.locator("#messages").waitFor();
      expect(await priya.locator("#home").isVisible()).toBe(false);
    });
  }, 90_000);
});
