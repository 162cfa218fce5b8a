import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { WebAPIPlatformError, WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorOptions, SlackEmulator } from "../../src/sandbox/emulator.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { eventually } from "../support/eventually.js";
import { startTestSlack } from "../support/test-slack.js";

/**
 * The Events API as the emulator plays it, checked against a small real Bolt app over signed HTTP:
 * a new public channel and joins in channels the app is in are sent as `event_callback` requests,
 * only for the bot events the app subscribed to and may see with its scopes. Channels are made and
 * joined by people (the sandbox page) or through conversations.create / conversations.invite.
 */

const SECRET = "events-secret";
const MANIFEST_EVENTS = readManifest().botEvents;

let fake: SlackEmulator;
let app: App;
let received: { type: string; user?: string; channel?: unknown }[];

async function start(opts: EmulatorOptions = {}, secret = SECRET): Promise<void> {
  // Channel events only: messages (a join's "has joined the channel", say) are message-events.test.ts's,
  // and this small app has no listener for them (one arriving as a test stops would reach a stopped Slack).
  const botEvents = MANIFEST_EVENTS.filter((e) => !e.startsWith("message."));
  fake = await startTestSlack({ users: [{ id: "U0ANN", name: "ann", realName: "Ann Lee" }, { id: "U0BEN" }, { id: "U0CAT" }], botEvents, ...opts });
  app = new App({ token: "xoxb-events", signingSecret: SECRET, clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } } });
  received = [];
  app.event("channel_created", async ({ event }) => void received.push({ type: event.type, channel: event.channel }));
  app.event("member_joined_channel", async ({ event }) => void received.push({ type: event.type, user: event.user, channel: event.channel }));
  const server = (await app.start(0)) as Server;
  fake.connectApp({ requestUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret: secret });
}

afterEach(async () => {
  await app?.stop();
  await fake?.stop();
});

/** Lets any event still on its way arrive before a test says none came. */
const settle = () => new Promise((r) => setTimeout(r, 150));

function created(name: string, isPrivate = false): string {
  const made = fake.conversations.create("U0ANN", name, isPrivate);
  if (!made.ok) throw new Error(made.error);
  return made.channel.id;
}

describe("the Events API", () => {
  it("the manifest subscribes the app to channel_created and member_joined_channel (and messages: message-events.test.ts; the Home tab: home-tab.test.ts)", () => {
    expect(MANIFEST_EVENTS).toEqual(["channel_created", "member_joined_channel", "message.channels", "message.groups", "app_home_opened"]);
  });

  it("sends channel_created for a new public channel, signed, in an event_callback envelope the app acks", async () => {
    await start();
    const id = created("incident-room");
    const got = await eventually(() => received[0], "the app to get the event");
    expect(got).toMatchObject({ type: "channel_created", channel: { id, name: "incident-room", creator: "U0ANN" } });
    const sent = await eventually(() => fake.appEvents[0]?.answer && fake.appEvents[0], "the ack");
    expect(sent.answer).toEqual({ ok: true, body: undefined });
    expect(sent.envelope).toMatchObject({
      type: "event_callback",
      team_id: EMULATOR_IDS.teamId,
      api_app_id: EMULATOR_IDS.appId,
      event_id: expect.stringMatching(/^Ev[0-9A-F]+$/),
      event: { type: "channel_created", event_ts: expect.stringMatching(/^\d+\.\d{6}$/) },
      authorizations: [{ user_id: EMULATOR_IDS.botUserId, is_bot: true }],
    });
  });

  it("an app that cannot verify the signature refuses the event, and Slack counts it as not delivered", async () => {
    await start({}, "some-other-secret");
    created("incident-room");
    const sent = await eventually(() => fake.appEvents[0]?.answer && fake.appEvents[0], "the answer");
    expect(sent.answer).toEqual({ ok: false, error: "dispatch_failed" });
    expect(received).toEqual([]);
  });

  it("sends only what the app subscribed to", async () => {
    await start({ botEvents: ["member_joined_channel"] });
    const id = created("incident-room");
    expect(fake.conversations.invite("U0ANN", id, [EMULATOR_IDS.botUserId]).ok).toBe(true);
    await eventually(() => received[0], "the join");
    await settle();
    expect(received.map((e) => e.type)).toEqual(["member_joined_channel"]);
  });

  it("an app subscribed to nothing hears nothing", async () => {
    await start({ botEvents: [] });
    const id = created("incident-room");
    fake.conversations.invite("U0ANN", id, [EMULATOR_IDS.botUserId]);
    await settle();
    expect(fake.appEvents).toEqual([]);
    expect(received).toEqual([]);
  });

  it("sends member_joined_channel only for channels the app is in, its own joining included", async () => {
    await start();
    const id = created("incident-room");
    await eventually(() => received[0], "channel_created");
    expect(fake.conversations.invite("U0ANN", id, ["U0BEN"]).ok).toBe(true);
    await settle();
    expect(received.map((e) => e.type)).toEqual(["channel_created"]);

    expect(fake.conversations.invite("U0ANN", id, [EMULATOR_IDS.botUserId]).ok).toBe(true);
    expect(fake.conversations.invite("U0ANN", id, ["U0CAT"]).ok).toBe(true);
    await eventually(() => received.length === 3, "two joins");
    expect(received.slice(1)).toEqual([
      { type: "member_joined_channel", user: EMULATOR_IDS.botUserId, channel: id },
      { type: "member_joined_channel", user: "U0CAT", channel: id },
    ]);
    expect(fake.appEvents.find((e) => e.type === "member_joined_channel")?.envelope.event).toMatchObject({ channel_type: "C", inviter: "U0ANN" });
  });

  it("a private channel: its creation is nobody's business, and joins in it need groups:read", async () => {
    await start({ scopes: ["channels:read", "chat:write"] });
    const secret = created("hush", true);
    fake.conversations.invite("U0ANN", secret, [EMULATOR_IDS.botUserId]);
    const open = created("open-room");
    fake.conversations.invite("U0ANN", open, [EMULATOR_IDS.botUserId]);
    await eventually(() => received.length === 2, "the public channel's events");
    await settle();
    expect(received.map((e) => [e.type, (e.channel as { id?: string })?.id ?? e.channel])).toEqual([
      ["channel_created", open],
      ["member_joined_channel", open],
    ]);
  });

  it("a scope the install lacks keeps the event from it", async () => {
    await start({ scopes: ["groups:read", "chat:write"] });
    created("incident-room");
    await settle();
    expect(fake.appEvents).toEqual([]);
  });
});

