import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { WebAPIPlatformError, WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../../src/sandbox/emulator.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { homeView } from "../../src/sandbox/page/view-models.js";
import { eventually } from "../support/eventually.js";
import { startTestSlack } from "../support/test-slack.js";

/**
 * The Home tab as the emulator plays it, against a small real Bolt app over signed HTTP: opening it
 * sends `app_home_opened` (no scope needed) with the app's DM and the view published before;
 * views.publish keeps one Home per person, with Slack's rules (a person who exists, a view of type
 * home within Block Kit's limits, a stale hash refused), and the page renders it as text.
 */

const SECRET = "home-secret";
let fake: SlackEmulator;
let app: App;
let opened: { user: string; channel: string; tab?: string; view?: { id?: string } }[];

async function start(botEvents = readManifest().botEvents.filter((e) => !e.startsWith("message."))): Promise<void> {
  fake = await startTestSlack({ users: [{ id: "U0ANN", name: "ann", realName: "Ann Lee", tz: "Europe/Berlin" }], botEvents, scopes: readManifest().scopes });
  app = new App({ token: "xoxb-home", signingSecret: SECRET, clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } } });
  opened = [];
  app.event("app_home_opened", async ({ event, client }) => {
    opened.push(event as (typeof opened)[number]);
    await client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: `Opened ${opened.length} times <!channel> & <b>bold</b>` } }] },
    });
  });
  const server = (await app.start(0)) as Server;
  fake.connectApp({ requestUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret: SECRET });
}

afterEach(async () => {
  await app?.stop();
  await fake?.stop();
});

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (err instanceof WebAPIPlatformError ? err.data : { error: String(err) }));

describe("the Home tab", () => {
  it("opening it tells the app, which publishes; the next opening carries that view and the same id stays", async () => {
    await start();
    expect(await fake.homeTabs.open("U0ANN")).toEqual({ ok: true });
    const first = await fake.waitFor("views.publish");
    expect(first.response?.ok).toBe(true);
    expect(opened[0]).toMatchObject({ user: "U0ANN", channel: fake.workspace.dmWith("U0ANN", "U0BOT").id, tab: "home" });
    expect(opened[0]!.view).toBeUndefined();

    expect(await fake.homeTabs.open("U0ANN")).toEqual({ ok: true });
    const second = (await fake.waitForCount("views.publish", 2))[1]!;
    expect(opened[1]!.view?.id).toBe(first.response!.view.id);
    expect(second.response!.view.id).toBe(first.response!.view.id);
    expect(fake.views.home("U0ANN")?.view).toMatchObject({ type: "home", id: first.response!.view.id });

    // The page shows it with the renderer, text as text.
    const page = homeView(fake, fake.workspace.users.get("U0ANN")!, Date.now());
    expect(page?.body).toContain("Opened 2 times");
    expect(page?.body).not.toContain("<b>");
  });

  it("an app that did not subscribe to app_home_opened hears nothing", async () => {
    await start([]);
    expect(await fake.homeTabs.open("U0ANN")).toEqual({ ok: false, error: "not_subscribed" });
    await new Promise((r) => setTimeout(r, 150));
    expect(opened).toHaveLength(0);
  });

  it("views.publish keeps Slack's rules", async () => {
    await start();
    const client = new WebClient("xoxb-home", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    const view = (text: string) => ({ type: "home" as const, blocks: [{ type: "section" as const, text: { type: "mrkdwn" as const, text } }] });
    expect((await errorOf(client.views.publish({ user_id: "U0NOBODY", view: view("x") })))?.error).toBe("user_not_found");
    expect((await errorOf(client.views.publish({ user_id: "U0ANN", view: { type: "modal", title: { type: "plain_text", text: "x" }, blocks: [] } as never })))?.error).toBe("invalid_arguments");
    const tooMany = { type: "home" as const, blocks: Array.from({ length: 101 }, () => ({ type: "divider" as const })) };
    expect((await errorOf(client.views.publish({ user_id: "U0ANN", view: tooMany })))?.error).toBe("invalid_arguments");
    const first = await client.views.publish({ user_id: "U0ANN", view: view("One") });
    expect((await errorOf(client.views.publish({ user_id: "U0ANN", hash: "stale", view: view("Two") })))?.error).toBe("hash_conflict");
    await client.views.publish({ user_id: "U0ANN", hash: first.view!.hash!, view: view("Two") });
    await eventually(() => JSON.stringify(fake.views.home("U0ANN")?.view.blocks).includes("Two"), "the second view");
  });
});
