import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../../src/sandbox/emulator.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { eventually } from "../support/eventually.js";
import { DEFAULT_CHANNELS, startTestSlack } from "../support/test-slack.js";

/**
 * The app's shortcuts as the emulator plays them, checked against a small real Bolt app over signed
 * HTTP: the manifest's shortcuts, the `shortcut` and `message_action` payloads exactly as Slack
 * sends them, a trigger id views.open takes once, and what is refused before reaching the app.
 */

const SECRET = "shortcuts-secret";
let fake: SlackEmulator;
let app: App;
let bodies: Record<string, any>[];
let opened: { ok: boolean; error?: string }[];

const modal = { type: "modal" as const, callback_id: "form", title: { type: "plain_text" as const, text: "Form" }, blocks: [] };

beforeEach(async () => {
  fake = await startTestSlack({
    users: [{ id: "U0ANN", name: "ann", realName: "Ann Lee" }, { id: "U0BEN", name: "ben" }],
    channels: [...DEFAULT_CHANNELS, { id: "G0HUSH", name: "hush", is_private: true, members: ["U0BEN", EMULATOR_IDS.botUserId] }],
  });
  fake.shortcuts.set(readManifest().shortcuts);
  app = new App({ token: "xoxb-shortcuts", signingSecret: SECRET, clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } }, deferInitialization: true });
  await app.init();
  bodies = [];
  opened = [];
  app.shortcut(/.*/, async ({ ack, body, client }) => {
    await ack();
    bodies.push(body as Record<string, any>);
    opened.push(await client.views.open({ trigger_id: body.trigger_id, view: modal }).then((r) => ({ ok: r.ok === true }), (e: { data?: { error?: string } }) => ({ ok: false, error: e.data?.error })));
  });
  const server = (await app.start(0)) as Server;
  fake.connectApp({ requestUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret: SECRET });
});
afterEach(async () => {
  await app.stop();
  await fake.stop();
});

function said(channel: string, user: string, text: string, more: { threadTs?: string; blocks?: unknown[]; botId?: string } = {}): string {
  const ts = fake.workspace.nextTs(Date.now());
  fake.workspace.post({ channel, ts, user, text, ...more });
  return ts;
}

describe("the manifest's shortcuts", () => {
  it("declares a global one and a message one", () => {
    expect(readManifest().shortcuts).toEqual([
      { name: "Open an escalation", type: "global", callbackId: "open_escalation", description: expect.any(String) },
      { name: "Escalate this message", type: "message", callbackId: "escalate_message", description: expect.any(String) },
    ]);
  });
});

describe("a global shortcut", () => {
  it("sends Slack's shortcut payload, with a trigger id views.open takes once", async () => {
    expect(await fake.shortcuts.global("U0ANN", "open_escalation")).toEqual({ ok: true });
    await eventually(() => opened[0], "the app to open its modal");
    expect(bodies[0]).toEqual({
      type: "shortcut",
      token: "sandbox-verification-token",
      action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      team: { id: EMULATOR_IDS.teamId, domain: EMULATOR_IDS.teamDomain },
      user: { id: "U0ANN", username: "ann", team_id: EMULATOR_IDS.teamId },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: "open_escalation",
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]+$/),
    });
    expect(opened[0]).toEqual({ ok: true });
    expect(fake.views.top("U0ANN")?.view.callback_id).toBe("form");
    expect(fake.views.takeTrigger(bodies[0]!.trigger_id)).toEqual({ problem: "exchanged_trigger_id" });
  });

  it("one the app does not declare, or a person who is not there, never reaches it", async () => {
    expect(await fake.shortcuts.global("U0ANN", "escalate_message")).toEqual({ ok: false, error: "shortcut_not_found" });
    expect(await fake.shortcuts.global("U0ANN", "nope")).toEqual({ ok: false, error: "shortcut_not_found" });
    expect(await fake.shortcuts.global(EMULATOR_IDS.botUserId, "open_escalation")).toEqual({ ok: false, error: "user_not_found" });
    expect(bodies).toEqual([]);
  });
});

