import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { silentLogger } from "../support/log-capture.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import { browserAvailable, escalateFromComposer, expectText, launch, openChannel, openWindow, step } from "./browser.js";

/**
 * A message waiting for its channel, on the sandbox page in Chromium: nobody invited the app to
 * the private #security-alerts and #fleet-management was renamed away, so a security escalation
 * waits. Retry delivery on the reporter's notice says it still waits; the security officer invites
 * the app from the channel's header and the escalation appears there live; the reporter makes the
 * missing channel with "+" and the pointer appears in it; `/invite @Escalation Bot` adds the app.
 */

const run = browserAvailable() ? describe : describe.skip;

let sandbox: RunningSandbox;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error" }) as SandboxConfig;
  sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
  base = `http://localhost:${sandbox.port}/`;
  const ws = sandbox.emulator.workspace;
  const security = ws.channelByName("security-alerts")!;
  ws.putChannel({ ...security, members: security.members.filter((m) => m !== EMULATOR_IDS.botUserId) });
  ws.putChannel({ ...ws.channelByName("fleet-management")!, name: "fleet-management-2019" });
  if (browserAvailable()) browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

const notice = (page: Page) => page.locator("#messages article.msg-ephemeral", { hasText: "ESC-0001" }).last();

run("a waiting escalation on the sandbox page", () => {
  it("is retried from its notice, posted once the app is invited, and a created channel gets its pointer", async () => {
    const sarah = await openWindow(browser, base, "U0SARAH");
    const omarId = sandbox.emulator.workspace.userByEmail("security@fleetmanagement.com")!.id;
    const omar = await openWindow(browser, base, omarId);

    await step(sarah, "open a security escalation whose channel the app is not in", async () => {
      await escalateFromComposer(sarah, "/escalate Possible data breach: one fleet sees another fleet's trips", "Acme Corp");
      await expectText(notice(sarah), "could not be posted to #security-alerts yet");
      await expectText(notice(sarah), "channel_not_found");
      expect(await notice(sarah).locator('[data-bk="button"]', { hasText: "Retry delivery" }).count()).toBe(1);
    });

    await step(sarah, "Retry delivery while nothing is fixed says it still waits", async () => {
      await notice(sarah).locator('[data-bk="button"]', { hasText: "Retry delivery" }).click();
      await expectText(notice(sarah), "ESC-0001 still waits: Slack says there is no channel #security-alerts the bot can see");
      expect(await notice(sarah).locator('[data-bk="button"]', { hasText: "Retry delivery" }).count()).toBe(1);
    });

    await step(omar, "invite the app from the channel's header: the escalation appears", async () => {
      await openChannel(omar, "security-alerts");
      await omar.locator("#invite-app", { hasText: "Invite Escalation Bot" }).click();
      await expectText(omar.locator("#messages article.msg"), "has joined the channel");
      await expectText(omar.locator("#messages article.msg"), "ESC-0001");
      await omar.locator("#invite-app").waitFor({ state: "hidden" });
    });

    await step(sarah, "Retry delivery says the post went and what still waits", async () => {
      await notice(sarah).locator('[data-bk="button"]', { hasText: "Retry delivery" }).click();
      await expectText(notice(sarah), "ESC-0001 is posted in #security-alerts, but the notice to #fleet-management still waits");
    });

    await step(sarah, "create the missing channel: the escalation's pointer appears in it", async () => {
      await sarah.click("#new-channel");
      await sarah.fill("#new-channel-name", "Fleet Management");
      await sarah.click("#new-channel-create");
      await expectText(sarah.locator("#conv-title"), "#fleet-management");
      await expectText(sarah.locator("#messages article.msg"), "ESC-0001");
      await sarah.click("#api-log-toggle");
      await expectText(sarah.locator("#api-log-list li"), /event channel_created acked/);
    });

    await step(sarah, "Retry delivery now says everything went, and where", async () => {
      await openChannel(sarah, "support-escalation");
      await notice(sarah).locator('[data-bk="button"]', { hasText: "Retry delivery" }).click();
      await expectText(notice(sarah), "has been delivered");
      await expectText(notice(sarah), "It is posted in #security-alerts");
      expect(await notice(sarah).locator('[data-bk="button"]').count()).toBe(0);
      await openChannel(sarah, "fleet-management");
    });

    await step(sarah, "a name Slack refuses is said in the dialog", async () => {
      await sarah.click("#new-channel");
      await sarah.fill("#new-channel-name", "fleet-management");
      await sarah.click("#new-channel-create");
      await expectText(sarah.locator("#new-channel-problem"), "already taken");
      await sarah.click("#new-channel-cancel");
    });

    await step(sarah, "/invite @Escalation Bot adds the app to the new channel", async () => {
      expect(await sarah.locator("#invite-app").isVisible()).toBe(true);
      await sarah.fill("#composer-input", "/invite @Escalation Bot");
      await sarah.press("#composer-input", "Enter");
      await expectText(sarah.locator("#messages article.msg"), "has joined the channel");
      await sarah.locator("#invite-app").waitFor({ state: "hidden" });
    });
  }, 120_000);
});
