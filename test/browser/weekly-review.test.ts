import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * The weekly escalation review in the sandbox page: its channel is there from the start, and
 * "+1 week" of time travel (past the next Monday 09:00 in Los Angeles) brings the post, readable
 * and axe-clean, once.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("the weekly review in the sandbox page", () => {
  it("a week of time travel posts the review in its channel", async () => {
    const dana = await windowAs("U0DANA", AXE_CONTEXT_OPTIONS);
    const review = () => dana.locator("#messages article.msg", { hasText: "Weekly escalation review" });
    await step(dana, "open the review channel: nothing yet", async () => {
      // A minute first: the scheduler has run, and the week under way is where the review starts.
      await dana.click('[data-travel="900000"]');
      await expectText(dana.locator("#clock.travelled"), "15 min");
      await openChannel(dana, "fleet-escalation-review");
      expect(await review().count()).toBe(0);
    });
    await step(dana, "travel a week: the review arrives", async () => {
      await dana.click('[data-travel="604800000"]');
      await review().first().waitFor({ timeout: 15_000 });
      await expectText(review().first(), /SLA compliance by tier/);
      await expectText(review().first(), /escalation-bot report --since/);
      expect(await review().count()).toBe(1);
      await expectNoBlockingViolations(dana, "the weekly review");
    });
  }, 60_000);
});
