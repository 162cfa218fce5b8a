import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatorOptions, SlackEmulator } from "../../src/sandbox/emulator.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { eventually } from "../support/eventually.js";
import { DEFAULT_CHANNELS, startTestSlack } from "../support/test-slack.js";

/**
 * The `message` events the emulator sends, checked against a small real Bolt app over signed HTTP:
 * what people say in a channel or a thread, and what the app itself posts (with its bot id, which
 * Bolt's own filter drops) or edits; only for conversations the bot is in, only those the app
 * subscribed to (`message.channels`, `message.groups`) and may read with its scopes.
 */

const SECRET = "message-events-secret";
const MANIFEST = readManifest();
const USERS = [{ id: "U0ANN", name: "ann" }, { id: "U0BEN" }];
const CHANNELS = [
  ...DEFAULT_CHANNELS,
  { id: "G0HUSH", name: "hush", is_private: true, members: ["U0ANN", EMULATOR_IDS.botUserId] },
  { id: "G0AWAY", name: "away", is_private: true, members: ["U0ANN"] },
  { id: "C0QUIET", name: "quiet", members: ["U0ANN"] },
];

let fake: SlackEmulator;
let app: App;
/** What reached the app's `message` listener (after Bolt's filter of the app's own messages). */
let heard: Record<string, any>[];

async function start(opts: EmulatorOptions = {}): Promise<void> {
  fake = await startTestSlack({ users: USERS, channels: CHANNELS, botEvents: MANIFEST.botEvents, scopes: MANIFEST.scopes, ...opts });
  app = new App({ token: "xoxb-messages", signingSecret: SECRET, clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } }, deferInitialization: true });
  // Bolt learns its bot's ids (auth.test) before it takes events: its filter of its own messages needs them.
  await app.init();
  heard = [];
  app.event("message", async ({ event }) => void heard.push(event as Record<string, any>));
  const server = (await app.start(0)) as Server;
  fake.connectApp({ requestUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret: SECRET });
}

afterEach(async () => {
  await app?.stop();
  await fake?.stop();
});

/** Lets any event still on its way arrive before a test says none came. */
const settle = () => new Promise((r) => setTimeout(r, 150));
const sentMessages = () => fake.appEvents.filter((e) => e.type === "message").map((e) => e.envelope.event as Record<string, any>);
const bot = () => new WebClient("xoxb-messages", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });

