import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * An escalation's later life in the sandbox page, driven as a person does: the post's "More
 * actions" menu (Take ownership, Reassign… with a people picker, Change severity or category…,
 * Waiting on customer), Customer replied, Resolve and Reopen, each seen on the post as it changes.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("an escalation's whole life in the sandbox page", () => {
  it("take, reassign, change severity, wait on the customer, resolve and reopen from the post", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open one", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Fuel reports load slowly for the dispatch team", "Initech");
    });
    const priya = await windowAs("U0PRIYA", AXE_CONTEXT_OPTIONS);
    const post = () => priya.locator("#messages article.msg", { hasText: "Fuel reports load slowly" }).first();
    // An overflow while Slack's five choices fit, else a select of the same name (escalation-actions.ts).
    const more = (label: string) => post().locator('select[aria-label="More actions"]').selectOption({ label });
    const submitModal = async () => {
      await priya.click("#modal-submit");
      await priya.waitForSelector("#modal", { state: "hidden" });
    };

    await step(priya, "take ownership from the More actions menu", async () => {
      await openChannel(priya, "fleet-support-tier2");
      // Past five choices Slack's overflow gives way to a select; either way it is named More actions.
      expect(await post().locator('select[aria-label="More actions"]').count()).toBe(1);
      await more("Take ownership");
      await expectText(post(), /Owner: .*Priya/);
    });

    await step(priya, "reassign it to Mike with a note", async () => {
      await more("Reassign…");
      await priya.waitForSelector("#modal:not([hidden])");
      await priya.selectOption('[data-block-id="reassign_user"] select', "U0MIKE");
      await priya.fill('[data-block-id="reassign_note"] textarea', "Mike knows the report queries");
      await submitModal();
      await expectText(post(), /Owner: .*Mike Chen/);
    });

    await step(priya, "raise it to Sev 1 with a reason, checked for accessibility", async () => {
      await more("Change severity or category…");
      await priya.waitForSelector("#modal:not([hidden])");
      await expectNoBlockingViolations(priya, "the Change severity or category form");
      await priya.selectOption('[data-block-id="reclassify_severity"] select', "sev1");
      await priya.fill('[data-block-id="reclassify_reason"] textarea', "every dispatcher is blocked");
      await submitModal();
      await expectText(post(), /→ Sev 1 · Critical by .*every dispatcher is blocked/);
    });

    await step(priya, "wait on the customer, then the customer replies", async () => {
      await more("Waiting on customer");
      await expectText(post(), /Paused since/);
      await post().locator('[data-bk="button"]', { hasText: "Customer replied" }).click();
      await expect.poll(async () => post().locator('[data-bk="button"]', { hasText: "Customer replied" }).count(), { timeout: 10_000 }).toBe(0);
      expect(await post().textContent()).not.toContain("Paused since");
    });

    await step(priya, "a reply in its thread counts as a progress update", async () => {
      await post().locator(".msg-replies").click();
      await priya.waitForSelector("#thread:not([hidden])");
      await priya.fill("#thread-input", "Index rebuild is running, ETA 20 minutes");
      await priya.press("#thread-input", "Enter");
      await expectText(post(), /Last update .* by .*Priya/);
      await priya.click("#thread-close");
    });

    await step(priya, "resolve it, then reopen it", async () => {
      await post().locator('[data-bk="button"]', { hasText: "Resolve" }).click();
      await priya.waitForSelector("#modal:not([hidden])");
      await priya.fill('[data-block-id="resolution"] textarea', "Report index rebuilt");
      await priya.fill('[data-block-id="root_cause"] textarea', "Index bloat");
      await submitModal();
      await expectText(post(), /Resolved/);
      await post().locator('[data-bk="button"]', { hasText: "Reopen" }).click();
      await priya.waitForSelector("#modal:not([hidden])");
      await priya.fill('[data-block-id="reopen_reason"] textarea', "Slow again this morning");
      await submitModal();
      await expectText(post(), /Waiting for acknowledgement/);
      expect(await post().locator('[data-bk="button"]', { hasText: "Acknowledge" }).count()).toBe(1);
    });
  }, 120_000);
});
