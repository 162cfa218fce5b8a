import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable, escalateFromComposer, expectText, openChannel, sandboxInBrowser, step } from "./browser.js";

/**
 * The sandbox page in real Chromium, as a newcomer uses it after `npm start`: open an escalation
 * from the composer and the form, see it in its channel, acknowledge it as someone else (and see
 * the post change live in the first person's window), travel in time to watch a Sev 1's reminders
 * arrive, and read the manager's DM. Set SANDBOX_SCREENSHOT=docs/sandbox.png to refresh the
 * README's picture from this run.
 */

const run = browserAvailable() ? describe : describe.skip;

const { windowAs } = sandboxInBrowser();

run("the sandbox page in Chromium", () => {
  it("opens, acknowledges and follows escalations, with reminders and the manager's DM", async () => {
    const sarah = await windowAs("U0SARAH");
    const load = await sarah.evaluate<number>(`(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      return Math.round(nav.loadEventEnd - nav.startTime);
    })()`);
    process.stdout.write(`sandbox page load: ${load} ms\n`);

    await step(sarah, "open an escalation from the composer", async () => {
      await expectText(sarah.locator("#conv-title"), "#support-escalation");
      await escalateFromComposer(sarah, "/escalate Acme Corp photo uploads fail with 503", "Acme Corp");
      // Only Sarah sees the confirmation, marked as such.
      await expectText(sarah.locator(".msg-ephemeral"), "ESC-0001");
      await expectText(sarah.locator(".msg-ephemeral .msg-ephemeral-note"), "Only visible to you");
    });

    await step(sarah, "see it in its channel", async () => {
      await openChannel(sarah, "fleet-support-tier2");
      await expectText(sarah.locator("article.msg"), "ESC-0001");
      await expectText(sarah.locator("article.msg"), "Acme Corp photo uploads fail with 503");
      expect(await sarah.locator('article.msg [data-bk="button"]', { hasText: "Acknowledge" }).count()).toBe(1);
    });

    const mike = await windowAs("U0MIKE");
    await step(mike, "acknowledge it as another person", async () => {
      await openChannel(mike, "fleet-support-tier2");
      await mike.locator('article.msg [data-bk="button"]', { hasText: "Acknowledge" }).click();
      await expectText(mike.locator("article.msg"), /Acknowledged.*by/);
    });
    await step(sarah, "see the post change without a reload", async () => {
      await expectText(sarah.locator("article.msg .msg-body"), /Acknowledged.*Mike Chen/);
      expect(await sarah.locator('article.msg [data-bk="button"]', { hasText: "Acknowledge" }).count()).toBe(0);
    });

    await step(sarah, "open a Sev 1 and travel two hours", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Production down: no driver can log in", "Globex");
      await expectText(sarah.locator(".msg-ephemeral"), "ESC-0002");
      // The playbook starts a Sev 1 at Tier 3, in #fleet-engineering.
      await openChannel(mike, "fleet-engineering");
      const sev1 = mike.locator("article.msg", { hasText: "ESC-0002" });
      await sev1.locator('[data-bk="button"]', { hasText: "Acknowledge" }).click();
      await expectText(mike.locator("article.msg", { hasText: "ESC-0002" }), /Acknowledged/);
      for (let i = 0; i < 2; i++) {
        await sarah.click('[data-travel="3600000"]');
        await expectText(sarah.locator("#clock.travelled"), i === 0 ? "1 h" : "2 h");
      }
    });

    await step(mike, "see the reminders in its thread", async () => {
      const sev1 = mike.locator("article.msg", { hasText: "ESC-0002" });
      await expectText(sev1.locator(".msg-replies"), /replies/);
      await sev1.locator(".msg-replies").click();
      await mike.waitForSelector("#thread:not([hidden])");
      await mike.locator("#thread-messages article.msg", { hasText: "progress update" }).nth(1).waitFor({ timeout: 10_000 });
      // The reminder's snooze menu is a real menu: choosing reaches the bot, which answers privately.
      const reminder = mike.locator("#thread-messages article.msg", { hasText: "a progress update on ESC-0002 is due" }).first();
      await reminder.locator('select[data-bk="static_select"]').selectOption({ index: 1 });
      await expectText(mike.locator("#thread-messages .msg-ephemeral, #messages .msg-ephemeral"), "Next update reminder");
    });

    const dana = await windowAs("U0DANA");
    await step(dana, "read the manager's DM", async () => {
      await dana.locator("#dms .nav-item").click();
      await expectText(dana.locator("article.msg"), "Management escalation");
      await expectText(dana.locator("article.msg", { hasText: "Management escalation" }), "ESC-0002");
    });

    if (process.env.SANDBOX_SCREENSHOT) {
      await openChannel(sarah, "fleet-engineering");
      await sarah.locator("article.msg", { hasText: "ESC-0002" }).locator(".msg-replies").click();
      await sarah.waitForSelector("#thread:not([hidden])");
      mkdirSync(dirname(process.env.SANDBOX_SCREENSHOT), { recursive: true });
      await sarah.screenshot({ path: process.env.SANDBOX_SCREENSHOT });
    }
  }, 120_000);

  it("works an escalation through the Post update, Escalate and Resolve forms", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open one", async () => {
      await openChannel(sarah, "support-escalation");
      await escalateFromComposer(sarah, "/escalate Fuel reports export empty files", "Initech");
    });
    const priya = await windowAs("U0PRIYA");
    const post = () => priya.locator("article.msg", { hasText: "Fuel reports export empty files" }).first();
    const button = (label: string) => post().locator('[data-bk="button"]', { hasText: label });

    await step(priya, "post an update the customer may hear", async () => {
      await openChannel(priya, "fleet-support-tier2");
      await button("Post update").click();
      await priya.waitForSelector("#modal:not([hidden])");
      await priya.selectOption('[data-block-id="update_status"] select', "identified");
      await priya.fill('[data-block-id="update_done"] textarea', "Export job times out on large fleets");
      await priya.check('[data-block-id="update_customer_visible"] input[value="yes"]');
      await priya.click("#modal-submit");
      await priya.waitForSelector("#modal", { state: "hidden" });
      await expectText(post(), /Last update .* by/);
    });
    await step(sarah, "the reporter gets the shareable update by DM", async () => {
      await sarah.locator("#dms .nav-item").click();
      await expectText(sarah.locator("article.msg"), "Export job times out on large fleets");
    });

    await step(priya, "escalate it to the next level", async () => {
      await button("Escalate").click();
      await priya.waitForSelector("#modal:not([hidden])");
      await priya.click("#modal-submit");
      await expectText(priya.locator('[data-block-id="escalate_reason"] .bk-error'), /./);
      await priya.fill('[data-block-id="escalate_reason"] textarea', "Needs a code fix in the export service");
      await priya.click("#modal-submit");
      await priya.waitForSelector("#modal", { state: "hidden" });
      await expectText(post(), /owned by.*Tier 3/);
      await openChannel(priya, "fleet-engineering");
      await expectText(priya.locator("article.msg"), "Needs a code fix in the export service");
    });

    await step(priya, "resolve it", async () => {
      await openChannel(priya, "fleet-support-tier2");
      await button("Resolve").click();
      await priya.waitForSelector("#modal:not([hidden])");
      await priya.fill('[data-block-id="resolution"] textarea', "Paged the export");
      await priya.fill('[data-block-id="root_cause"] textarea', "One query for the whole fleet");
      await priya.click("#modal-submit");
      await priya.waitForSelector("#modal", { state: "hidden" });
      await expectText(post(), /Resolved.*by/);
      // Only Reopen and the resolution notice's draft are left, while the playbook's reopen window lasts.
      expect(await post().locator('[data-bk="button"]').allTextContents()).toEqual(["Reopen", "Draft customer update", "Export"]);
    });
  }, 90_000);

  it("ticks the playbook's checklist on the post, and everyone sees the tick", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "open one for an Enterprise customer", async () => {
      await openChannel(sarah, "support-escalation");
      await sarah.fill("#composer-input", "/escalate Trip history export is slow");
      await sarah.press("#composer-input", "Enter");
      await sarah.waitForSelector("#modal:not([hidden])");
      await sarah.fill('[data-block-id="customer"] input', "Globex");
      await sarah.selectOption('[data-block-id="tier"] select', "enterprise");
      await sarah.click("#modal-submit");
      await sarah.waitForSelector("#modal", { state: "hidden" });
    });
    const priya = await windowAs("U0PRIYA");
    const post = (page: typeof priya) => page.locator("article.msg", { hasText: "Trip history export is slow" }).first();
    const firstItem = (page: typeof priya) => post(page).locator('[data-bk="checkboxes"] input[type="checkbox"]').first();
    await step(priya, "tick the first item", async () => {
      await openChannel(priya, "fleet-support-tier2");
      await expectText(post(priya), /Checklist · 0 of \d+ done/);
      await firstItem(priya).check();
      await expectText(post(priya), /Checklist · 1 of \d+ done/);
    });
    await step(sarah, "see it ticked in another window", async () => {
      await openChannel(sarah, "fleet-support-tier2");
      await expectText(post(sarah), /Checklist · 1 of \d+ done/);
      expect(await firstItem(sarah).isChecked()).toBe(true);
    });
  }, 90_000);

  it("shows what people type as text: no markup, no pings", async () => {
    const sarah = await windowAs("U0SARAH");
    await step(sarah, "type markup into #general", async () => {
      await openChannel(sarah, "general");
      await sarah.fill("#composer-input", `<img src=x onerror="document.body.dataset.pwned='1'"> <!channel> *bold*`);
      await sarah.press("#composer-input", "Enter");
      await expectText(sarah.locator("article.msg .msg-body"), "<img src=x");
      expect(await sarah.locator("article.msg .msg-body img").count()).toBe(0);
      expect(await sarah.locator("article.msg .msg-body .bk-special").count()).toBe(0);
      expect(await sarah.evaluate<string | undefined>("document.body.dataset.pwned")).toBeUndefined();
    });
  }, 60_000);
});
