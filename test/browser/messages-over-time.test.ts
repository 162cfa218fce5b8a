import { describe, expect, it } from "vitest";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * What a message says as time passes, in Chromium: Slack's `{ago}` counts on as the sandbox's clock
 * runs (and jumps with time travel) without the message being sent again, and a manager who
 * acknowledges from their DM sees that DM change: no Acknowledge any more, and who has it.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("messages over time, in Chromium", () => {
  it("a manager acknowledges from their DM, and the DM says so", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open a Sev 1", async () => {
      await escalateFromComposer(sarah, "/escalate Production down: no driver can log in", "Globex");
      await expectText(sarah.locator(".msg-ephemeral"), "ESC-0001");
    });
    const dana = await windowAs("U0DANA");
    const dm = dana.locator("article.msg", { hasText: "Management escalation" }).first();
    await step(dana, "acknowledge from the DM", async () => {
      await dana.locator("#dms .nav-item").click();
      await expectText(dm, "ESC-0001");
      await dm.locator('[data-bk="button"]', { hasText: "Acknowledge" }).click();
      await expectText(dm, /Acknowledged by @Dana Whitfield after/);
      expect(await dm.locator('[data-bk="button"]', { hasText: "Acknowledge" }).count()).toBe(0);
      expect(await dm.locator('[data-bk="button"]', { hasText: "Open thread" }).count()).toBe(1);
    });
    await step(sarah, "the post says who has it", async () => {
      await openChannel(sarah, "fleet-engineering");
      await expectText(sarah.locator("article.msg", { hasText: "ESC-0001" }), /Acknowledged by @Dana Whitfield/);
    });
  }, 90_000);

  it("'opened … ago' counts on as the clock runs, and jumps with time travel", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open one", async () => {
      await escalateFromComposer(sarah, "/escalate Fuel card sync is slow", "Initech");
      await openChannel(sarah, "fleet-support-tier2");
    });
    const post = sarah.locator("article.msg", { hasText: "Fuel card sync is slow" }).first();
    const opened = post.locator(".bk-field", { hasText: "Opened" }).locator(".bk-ago");
    await step(sarah, "just now", async () => {
      await expectText(opened, "just now");
    });
    await step(sarah, "five minutes of real time later, without the post being sent again", async () => {
      // The page's clock, from a load onward, under the test's control: real time passing, fast.
      await sarah.clock.install();
      await sarah.reload();
      await sarah.waitForSelector('body[data-ready="true"]');
      await expectText(opened, "just now");
      await sarah.clock.fastForward("05:00");
      await expectText(opened, "5 minutes ago");
    });
    await step(sarah, "an hour of time travel later", async () => {
      await sarah.click('[data-travel="3600000"]');
      await expectText(sarah.locator("#clock.travelled"), "1 h");
      await expectText(opened, "1 hour ago");
      await sarah.click("#real-time");
    });
  }, 90_000);
});
