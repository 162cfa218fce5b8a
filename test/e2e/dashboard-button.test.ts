import { afterEach, describe, expect, it } from "vitest";
import { verifyViewerLink, VIEWER_LINK_TTL_MS } from "../../src/dashboard/viewer-link.js";
import { InstallationRepo } from "../../src/db/installation-repo.js";
import { resolveRefKey } from "../../src/slack/signed-ref.js";
import { ACTION, CALLBACK, DASHBOARD_LINK_BLOCK, HOME_ACTIONS_BLOCK } from "../../src/slack/ids.js";
import { METADATA_SIGNING_KEY, startHarness, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import type { RecordedCall } from "../support/test-slack.js";

/**
 * App Home's Dashboard button end to end: the real app over signed HTTP against the emulator. The
 * Home offers it only when PUBLIC_URL is set; a click opens a modal (views.open with the click's
 * trigger) whose link button goes to `<PUBLIC_URL>/dashboard?link=<token>`, the token naming the
 * person Slack says clicked and expiring 15 minutes after the click on the bot's clock.
 */

const MIKE = "U0MIKE";
const OMAR = "U0OMAR";
const PUBLIC_URL = "https://escalations.example.com";

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const start = (env: Record<string, string> = {}) =>
  startHarness({ env, fake: { users: [{ id: MIKE, name: "mike", realName: "Mike Weber" }, { id: OMAR, name: "omar", realName: "Omar Haddad" }] } });

/** The key the dashboard checks links with: the bot's own (the environment's mixed into the database's). */
async function linkKey(): Promise<string> {
  const recorded = await h.bot.db.read((tx) => new InstallationRepo(tx).get());
  return resolveRefKey(METADATA_SIGNING_KEY, recorded).key;
}

async function openHome(user: string): Promise<RecordedCall> {
  expect(await h.fake.homeTabs.open(user)).toEqual({ ok: true });
  return h.fake.waitFor("views.publish", (c) => c.args.user_id === user);
}

const homeButtons = (call: RecordedCall): string[] => {
  const blocks = call.args.view.blocks as { block_id?: string; elements?: { action_id: string }[] }[];
  return blocks.find((b) => b.block_id === HOME_ACTIONS_BLOCK)!.elements!.map((e) => e.action_id);
};

/** The `count`th modal views.open was given, and the address of its link button. */
async function dashboardModal(count: number): Promise<{ call: RecordedCall; url: URL | undefined }> {
  const call = (await h.fake.waitForCount("views.open", count))[count - 1]!;
  expect(call.response?.ok).toBe(true);
  expect(call.args.view).toMatchObject({ type: "modal", callback_id: CALLBACK.dashboardLink, title: { text: "Dashboard" } });
  const blocks = call.args.view.blocks as { block_id?: string; elements?: { url?: string; text: { text: string } }[] }[];
  const button = blocks.find((b) => b.block_id === DASHBOARD_LINK_BLOCK)?.elements?.[0];
  if (button) expect(button.text.text).toBe("Open the dashboard");
  return { call, url: button?.url ? new URL(button.url) : undefined };
}

describe("the Dashboard button on App Home", () => {
  it("is not offered when the bot does not know its address; a click from an old Home says what to set", async () => {
    h = await start();
    expect(homeButtons(await openHome(MIKE))).toEqual([ACTION.homeNewEscalation, ACTION.homeRefresh]);

    // A Home published before PUBLIC_URL was unset still has the button: its click explains.
    expect((await h.slack.interaction(blockAction({ actionId: ACTION.homeDashboard, value: "dashboard", blockId: HOME_ACTIONS_BLOCK, userId: MIKE }))).status).toBe(200);
    const { call, url } = await dashboardModal(1);
    expect(url).toBeUndefined();
    expect(JSON.stringify(call.args.view)).toContain("PUBLIC_URL");
    expect(h.logs.join("\n")).toMatch(/home\.dashboard .*outcome=no_address/);
  });

  it("is offered with PUBLIC_URL; a click opens a modal whose link is the clicker's, for 15 minutes of the bot's clock", async () => {
    // Given with a trailing slash: the link has none doubled.
    // At debug, where the Web API client logs every request body, views.open's included.
    h = await start({ PUBLIC_URL: `${PUBLIC_URL}/`, LOG_LEVEL: "debug" });
    const home = await openHome(MIKE);
    expect(homeButtons(home)).toEqual([ACTION.homeNewEscalation, ACTION.homeRefresh, ACTION.homeDashboard]);
    const key = await linkKey();

    // Published now; clicked ten minutes later: the link counts from the click.
    h.clock.advance(10 * 60_000);
    const clickedAt = h.clock.now();
    const homeId = String(home.response!.view.id);
    expect(await h.fake.interactions.viewAction(MIKE, homeId, { blockId: HOME_ACTIONS_BLOCK, actionId: ACTION.homeDashboard }, {})).toEqual({ ok: true });
    const { call, url } = await dashboardModal(1);
    expect(`${url!.origin}${url!.pathname}`).toBe(`${PUBLIC_URL}/dashboard`);
    const token = url!.searchParams.get("link")!;
    expect(verifyViewerLink(token, key, clickedAt)).toEqual({ ok: true, userId: MIKE, expiresAt: clickedAt + VIEWER_LINK_TTL_MS });
    const text = JSON.stringify(call.args.view);
    expect(text).toContain("works for 15 minutes");
    expect(text).toContain("only for you");

    // The modal's link button: its click reaches the app, which acks it.
    const modalId = String(call.response!.view.id);
    expect(await h.fake.interactions.viewAction(MIKE, modalId, { blockId: DASHBOARD_LINK_BLOCK, actionId: ACTION.openDashboard }, {})).toEqual({ ok: true });

    // Fifteen minutes on, by the bot's clock, the link no longer opens anything.
    h.clock.advance(VIEWER_LINK_TTL_MS - 1);
    expect(verifyViewerLink(token, key, h.clock.now()).ok).toBe(true);
    h.clock.advance(1);
    expect(verifyViewerLink(token, key, h.clock.now())).toEqual({ ok: false, reason: "expired" });
    // A new click makes a new link that works again.
    expect(await h.fake.interactions.viewAction(MIKE, homeId, { blockId: HOME_ACTIONS_BLOCK, actionId: ACTION.homeDashboard }, {})).toEqual({ ok: true });
    const again = await dashboardModal(2);
    expect(verifyViewerLink(again.url!.searchParams.get("link")!, key, h.clock.now())).toMatchObject({ ok: true, userId: MIKE });

    // A link is a credential: it is never written to the log.
    const logs = [...h.logs, ...h.jsonLogs].join("\n");
    expect(logs).toMatch(/home\.dashboard .*outcome=modal_opened/);
    expect(logs).not.toContain(token);
  });

  it("names whoever Slack says clicked, never what the click carries", async () => {
    h = await start({ PUBLIC_URL });
    const key = await linkKey();
    await openHome(MIKE);
    const omarsHome = await openHome(OMAR);

    // Omar clicks his own Home's button: his link.
    expect(await h.fake.interactions.viewAction(OMAR, String(omarsHome.response!.view.id), { blockId: HOME_ACTIONS_BLOCK, actionId: ACTION.homeDashboard }, {})).toEqual({ ok: true });
    const own = await dashboardModal(1);
    expect(verifyViewerLink(own.url!.searchParams.get("link")!, key, h.clock.now())).toMatchObject({ ok: true, userId: OMAR });

    // A click signed for Omar whose value names Mike still gets Omar's link, not Mike's.
    const forged = blockAction({ actionId: ACTION.homeDashboard, value: MIKE, blockId: HOME_ACTIONS_BLOCK, userId: OMAR });
    expect((await h.slack.interaction(forged)).status).toBe(200);
    const second = await dashboardModal(2);
    expect(verifyViewerLink(second.url!.searchParams.get("link")!, key, h.clock.now())).toMatchObject({ ok: true, userId: OMAR });

    // A click that is not signed by Slack opens nothing.
    const unsigned = await h.slack.raw(new URLSearchParams({ payload: JSON.stringify(blockAction({ actionId: ACTION.homeDashboard, value: "dashboard", userId: MIKE })) }).toString(), {});
    expect(unsigned.status).toBe(401);
    await h.bot.deliverer.drain();
    expect(h.fake.callsTo("views.open")).toHaveLength(2);
  });
});
