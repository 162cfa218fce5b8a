import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppLink } from "../../src/sandbox/app-link.js";
import { ACTION } from "../../src/slack/ids.js";
import { filledForm } from "../support/forms.js";
import { eventually } from "../support/eventually.js";
import { startHarness, type Harness } from "../support/harness.js";

/**
 * Socket Mode end to end: the bot asks the emulator for a WebSocket address with its app token
 * (apps.connections.open through SLACK_API_URL), connects, and takes commands, clicks and
 * submissions as envelopes it acks on the socket; its Web API calls still go over HTTP.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ env: { SLACK_APP_TOKEN: "xapp-1-socket-test" }, fake: { users: [{ id: "U0AGENT" }, { id: "U0ENG" }] } });
});
afterEach(async () => {
  await h.stop();
});

describe("Socket Mode", () => {
  it("connects with the app token and handles /escalate, the form and a button over the socket", async () => {
    const open = await h.fake.waitFor("apps.connections.open");
    expect(open.token).toBe("xapp-1-socket-test");
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);

    const people = h.fake.interactions;
    people.setCommands([{ command: "/escalate" }]);
    // The socket is up once the hello was acknowledged; a command sent before would go nowhere.
    await eventually(async () => (await people.compose("U0AGENT", "C0TIER1", "/escalate Acme photo uploads fail")).ok || undefined, "the socket");
    const form = await eventually(() => h.fake.views.top("U0AGENT"), "the form");
    expect(JSON.stringify(form.view.blocks)).toContain("Acme photo uploads fail");

    const outcome = await people.submitView("U0AGENT", form.view.id, filledForm(form.view, { customer: { customer: "Acme Corp" } }));
    expect(outcome).toEqual({ kind: "closed" });
    await h.bot.deliverer.drain();
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    const ts = String(post.response?.ts);

    expect(await people.messageAction("U0ENG", { channel: "C0TIER2", messageTs: ts }, { blockId: "escalation_actions", actionId: ACTION.acknowledge })).toEqual({ ok: true });
    await eventually(() => h.fake.callsTo("chat.update").find((c) => JSON.stringify(c.args.blocks).includes("Acknowledged")), "the acknowledgement");
  });

  it("takes Slack's events on the socket too: a new channel reaches the bot's listener, acked on the socket", async () => {
    await eventually(() => h.fake.socketConnected, "the socket");
    const made = h.fake.conversations.create("U0AGENT", "incident-room", false);
    if (!made.ok) throw new Error(made.error);
    const sent = await eventually(() => h.fake.appEvents.find((e) => e.answer?.ok), "the event to be acked on the socket");
    expect(sent.type).toBe("channel_created");
    await eventually(() => h.logs.find((l) => l.includes("delivery.channel_created") && l.includes(`channel=${made.channel.id}`)), "the bot's listener");
  });

  it("checks envelopes at the edge as HTTP requests are: malformed or unknown ones are acked at once and reach no listener", async () => {
    await eventually(() => h.fake.socketConnected, "the socket");
    // Raw envelopes, as no person in the workspace could make them.
    const link = (h.fake as unknown as { link: AppLink }).link;
    const click = { type: "block_actions", user: "U0AGENT", trigger_id: "t", actions: [{ type: "button", action_id: ACTION.acknowledge, block_id: "escalation_actions", value: "ESC-0001.x" }] };
    const started = Date.now();
    expect(await link.send("interactive", click)).toMatchObject({ ok: true });
    expect(await link.send("interactive", { type: "a_type_slack_adds_later" })).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(h.logs.filter((l) => /request\.(malformed|unknown)/.test(l))).toEqual([
      expect.stringMatching(/WARN: request\.malformed type=block_actions problem="user: Invalid input: expected object, received string"/),
      expect.stringMatching(/INFO: request\.unknown type=a_type_slack_adds_later/),
    ]);
    expect(h.logs.filter((l) => l.includes("escalation.acknowledge"))).toEqual([]);
  });
});
