import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * Draft customer update in the sandbox page, as a person does it: the post's button opens the draft
 * (the playbook's template that fits, filled in, gaps in brackets), the Template menu draws it again
 * from another, the person edits it and marks it sent; the thread shows what was sent, as typed.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("drafting a customer update in the sandbox page", () => {
  it("open the draft from the post, choose another template, edit, mark as sent, see it in the thread", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open one", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Trip reports show yesterday's mileage", "Initech");
    });
    const priya = await windowAs("U0PRIYA", AXE_CONTEXT_OPTIONS);
    const post = () => priya.locator("#messages article.msg", { hasText: "Trip reports show yesterday's mileage" }).first();

    await step(priya, "open the draft: the initial response, filled in, checked for accessibility", async () => {
      await openChannel(priya, "fleet-support-tier2");
      await post().locator('[data-bk="button"]', { hasText: "Draft customer update" }).click();
      await priya.waitForSelector("#modal:not([hidden])");
      const text = priya.locator('[data-block-id="draft_text:initial-response"] textarea');
      await expect.poll(() => text.inputValue(), { timeout: 10_000 }).toContain("regarding Trip reports show yesterday's mileage");
      expect(await text.inputValue()).toContain("- Ticket #: [TICKET NUMBER]");
      expect(await priya.locator("#modal-submit").textContent()).toContain("Mark as sent");
      await expectNoBlockingViolations(priya, "the customer-update draft");
    });

    await step(priya, "choose the progress update: the form is drawn again from it", async () => {
      await priya.selectOption('[data-block-id="draft_template"] select', "progress-update");
      const text = priya.locator('[data-block-id="draft_text:progress-update"] textarea');
      await text.waitFor({ timeout: 10_000 });
      expect(await text.inputValue()).toContain("ESTIMATED RESOLUTION:\n[ETA]");
      expect(await priya.locator('[data-block-id="draft_text:initial-response"]').count()).toBe(0);
    });

    await step(priya, "edit it and mark it as sent; the thread shows it as typed", async () => {
      await priya.fill('[data-block-id="draft_subject:progress-update"] input', "Update - trip reports");
      await priya.fill('[data-block-id="draft_text:progress-update"] textarea', "Dear Initech team,\nA fix ships tonight <b>for sure</b>.");
      await priya.click("#modal-submit");
      await priya.waitForSelector("#modal", { state: "hidden" });
      await post().locator(".msg-replies").click();
      await priya.waitForSelector("#thread:not([hidden])");
      const notice = priya.locator("#thread article.msg", { hasText: "Sent to customer" });
      await expectText(notice, /Sent to customer by .*Priya.*Progress update/);
      await expectText(notice, "A fix ships tonight <b>for sure</b>.");
      expect(await notice.locator("b", { hasText: "for sure" }).count()).toBe(0);
      await expectNoBlockingViolations(priya, "the thread with the sent update");
    });
  }, 120_000);
});