describe("message events", () => {
  it("the manifest subscribes the app to the messages of public and private channels, not DMs", () => {
    expect(MANIFEST.botEvents).toEqual(expect.arrayContaining(["message.channels", "message.groups"]));
    expect(MANIFEST.botEvents).not.toContain("message.im");
  });

  it("a person's message in a public channel the bot is in, and a reply in its thread", async () => {
    await start();
    expect(await fake.interactions.compose("U0ANN", "C0TIER1", "Acme Corp is down <again>")).toEqual({ ok: true });
    const [first] = await eventually(() => heard.length === 1 && heard, "the message");
    expect(first).toEqual({
      type: "message",
      channel: "C0TIER1",
      channel_type: "channel",
      user: "U0ANN",
      text: "Acme Corp is down &lt;again&gt;",
      ts: expect.stringMatching(/^\d+\.\d{6}$/),
      team: EMULATOR_IDS.teamId,
      event_ts: expect.any(String),
    });
    expect(await fake.interactions.compose("U0BEN", "C0TIER1", "On it", first!.ts)).toEqual({ ok: true });
    await eventually(() => heard.length === 2, "the reply");
    expect(heard[1]).toMatchObject({ type: "message", user: "U0BEN", text: "On it", thread_ts: first!.ts, parent_user_id: "U0ANN" });
    const envelope = fake.appEvents.at(-1)!.envelope;
    expect(envelope).toMatchObject({ type: "event_callback", api_app_id: EMULATOR_IDS.appId, event: { type: "message" } });
    await eventually(() => fake.appEvents.every((e) => e.answer?.ok), "every event acked");
  });

  it("a private channel the bot is in, as channel_type group; nothing from conversations it is not in", async () => {
    await start();
    await fake.interactions.compose("U0ANN", "G0AWAY", "not for the bot");
    await fake.interactions.compose("U0ANN", "C0QUIET", "not here either");
    await fake.interactions.compose("U0ANN", "G0HUSH", "between us");
    await eventually(() => heard.length === 1, "the private message");
    await settle();
    expect(heard.map((e) => [e.channel, e.channel_type, e.text])).toEqual([["G0HUSH", "group", "between us"]]);
  });

  it("only the kinds of conversation subscribed to, and only with the history scope for them", async () => {
    await start({ botEvents: ["message.channels"], scopes: MANIFEST.scopes.filter((s) => s !== "channels:history") });
    await fake.interactions.compose("U0ANN", "C0TIER1", "public");
    await fake.interactions.compose("U0ANN", "G0HUSH", "private");
    await settle();
    expect(fake.appEvents).toEqual([]);
    await app.stop();
    await fake.stop();

    await start({ botEvents: ["message.channels"] });
    await fake.interactions.compose("U0ANN", "G0HUSH", "private");
    await fake.interactions.compose("U0ANN", "C0TIER1", "public");
    await eventually(() => heard.length === 1, "the public one");
    await settle();
    expect(heard.map((e) => e.text)).toEqual(["public"]);
  });

  it("a DM with the app is not sent: the app does not subscribe to message.im", async () => {
    await start();
    await fake.interactions.compose("U0ANN", fake.workspace.dmWith("U0ANN", EMULATOR_IDS.botUserId).id, "hello app");
    await settle();
    expect(sentMessages()).toEqual([]);
  });

  it("the app's own posts and edits arrive with its bot id, and Bolt's filter keeps them from its listener", async () => {
    await start();
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*ESC-0001*" } }];
    const posted = await bot().chat.postMessage({ channel: "C0TIER2", text: "ESC-0001", blocks });
    const reply = await bot().chat.postMessage({ channel: "C0TIER2", text: "Acknowledged", thread_ts: posted.ts! });
    await bot().chat.update({ channel: "C0TIER2", ts: posted.ts!, text: "ESC-0001 (acknowledged)" });
    // Not in #quiet: it may post there (chat:write.public), and hears nothing of it.
    await bot().chat.postMessage({ channel: "C0QUIET", text: "hello" });
    await eventually(() => fake.appEvents.length === 3 && fake.appEvents.every((e) => e.answer?.ok), "three events acked");
    const [post, threadReply, edit] = sentMessages();
    expect(post).toMatchObject({ channel: "C0TIER2", channel_type: "channel", user: EMULATOR_IDS.botUserId, bot_id: EMULATOR_IDS.botId, app_id: EMULATOR_IDS.appId, text: "ESC-0001", ts: posted.ts, blocks });
    expect(threadReply).toMatchObject({ bot_id: EMULATOR_IDS.botId, ts: reply.ts, thread_ts: posted.ts });
    expect(edit).toMatchObject({
      subtype: "message_changed",
      hidden: true,
      channel: "C0TIER2",
      channel_type: "channel",
      message: { bot_id: EMULATOR_IDS.botId, ts: posted.ts, text: "ESC-0001 (acknowledged)", edited: { user: EMULATOR_IDS.botUserId } },
      previous_message: { ts: posted.ts, text: "ESC-0001" },
    });
    await settle();
    // Bolt's filter drops the app's own messages; an edit names the app only inside it, so the
    // listener must leave message_changed (and every other subtype) alone itself.
    expect(heard.map((e) => e.subtype)).toEqual(["message_changed"]);
  });

  it("the app's own join shows as a channel_join message, like anyone's after it", async () => {
    await start();
    expect(fake.conversations.invite("U0ANN", "C0QUIET", [EMULATOR_IDS.botUserId]).ok).toBe(true);
    expect(fake.conversations.invite("U0ANN", "C0QUIET", ["U0BEN"]).ok).toBe(true);
    await eventually(() => sentMessages().length === 2 && fake.appEvents.every((e) => e.answer?.ok), "both joins, acked");
    expect(sentMessages().map((e) => [e.subtype, e.user])).toEqual([
      ["channel_join", EMULATOR_IDS.botUserId],
      ["channel_join", "U0BEN"],
    ]);
  });
});