describe("a message shortcut", () => {
  it("sends Slack's message_action payload with the message, its channel and a response URL", async () => {
    const ts = said("C0TIER1", "U0BEN", "Acme Corp cannot log in &lt;again&gt;");
    expect(await fake.shortcuts.onMessage("U0ANN", { channel: "C0TIER1", messageTs: ts }, "escalate_message")).toEqual({ ok: true });
    await eventually(() => opened[0], "the app to open its modal");
    expect(bodies[0]).toEqual({
      type: "message_action",
      token: "sandbox-verification-token",
      action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
      team: { id: EMULATOR_IDS.teamId, domain: EMULATOR_IDS.teamDomain },
      user: { id: "U0ANN", username: "ann", name: "ann", team_id: EMULATOR_IDS.teamId },
      channel: { id: "C0TIER1", name: "fleet-support-tier1" },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: "escalate_message",
      trigger_id: expect.any(String),
      message_ts: ts,
      message: { type: "message", user: "U0BEN", ts, text: "Acme Corp cannot log in &lt;again&gt;" },
      response_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/response\/[0-9a-f]+$/),
    });
    expect(opened[0]).toEqual({ ok: true });
    // The response URL answers the person privately where the message is.
    const answer = await fetch(bodies[0]!.response_url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "Noted" }) });
    expect(await answer.json()).toEqual({ ok: true });
    expect(fake.ephemerals.visibleTo("U0ANN", "C0TIER1").map((m) => m.text)).toEqual(["Noted"]);
  });

  it("on the app's reply in a thread: the message carries the bot id, its blocks and its thread", async () => {
    const parent = said("C0TIER1", "U0BEN", "Morning");
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*Done*" } }];
    const ts = said("C0TIER1", EMULATOR_IDS.botUserId, "Done", { threadTs: parent, blocks, botId: EMULATOR_IDS.botId });
    await fake.shortcuts.onMessage("U0ANN", { channel: "C0TIER1", messageTs: ts }, "escalate_message");
    await eventually(() => bodies[0], "the payload");
    expect(bodies[0]!.message).toEqual({ type: "message", user: EMULATOR_IDS.botUserId, bot_id: EMULATOR_IDS.botId, ts, thread_ts: parent, text: "Done", blocks });
    expect(bodies[0]!.message_ts).toBe(ts);
  });

  it("only on a message the person can see, and only one the app declares", async () => {
    const secret = said("G0HUSH", "U0BEN", "between us");
    expect(await fake.shortcuts.onMessage("U0ANN", { channel: "G0HUSH", messageTs: secret }, "escalate_message")).toEqual({ ok: false, error: "channel_not_found" });
    expect(await fake.shortcuts.onMessage("U0ANN", { channel: "C0TIER1", messageTs: "1.000001" }, "escalate_message")).toEqual({ ok: false, error: "message_not_found" });
    const ts = said("C0TIER1", "U0BEN", "hello");
    expect(await fake.shortcuts.onMessage("U0ANN", { channel: "C0TIER1", messageTs: ts }, "open_escalation")).toEqual({ ok: false, error: "shortcut_not_found" });
    expect(bodies).toEqual([]);
    // Ben is in the private channel: there it works, named as Slack names it.
    expect(await fake.shortcuts.onMessage("U0BEN", { channel: "G0HUSH", messageTs: secret }, "escalate_message")).toEqual({ ok: true });
    await eventually(() => bodies[0], "the payload");
    expect(bodies[0]!.channel).toEqual({ id: "G0HUSH", name: "hush" });
  });

  it("an app that does not answer: the person is told so", async () => {
    fake.connectApp(undefined);
    const ts = said("C0TIER1", "U0BEN", "hello");
    expect(await fake.shortcuts.onMessage("U0ANN", { channel: "C0TIER1", messageTs: ts }, "escalate_message")).toEqual({ ok: false, error: "no_app_connected" });
    expect(await fake.shortcuts.global("U0ANN", "open_escalation")).toEqual({ ok: false, error: "no_app_connected" });
  });
});
