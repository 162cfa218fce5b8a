import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * The sandbox page for people who use a screen reader or the keyboard: axe-core finds no serious
 * or critical violation at rest, with the /escalate form open (also showing its inline errors),
 * with a thread open, with the API log open and with the page's own dialogs open; and the form is
 * reached, filled and closed from the keyboard alone, focus kept inside it and given back after.
 */

const run = browserAvailable() ? describe : describe.skip;

const session = sandboxInBrowser();
/** A window of its own in the one browser, acting as `personId`; `axe` lets the page take axe's script. */
const windowAs = (personId: string, opts: { axe?: boolean } = {}): Promise<Page> => session.windowAs(personId, opts.axe ? AXE_CONTEXT_OPTIONS : {});

/** Where keyboard focus is: the focused element's id (or tag) and whether it is inside `#<within>`. */
const focus = (page: Page, within: string) =>
  page.evaluate<{ id: string; inside: boolean }>(`(() => {
    const el = document.activeElement;
    return { id: el && el.id ? el.id : String(el && el.tagName), inside: !!(el && el.closest(${JSON.stringify(`#${within}`)})) };
  })()`);

run("the sandbox page's accessibility (axe-core)", () => {
  it("has no serious or critical violation at rest", async () => {
    const sarah = await windowAs("U0SARAH", { axe: true });
    await step(sarah, "axe at rest", async () => {
      await expectText(sarah.locator("#conv-title"), "#support-escalation");
      await expectNoBlockingViolations(sarah, "at rest");
    });
  }, 60_000);

  it("has none with the /escalate form open, nor once it shows its inline errors", async () => {
    const sarah = await windowAs("U0SARAH", { axe: true });
    await step(sarah, "axe with the form open", async () => {
      await sarah.fill("#composer-input", "/escalate Acme Corp photo uploads fail with 503");
      await sarah.press("#composer-input", "Enter");
      await sarah.waitForSelector("#modal:not([hidden])");
      await expectNoBlockingViolations(sarah, "with the /escalate form open");
    });
    await step(sarah, "axe with the form's inline errors", async () => {
      await sarah.click("#modal-submit");
      await expectText(sarah.locator('[data-block-id="customer"] .bk-error'), /./);
      // The error is the field's description, and the field says it is invalid.
      const field = sarah.locator('[data-block-id="customer"] input');
      expect(await field.getAttribute("aria-invalid")).toBe("true");
      const described = (await field.getAttribute("aria-describedby")) ?? "";
      const errorId = await sarah.locator('[data-block-id="customer"] .bk-error').getAttribute("id");
      expect(described.split(" ")).toContain(errorId);
      await expectNoBlockingViolations(sarah, "with the form's inline errors");
      await sarah.click("#modal-close");
      await sarah.waitForSelector("#modal", { state: "hidden" });
    });
  }, 60_000);

  it("has none with a thread open", async () => {
    const sarah = await windowAs("U0SARAH", { axe: true });
    await step(sarah, "open an escalation and acknowledge it, which replies in its thread", async () => {
      await escalateFromComposer(sarah, "/escalate Acme Corp driver app crashes on login", "Acme Corp");
      await openChannel(sarah, "fleet-support-tier2");
      const post = sarah.locator("article.msg", { hasText: "driver app crashes on login" }).first();
      await post.locator('[data-bk="button"]', { hasText: "Acknowledge" }).click();
      await expectText(post.locator(".msg-replies"), /repl/);
      await post.locator(".msg-replies").click();
      await sarah.waitForSelector("#thread:not([hidden])");
      await expectText(sarah.locator("#thread-messages article.msg"), /acknowledged/);
    });
    await step(sarah, "axe with the thread open", async () => {
      await expectNoBlockingViolations(sarah, "with a thread open");
    });
  }, 60_000);

  it("has none with the API log open", async () => {
    const sarah = await windowAs("U0SARAH", { axe: true });
    await step(sarah, "axe with the API log open", async () => {
      await sarah.click("#api-log-toggle");
      // The form opening is a views.open call, logged as the bot makes it.
      await sarah.fill("#composer-input", "/escalate");
      await sarah.press("#composer-input", "Enter");
      await sarah.waitForSelector("#modal:not([hidden])");
      await sarah.click("#modal-close");
      await sarah.waitForSelector("#modal", { state: "hidden" });
      await expectText(sarah.locator("#api-log-list li"), /views\.open/);
      await expectNoBlockingViolations(sarah, "with the API log open");
    });
  }, 60_000);

  it("has none with the page's own dialogs open (new channel, confirm)", async () => {
    const sarah = await windowAs("U0SARAH", { axe: true });
    await step(sarah, "axe with the new-channel dialog open", async () => {
      await sarah.click("#new-channel");
      await sarah.waitForSelector("#new-channel-dialog:not([hidden])");
      await expectNoBlockingViolations(sarah, "with the new-channel dialog open");
      await sarah.keyboard.press("Escape");
      await sarah.waitForSelector("#new-channel-dialog", { state: "hidden" });
    });
    await step(sarah, "axe with the reset confirmation open", async () => {
      await sarah.click("#reset");
      await sarah.waitForSelector("#confirm:not([hidden])");
      await expectNoBlockingViolations(sarah, "with the reset confirmation open");
      await sarah.keyboard.press("Escape");
      await sarah.waitForSelector("#confirm", { state: "hidden" });
    });
  }, 60_000);
});

run("the sandbox page from the keyboard", () => {
  it("opens the /escalate form from the composer, keeps Tab inside it, and Escape gives focus back", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open the form with the keyboard", async () => {
      await sarah.focus("#composer-input");
      await sarah.keyboard.type("/escalate Fuel card declined at every station");
      await sarah.keyboard.press("Enter");
      await sarah.waitForSelector("#modal:not([hidden])");
      // Focus moves into the form, on its first field.
      await expect.poll(() => focus(sarah, "modal")).toEqual({ id: expect.any(String), inside: true });
      const first = await sarah.evaluate<boolean>(`document.activeElement === document.querySelector("#modal-body input, #modal-body select, #modal-body textarea")`);
      expect(first).toBe(true);
    });

    await step(sarah, "Tab goes round the form and never leaves it", async () => {
      const stops = await sarah.evaluate<number>(`document.querySelectorAll("#modal button, #modal input, #modal select, #modal textarea").length`);
      const seen = new Set<string>();
      for (let i = 0; i < stops + 3; i++) {
        await sarah.keyboard.press("Tab");
        const at = await focus(sarah, "modal");
        expect(at.inside, `Tab ${i + 1} left the form for ${at.id}`).toBe(true);
        seen.add(at.id);
      }
      // Round the end and back to the start: the footer's buttons and the first field were reached.
      expect(seen).toContain("modal-submit");
      expect(seen).toContain("modal-x");
      for (let i = 0; i < 4; i++) {
        await sarah.keyboard.press("Shift+Tab");
        expect((await focus(sarah, "modal")).inside).toBe(true);
      }
    });

    await step(sarah, "type into a field, choose from a menu, then Escape closes the form", async () => {
      await sarah.focus('[data-block-id="customer"] input');
      await sarah.keyboard.type("Initech");
      await sarah.focus('[data-block-id="tier"] select');
      await sarah.keyboard.press("ArrowDown");
      await sarah.keyboard.press("Escape");
      await sarah.waitForSelector("#modal", { state: "hidden" });
      await expect.poll(() => focus(sarah, "composer")).toEqual({ id: "composer-input", inside: true });
    });
  }, 60_000);

  it("works a post from the keyboard, and focus stays on the post as it is redrawn", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open one for an Enterprise customer (its post has a checklist)", async () => {
      await sarah.fill("#composer-input", "/escalate Route planner shows yesterday's routes");
      await sarah.press("#composer-input", "Enter");
      await sarah.waitForSelector("#modal:not([hidden])");
      await sarah.fill('[data-block-id="customer"] input', "Globex");
      await sarah.selectOption('[data-block-id="tier"] select', "enterprise");
      await sarah.click("#modal-submit");
      await sarah.waitForSelector("#modal", { state: "hidden" });
      await openChannel(sarah, "fleet-support-tier2");
    });
    const post = sarah.locator("article.msg", { hasText: "Route planner shows yesterday's routes" }).first();
    const focusOnPost = () => sarah.evaluate<string>(`(() => {
      const el = document.activeElement;
      const post = el && el.closest("article.msg");
      return post && post.textContent.includes("Route planner") ? (el.getAttribute("type") || el.tagName.toLowerCase()) : "elsewhere";
    })()`);
    await step(sarah, "Space ticks a checklist item; focus stays on it", async () => {
      const box = post.locator('[data-bk="checkboxes"] input[type="checkbox"]').first();
      await box.focus();
      await sarah.keyboard.press("Space");
      await expectText(post, /Checklist · 1 of \d+ done/);
      expect(await box.isChecked()).toBe(true);
      expect(await focusOnPost()).toBe("checkbox");
    });
    await step(sarah, "Enter on Acknowledge acknowledges; focus stays on the post", async () => {
      await post.locator('[data-bk="button"]', { hasText: "Acknowledge" }).focus();
      await sarah.keyboard.press("Enter");
      await expectText(post, /Acknowledged.*by/);
      expect(await focusOnPost()).not.toBe("elsewhere");
    });
  }, 60_000);

  it("traps and gives back focus in the new-channel dialog too", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open it from its button with Enter, Tab round it, Escape", async () => {
      await sarah.focus("#new-channel");
      await sarah.keyboard.press("Enter");
      await sarah.waitForSelector("#new-channel-dialog:not([hidden])");
      expect(await focus(sarah, "new-channel-dialog")).toEqual({ id: "new-channel-name", inside: true });
      for (let i = 0; i < 6; i++) {
        await sarah.keyboard.press("Tab");
        expect((await focus(sarah, "new-channel-dialog")).inside).toBe(true);
      }
      await sarah.keyboard.press("Escape");
      await sarah.waitForSelector("#new-channel-dialog", { state: "hidden" });
      expect((await focus(sarah, "app")).id).toBe("new-channel");
    });
  }, 60_000);
});
