import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * The app's shortcuts on the sandbox page: the top bar's Shortcuts menu and each message's "More
 * actions" menu work from the keyboard (Enter or arrows open them, arrows move, Escape closes and
 * gives focus back), choosing one reaches the bot as from Slack and its form opens, filled from the
 * message for "Escalate this message"; axe-core finds nothing serious with either menu open.
 */

const run = browserAvailable() ? describe : describe.skip;

const session = sandboxInBrowser();

/** The focused element: its name (aria-label, a menu item's name, or its text), role and whether it is in the menu. */
const focused = (page: Page) =>
  page.evaluate<{ label: string; role: string | null; inMenu: boolean }>(`(() => {
    const el = document.activeElement;
    const name = el && (el.getAttribute("aria-label") || (el.querySelector(".popup-menu-name") || el).textContent);
    return { label: (name || "").trim(), role: el && el.getAttribute("role"), inMenu: !!(el && el.closest("#popup-menu")) };
  })()`);

const menu = (page: Page) => page.locator("#popup-menu");
const shortcutsButton = (page: Page) => page.locator("#header-actions button", { hasText: "Shortcuts" });
const field = (page: Page, blockId: string) => page.locator(`#modal [data-block-id="${blockId}"] :is(input, textarea)`).first();

run("the app's shortcuts on the sandbox page", () => {
  it("chooses Open an escalation from the top bar's Shortcuts menu with the keyboard; the form opens", async () => {
    const sarah = await session.windowAs("U0SARAH", AXE_CONTEXT_OPTIONS);
    const button = shortcutsButton(sarah);
    await step(sarah, "the menu button says what it is", async () => {
      expect(await button.getAttribute("aria-haspopup")).toBe("menu");
      expect(await button.getAttribute("aria-expanded")).toBe("false");
    });
    await step(sarah, "Enter opens it on its first item; Escape closes it and focus goes back", async () => {
      await button.focus();
      await sarah.keyboard.press("Enter");
      await menu(sarah).waitFor();
      expect(await button.getAttribute("aria-expanded")).toBe("true");
      expect(await focused(sarah)).toEqual({ label: "Open an escalation", role: "menuitem", inMenu: true });
      expect(await menu(sarah).getAttribute("aria-label")).toBe("Shortcuts");
      await expectNoBlockingViolations(sarah, "with the Shortcuts menu open");
      await sarah.keyboard.press("Escape");
      await menu(sarah).waitFor({ state: "hidden" });
      expect(await button.getAttribute("aria-expanded")).toBe("false");
      expect((await focused(sarah)).label).toBe("Shortcuts");
    });
    await step(sarah, "ArrowDown opens it, Enter chooses, and the bot's form opens", async () => {
      await sarah.keyboard.press("ArrowDown");
      await menu(sarah).waitFor();
      expect((await focused(sarah)).label).toBe("Open an escalation");
      await sarah.keyboard.press("Enter");
      await sarah.waitForSelector("#modal:not([hidden])");
      await expectText(sarah.locator("#modal-title"), "Escalate an issue");
      expect(await field(sarah, "summary").inputValue()).toBe("");
      await sarah.keyboard.press("Escape");
      await sarah.waitForSelector("#modal", { state: "hidden" });
      // Back on the menu's button, which opened the form.
      expect((await focused(sarah)).label).toBe("Shortcuts");
    });
  }, 60_000);

  it("escalates a message from its More actions menu: the form opens filled in, and the post links back", async () => {
    const sarah = await session.windowAs("U0SARAH", AXE_CONTEXT_OPTIONS);
    const said = "Globex drivers see yesterday's routes in the planner. It started after this morning's update.";
    const message = sarah.locator("#messages article.msg", { hasText: "Globex drivers see yesterday's routes" }).first();
    await step(sarah, "say something in the channel", async () => {
      await openChannel(sarah, "support-escalation");
      await sarah.fill("#composer-input", said);
      await sarah.press("#composer-input", "Enter");
      await message.waitFor();
    });
    const more = message.getByRole("button", { name: "More actions" });
    await step(sarah, "its More actions menu lists the app's message shortcut", async () => {
      await more.focus();
      await sarah.keyboard.press("Enter");
      await menu(sarah).waitFor();
      expect(await more.getAttribute("aria-expanded")).toBe("true");
      expect(await focused(sarah)).toEqual({ label: "Escalate this message", role: "menuitem", inMenu: true });
      await expectNoBlockingViolations(sarah, "with a message's More actions menu open");
      // Tab leaves the menu closed, from its button on.
      await sarah.keyboard.press("Tab");
      await menu(sarah).waitFor({ state: "hidden" });
      expect(await more.getAttribute("aria-expanded")).toBe("false");
    });
    await step(sarah, "choosing Escalate this message opens the form with the message's text", async () => {
      await more.click();
      await menu(sarah).getByRole("menuitem", { name: "Escalate this message" }).click();
      await sarah.waitForSelector("#modal:not([hidden])");
      await expect.poll(() => field(sarah, "summary").inputValue()).toBe("Globex drivers see yesterday's routes in the planner.");
      expect(await field(sarah, "impact").inputValue()).toBe(said);
    });
    await step(sarah, "the escalation's post links back to the message", async () => {
      const ts = await message.getAttribute("data-ts");
      await field(sarah, "customer").fill("Globex");
      await sarah.click("#modal-submit");
      await sarah.waitForSelector("#modal", { state: "hidden" });
      await openChannel(sarah, "fleet-support-tier2");
      const post = sarah.locator("article.msg", { hasText: "Globex drivers see yesterday's routes" }).first();
      const back = post.getByRole("link", { name: "the original message" });
      // The message's permalink (on this page's tests the workspace's address has port 0, so only its path is checked).
      const channel = await sarah.locator('.nav-item[data-channel-id]', { hasText: "support-escalation" }).getAttribute("data-channel-id");
      expect(new URL((await back.getAttribute("href")) ?? "").pathname).toBe(`/archives/${channel}/p${ts?.replace(".", "")}`);
    });
  }, 60_000);
});
