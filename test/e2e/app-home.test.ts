import { afterEach, describe, expect, it } from "vitest";
import { HOME_DEBOUNCE_MS } from "../../src/services/home-changes.js";
import { ACTION, CALLBACK, HOME_ACTIONS_BLOCK } from "../../src/slack/ids.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import { signedRef } from "../support/refs.js";
import { DEFAULT_CHANNELS, type RecordedCall } from "../support/test-slack.js";

/**
 * The App Home end to end: the emulator sends the real app `app_home_opened` (signed, over HTTP)
 * as a person opens the tab; the app publishes the Home through its outbox (views.publish, checked
 * against Block Kit's rules by the emulator), again after changes that concern the person (several
 * quick ones publish once, after the debounce), at once on Refresh; New escalation opens the form.
 */

const MIKE = "U0MIKE"; // an engineer in Berlin
const SARAH = "U0AGENT"; // the agent who escalates, never opens her Home
const OMAR = "U0OMAR"; // the security officer

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

const start = async () => {
  h = await startHarness({
    fake: {
      users: [
        { id: SARAH, name: "sarah", realName: "Sarah Chen" },
        { id: MIKE, name: "mike", realName: "Mike Weber", tz: "Europe/Berlin" },
        { id: OMAR, name: "omar", realName: "Omar Haddad", email: "security@fleetmanagement.com" },
      ],
      // The restricted channel is private: Mike is not in it.
      channels: DEFAULT_CHANNELS.map((c) => (c.id === "C0SEC" ? { ...c, is_private: true, members: ["U0BOT", OMAR] } : c)),
    },
  });
};

const publishesTo = (user: string) => h.fake.callsTo("views.publish").filter((c) => c.args.user_id === user);

/** Every text of a view, joined: what a person reads on it. */
const textOf = (call: RecordedCall) => JSON.stringify(call.args.view);

async function open(fields = {}) {
  await h.slack.interaction(escalationSubmission(fields));
  return h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-"));
}

