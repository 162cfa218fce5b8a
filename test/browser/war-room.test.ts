import { describe, expect, it } from "vitest";
import { AXE_CONTEXT_OPTIONS, expectNoBlockingViolations } from "./axe.js";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * A Sev 1's war room in the sandbox page: the channel the bot made appears in the sidebar of the
 * people it invited, its header shows the topic (status and commander), its summary is pinned, and
 * the incident commander is named from the room; resolved, it hears the outcome and a day later is
 * archived: read-only, with a banner saying so.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

const ROOM = "esc-0001-initech-payment-processing-broken";

run("a Sev 1's war room in the sandbox page", () => {
  it("appears in the sidebar with its topic and pinned summary, its commander is assigned from the room, and once resolved it is archived", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open a Sev 1", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Payment processing is broken for every fleet", "Initech");
    });

    // Dana, the Support Manager, is invited by the playbook: the room is in her sidebar.
    const dana = await windowAs("U0DANA", AXE_CONTEXT_OPTIONS);
    const summary = () => dana.locator("#messages article.msg", { hasText: "War room for ESC-0001" }).first();
    await step(dana, "find the room in the sidebar and open it", async () => {
      await dana.locator(".nav-item", { hasText: ROOM }).waitFor({ timeout: 15_000 });
      await openChannel(dana, ROOM);
      await expectText(dana.locator("#conv-topic"), "ESC-0001 · Sev 1 · Critical · Waiting for acknowledgement · No commander yet");
      await summary().waitFor();
      expect(await summary().locator(".msg-pinned").textContent()).toBe("Pinned");
      expect(await summary().textContent()).toContain("Open the thread");
      await expectNoBlockingViolations(dana, "the war room");
    });

    await step(dana, "assign herself as commander from the pinned summary", async () => {
      await summary().locator('[data-bk="button"]', { hasText: "Assign commander" }).click();
      await dana.waitForSelector("#modal:not([hidden])");
      await expectNoBlockingViolations(dana, "the Assign commander form");
      // The picker starts with whoever opened the form: one click to take it on.
      expect(await dana.locator('[data-block-id="commander_user"] select').inputValue()).toBe("U0DANA");
      await dana.click("#modal-submit");
      await dana.waitForSelector("#modal", { state: "hidden" });
      await expectText(dana.locator("#conv-topic"), /Commander: @Dana Whitfield/);
      await expectText(summary(), /Incident commander:\s*@?Dana Whitfield/);
    });

    await step(dana, "resolve it: the room hears the outcome, and a day later it is archived, read-only", async () => {
      await openChannel(dana, "fleet-support-tier2");
      const post = dana.locator("#messages article.msg", { hasText: "ESC-0001" }).first();
      await expectText(post, /War room: #esc-0001/);
      await post.locator('[data-bk="button"]', { hasText: "Resolve" }).click();
      await dana.waitForSelector("#modal:not([hidden])");
      await dana.fill('[data-block-id="resolution"] textarea', "Gateway deploy rolled back");
      await dana.fill('[data-block-id="root_cause"] textarea', "A bad gateway release");
      await dana.click("#modal-submit");
      await dana.waitForSelector("#modal", { state: "hidden" });
      await openChannel(dana, ROOM);
      await expectText(dana.locator("#messages"), /ESC-0001 was resolved by @?Dana Whitfield/);
      expect(await dana.locator("#composer").isVisible()).toBe(true);
      await dana.click('[data-travel="86400000"]');
      await dana.locator("#conv-archived").waitFor({ state: "visible", timeout: 15_000 });
      expect(await dana.locator("#composer").isVisible()).toBe(false);
      await expectNoBlockingViolations(dana, "the archived war room");
    });

  }, 90_000);
});
