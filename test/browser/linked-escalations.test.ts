import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * Linked escalations in the sandbox page, driven as a person does: "Same issue as…" in the post's
 * "More actions" menu opens the picker, the link is made, and the parent's post lists the other
 * customer with a link to its thread; Unlink takes it off again.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("linked escalations in the sandbox page", () => {
  it("link a second customer's escalation from its More actions menu; the parent's post lists that customer", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open two escalations of the same incident", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Inspection photo uploads time out", "Initech");
      await escalateFromComposer(sarah, "/escalate Inspection photos never arrive", "Globex");
    });
    const priya = await windowAs("U0PRIYA", AXE_CONTEXT_OPTIONS);
    const post = (summary: string) => priya.locator("#messages article.msg", { hasText: summary }).first();
    const parent = () => post("Inspection photo uploads time out");
    const child = () => post("Inspection photos never arrive");
    const more = (which: () => ReturnType<typeof post>, label: string) => which().locator('select[aria-label="More actions"]').selectOption({ label });

    await step(priya, "choose Same issue as… on the second one and pick the first, checked for accessibility", async () => {
      await openChannel(priya, "fleet-support-tier2");
      await more(child, "Same issue as…");
      await priya.waitForSelector("#modal:not([hidden])");
      await expectNoBlockingViolations(priya, "the Same issue as… form");
      const picker = priya.locator('[data-block-id="link_escalation"] select');
      const initech = await picker.locator("option", { hasText: "Initech" }).getAttribute("value");
      expect(initech).toMatch(/^ESC-\d+$/);
      // The escalation itself is not offered.
      expect(await picker.locator("option", { hasText: "Globex" }).count()).toBe(0);
      await picker.selectOption(initech!);
      await priya.fill('[data-block-id="link_note"] textarea', "Same storage timeouts");
      await priya.click("#modal-submit");
      await priya.waitForSelector("#modal", { state: "hidden" });
    });

    await step(priya, "the parent's post lists Globex with a link to its thread; the child names its parent", async () => {
      await expectText(parent(), /Also affects: Globex \(\w+\) · ESC-\d+/);
      const toThread = parent().locator("a", { hasText: /^ESC-\d+$/ }).first();
      expect(await toThread.getAttribute("href")).toBeTruthy();
      await expectText(child(), /Same issue as ESC-\d+/);
      await expectNoBlockingViolations(priya, "the linked posts");
    });

    await step(priya, "a linked one offers Unlink; unlinking takes Globex off the parent's list", async () => {
      const unlink = await child().locator('select[aria-label="More actions"] option', { hasText: /^Unlink from ESC-\d+$/ }).textContent();
      await more(child, unlink!.trim());
      await expect.poll(async () => (await parent().textContent()) ?? "", { timeout: 10_000 }).not.toContain("Also affects");
    });
  }, 120_000);
});