describe("App Home", () => {
  it("is published when opened, and once more after several quick changes of Mike's escalation", async () => {
    await start();
    const post = await open({ customer: "Acme Corp", severity: "sev2" });
    const channel = String(post.response!.channel);
    const ts = String(post.response!.ts);

    expect(await h.fake.homeTabs.open(MIKE)).toEqual({ ok: true });
    const first = await h.fake.waitFor("views.publish", (c) => c.args.user_id === MIKE);
    expect(first.response?.ok).toBe(true);
    expect(first.args.view).toMatchObject({ type: "home", callback_id: CALLBACK.home });
    expect(textOf(first)).toContain("Nothing open is owned or acknowledged by you.");
    expect(textOf(first)).toContain("Open by severity: 1");
    // Times in Mike's own zone (users.info), named.
    expect(textOf(first)).toMatch(/by today \d\d:\d\d CET/);
    expect(textOf(first)).toContain("times in Europe/Berlin");

    // Three changes in a moment: he acknowledges, takes it over, and says something in its thread.
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: MIKE, channelId: channel, messageTs: ts }));
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === MIKE, "the acknowledgement");
    expect((await h.fake.interactions.compose(MIKE, channel, "Looking at the upload logs now", ts)).ok).toBe(true);
    await eventually(async () => (await h.bot.escalations.get(1))?.lastUpdateBy === MIKE, "the thread reply counted as an update");
    await h.bot.deliverer.drain();
    // Debounced: nothing yet.
    expect(publishesTo(MIKE)).toHaveLength(1);

    h.clock.advance(HOME_DEBOUNCE_MS);
    const second = (await h.fake.waitForCount("views.publish", 2))[1]!;
    await h.bot.deliverer.drain();
    expect(publishesTo(MIKE)).toHaveLength(2);
    expect(second.args.user_id).toBe(MIKE);
    expect(textOf(second)).toContain("ESC-0001");
    expect(textOf(second)).toContain("owner <@U0MIKE>");
    expect(textOf(second)).not.toContain("Nothing open is owned or acknowledged by you.");
    // Linked to its thread.
    expect(textOf(second)).toContain(`archives/${channel}/p${ts.replace(".", "")}|ESC-0001`);
    // Sarah opened the escalation but never her Home: nothing is published to her.
    expect(publishesTo(SARAH)).toHaveLength(0);

    // The bot's own clocks count like people: five hours on, what they did to his escalation (an
    // update reminder to him, at least) publishes his Home again, once.
    h.clock.advance(5 * 60 * 60_000);
    expect((await h.bot.clocks.tick()).handled).toBeGreaterThan(0);
    await h.bot.deliverer.drain();
    expect(publishesTo(MIKE)).toHaveLength(2);
    h.clock.advance(HOME_DEBOUNCE_MS);
    await h.fake.waitForCount("views.publish", 3);
    await h.bot.deliverer.drain();
    expect(publishesTo(MIKE)).toHaveLength(3);
  }, 30_000);

  it("Refresh publishes at once; New escalation opens the escalation form", async () => {
    await start();
    await h.fake.homeTabs.open(MIKE);
    const first = await h.fake.waitFor("views.publish", (c) => c.args.user_id === MIKE);
    const viewId = String(first.response!.view.id);
    await open({ customer: "Globex", severity: "sev3" });

    expect(await h.fake.interactions.viewAction(MIKE, viewId, { blockId: HOME_ACTIONS_BLOCK, actionId: ACTION.homeRefresh }, {})).toEqual({ ok: true });
    const refreshed = (await h.fake.waitForCount("views.publish", 2))[1]!;
    expect(refreshed.args.user_id).toBe(MIKE);
    expect(textOf(refreshed)).toContain("Globex");
    // The same Home, published again: Slack keeps its id.
    expect(refreshed.response!.view.id).toBe(viewId);

    expect(await h.fake.interactions.viewAction(MIKE, viewId, { blockId: HOME_ACTIONS_BLOCK, actionId: ACTION.homeNewEscalation }, {})).toEqual({ ok: true });
    const form = await h.fake.waitFor("views.open");
    expect(form.response?.ok).toBe(true);
    expect(form.args.view.callback_id).toBe(CALLBACK.escalationModal);
  });

  it("shows a restricted escalation to the security officer and nothing of it to anyone else", async () => {
    await start();
    await open({ customer: "Zebracorp", severity: "sev1", summary: "Zebracorp reports a data breach: another fleet's trips visible", category: "security" });
    expect((await h.bot.escalations.get(1))?.restricted).toBe(true);

    await h.fake.homeTabs.open(MIKE);
    const mikes = await h.fake.waitFor("views.publish", (c) => c.args.user_id === MIKE);
    expect(textOf(mikes)).not.toContain("Zebracorp");
    expect(textOf(mikes)).not.toContain("ESC-0001");
    expect(textOf(mikes)).toContain("Open by severity: 0");

    await h.fake.homeTabs.open(OMAR);
    const omars = await h.fake.waitFor("views.publish", (c) => c.args.user_id === OMAR);
    expect(textOf(omars)).toContain("Zebracorp");
    expect(textOf(omars)).toContain("ESC-0001");
    expect(textOf(omars)).toContain("Open by severity: 1");
  });

  it("opening the Messages tab publishes nothing", async () => {
    await start();
    const reply = await h.slack.event({
      type: "event_callback",
      team_id: "T0SANDBOX",
      event_id: "Ev0MESSAGESTAB",
      event_time: 1,
      event: { type: "app_home_opened", user: MIKE, channel: "DU0MIKE", tab: "messages", event_ts: "1.0" },
    });
    expect(reply.status).toBe(200);
    await eventually(() => h.logs.find((l) => l.includes("home.opened") && l.includes("outcome=not_home")), "the event to be handled");
    await h.bot.deliverer.drain();
    expect(h.fake.callsTo("views.publish")).toHaveLength(0);
  });
});