describe("making channels and inviting to them", () => {
  it("conversations.create and conversations.invite work for the app with Slack's errors, and need their scopes", async () => {
    await start();
    const client = new WebClient("xoxb-events", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    const made = await client.conversations.create({ name: "war-room" });
    expect(made.channel).toMatchObject({ name: "war-room", is_private: false, is_member: true });
    const refused = async (call: Promise<unknown>) => ((await call.then(() => undefined, (e: unknown) => e)) as WebAPIPlatformError | undefined)?.data.error;
    expect(await refused(client.conversations.create({ name: "war-room" }))).toBe("name_taken");
    expect(await refused(client.conversations.create({ name: "War Room" }))).toBe("invalid_name_specials");
    expect(await refused(client.conversations.create({ name: "x".repeat(81) }))).toBe("invalid_name_maxlength");
    expect((await client.conversations.invite({ channel: made.channel!.id!, users: "U0ANN,U0BEN" })).ok).toBe(true);
    expect(await refused(client.conversations.invite({ channel: made.channel!.id!, users: "U0ANN" }))).toBe("already_in_channel");
    expect(await refused(client.conversations.invite({ channel: made.channel!.id!, users: "U0NOBODY" }))).toBe("user_not_found");
    // The app was in the channel it made: it heard of the channel and both joins.
    await eventually(() => received.length === 3, "the app's events");
    expect(received.map((e) => [e.type, e.user])).toEqual([
      ["channel_created", undefined],
      ["member_joined_channel", "U0ANN"],
      ["member_joined_channel", "U0BEN"],
    ]);

    await app.stop();
    await fake.stop();
    // An app without channels:manage (this bot's manifest before war rooms) may do neither.
    await start({ scopes: readManifest().scopes.filter((s) => s !== "channels:manage") });
    const bot = new WebClient("xoxb-events", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    expect(await refused(bot.conversations.create({ name: "war-room" }))).toBe("missing_scope");
    expect(await refused(bot.conversations.invite({ channel: "C0TIER1", users: "U0ANN" }))).toBe("missing_scope");
  });

  it("/invite @Escalation Bot in the composer adds the app, shows the join, and tells the app", async () => {
    await start();
    fake.interactions.setCommands([]);
    const room = created("incident-room");
    expect(await fake.interactions.compose("U0ANN", room, "/invite @Escalation Bot")).toEqual({ ok: true });
    expect(fake.workspace.channels.get(room)?.members).toContain(EMULATOR_IDS.botUserId);
    expect(fake.workspace.channelMessages(room).map((m) => [m.subtype, m.user, m.text])).toEqual([["channel_join", EMULATOR_IDS.botUserId, `<@${EMULATOR_IDS.botUserId}> has joined the channel`]]);
    await eventually(() => received.find((e) => e.type === "member_joined_channel"), "the app's join");

    // Slack answers a problem privately, as Slackbot.
    expect(await fake.interactions.compose("U0ANN", room, "/invite @escalation-bot")).toEqual({ ok: false, error: "already_in_channel" });
    expect(await fake.interactions.compose("U0ANN", room, "/invite @nobody")).toEqual({ ok: false, error: "user_not_found" });
    expect(fake.ephemerals.visibleTo("U0ANN", room).map((m) => [m.from, m.text])).toEqual([
      [EMULATOR_IDS.slackbotId, "Escalation Bot is already in this channel."],
      [EMULATOR_IDS.slackbotId, "Nobody here is called @nobody."],
    ]);
    // Only members invite; <@U…> works as Slack's client sends it.
    expect(fake.conversations.invite("U0BEN", room, ["U0CAT"])).toEqual({ ok: false, error: "not_in_channel" });
    expect(await fake.interactions.compose("U0ANN", room, "/invite <@U0BEN>")).toEqual({ ok: true });
  });
});
