import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { afterEach, describe, expect, it } from "vitest";
import { SlackEmulator, type EmulatorOptions } from "../../src/sandbox/emulator.js";
import { TRIGGER_TTL_MS, ViewStore } from "../../src/sandbox/views.js";
import { startTestSlack } from "../support/test-slack.js";

/** The rules the emulator keeps because Slack keeps them: what real Slack refuses, it refuses too. */

const started: SlackEmulator[] = [];
afterEach(async () => {
  for (const e of started.splice(0)) await e.stop();
});

async function emulator(opts: EmulatorOptions = {}): Promise<{ fake: SlackEmulator; client: WebClient }> {
  const fake = await startTestSlack({ users: [{ id: "U0ANN" }, { id: "U0BEN" }], ...opts });
  started.push(fake);
  return { fake, client: new WebClient("xoxb-rules", { slackApiUrl: fake.url, retryConfig: { retries: 0 } }) };
}

const errorOf = async (p: Promise<unknown>) => ((await p.then(() => undefined, (e: { data?: { error?: string } }) => e)) as { data?: { error?: string; response_metadata?: { messages?: string[] } } } | undefined)?.data;

describe("messages", () => {
  it("refuses blocks Slack would refuse, saying why, and keeps nothing", async () => {
    const { fake, client } = await emulator();
    const data = await errorOf(client.chat.postMessage({ channel: "C0TIER1", text: "x", blocks: [{ type: "section", text: { type: "mrkdwn", text: "a".repeat(3001) } }] }));
    expect(data?.error).toBe("invalid_blocks");
    expect(data?.response_metadata?.messages?.[0]).toMatch(/3001.*\/blocks\/0\/text\/text/);
    expect((await errorOf(client.chat.postMessage({ channel: "C0TIER1", blocks: [{ type: "nonsense" }] })))?.error).toBe("invalid_blocks");
    expect((await errorOf(client.chat.postMessage({ channel: "C0TIER1" } as never)))?.error).toBe("no_text");
    expect(fake.messages.size).toBe(0);
  });

  it("chat.update needs the channel id, and only updates the app's own messages", async () => {
    const { fake, client } = await emulator();
    const posted = await client.chat.postMessage({ channel: "#fleet-support-tier1", text: "hello" });
    expect(posted.channel).toBe("C0TIER1");
    expect((await errorOf(client.chat.update({ channel: "fleet-support-tier1", ts: posted.ts!, text: "x" })))?.error).toBe("channel_not_found");
    await client.chat.update({ channel: "C0TIER1", ts: posted.ts!, text: "edited" });
    expect(fake.messages.get(`C0TIER1:${posted.ts}`)).toMatchObject({ text: "edited", updates: 1 });
    fake.interactions.setCommands([]);
    await fake.interactions.compose("U0ANN", "C0TIER1", "a person's message");
    const mine = [...fake.messages.values()].find((m) => m.user === "U0ANN")!;
    expect((await errorOf(client.chat.update({ channel: "C0TIER1", ts: mine.ts, text: "x" })))?.error).toBe("cant_update_message");
  });

  it("gives each message a later ts than the one before, even when the clock goes back", async () => {
    let now = Date.parse("2026-03-01T10:00:00Z");
    const { client } = await emulator({ now: () => now });
    const a = await client.chat.postMessage({ channel: "C0TIER1", text: "a" });
    now -= 3_600_000;
    const b = await client.chat.postMessage({ channel: "C0TIER2", text: "b" });
    const c = await client.chat.postMessage({ channel: "C0TIER1", text: "c" });
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(Number(c.ts)).toBeGreaterThan(Number(b.ts));
  });

  it("threads a reply to a reply onto the parent, and refuses a thread that does not exist", async () => {
    const { fake, client } = await emulator();
    const parent = await client.chat.postMessage({ channel: "C0TIER1", text: "parent" });
    const reply = await client.chat.postMessage({ channel: "C0TIER1", text: "reply", thread_ts: parent.ts! });
    const nested = await client.chat.postMessage({ channel: "C0TIER1", text: "nested", thread_ts: reply.ts! });
    expect(fake.messages.get(`C0TIER1:${nested.ts}`)?.threadTs).toBe(parent.ts);
    expect((await errorOf(client.chat.postMessage({ channel: "C0TIER1", text: "x", thread_ts: "1.000001" })))?.error).toBe("thread_not_found");
    const history = await client.conversations.history({ channel: "C0TIER1" });
    expect(history.messages?.map((m) => m.text)).toEqual(["parent"]);
    expect(history.messages?.[0]).toMatchObject({ reply_count: 2 });
  });
});

describe("channels, people and scopes", () => {
  it("hides private channels the app is not in, and says not_in_channel without chat:write.public", async () => {
    const { fake, client } = await emulator({ scopes: ["chat:write", "channels:read", "groups:read"] });
    fake.addChannel({ id: "C0WAR", name: "war-room", is_private: true, members: ["U0ANN"] });
    fake.addChannel({ id: "C0PUB", name: "quiet", members: ["U0ANN"] });
    expect((await errorOf(client.chat.postMessage({ channel: "C0WAR", text: "x" })))?.error).toBe("channel_not_found");
    expect((await client.conversations.list({ types: "public_channel,private_channel", limit: 100 })).channels?.map((c) => c.id)).not.toContain("C0WAR");
    expect((await errorOf(client.chat.postMessage({ channel: "C0PUB", text: "x" })))?.error).toBe("not_in_channel");
    expect((await client.chat.postMessage({ channel: "C0TIER1", text: "everyone's channel" })).ok).toBe(true);
  });

  it("answers missing_scope for a method the install has no scope for", async () => {
    const { client } = await emulator({ scopes: ["chat:write"] });
    const data = (await errorOf(client.users.lookupByEmail({ email: "a@b.c" }))) as { error?: string; needed?: string } | undefined;
    expect(data).toMatchObject({ error: "missing_scope", needed: "users:read.email" });
  });

  it("refuses an ephemeral message for someone who is not in the channel", async () => {
    const { fake, client } = await emulator();
    fake.addChannel({ id: "C0SMALL", name: "small", members: ["U0BOT", "U0ANN"] });
    expect((await errorOf(client.chat.postEphemeral({ channel: "C0SMALL", user: "U0BEN", text: "x" })))?.error).toBe("user_not_in_channel");
    await client.chat.postEphemeral({ channel: "C0SMALL", user: "U0ANN", text: "just you" });
    expect(fake.ephemerals.visibleTo("U0ANN", "C0SMALL").map((m) => m.text)).toEqual(["just you"]);
    expect(fake.ephemerals.visibleTo("U0BEN", "C0SMALL")).toEqual([]);
    expect(fake.messages.size).toBe(0);
  });

  it("refuses an app token for the Web API and a bot token for apps.connections.open", async () => {
    const { fake } = await emulator();
    const app = new WebClient("xapp-1-x", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    expect((await errorOf(app.chat.postMessage({ channel: "C0TIER1", text: "x" })))?.error).toBe("not_allowed_token_type");
    expect((await app.apps.connections.open()).url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    const bot = new WebClient("xoxb-x", { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    expect((await errorOf(bot.apps.connections.open()))?.error).toBe("not_allowed_token_type");
  });
});

describe("modals", () => {
  const view = (title: string) => ({ type: "modal" as const, title: { type: "plain_text" as const, text: title }, blocks: [] });

  it("takes a trigger id once, and only one it handed out", async () => {
    const { fake, client } = await emulator();
    expect((await errorOf(client.views.open({ trigger_id: "made-up", view: view("A") })))?.error).toBe("invalid_trigger_id");
    fake.registerTrigger("t1", "U0ANN");
    await client.views.open({ trigger_id: "t1", view: view("A") });
    expect((await errorOf(client.views.open({ trigger_id: "t1", view: view("B") })))?.error).toBe("exchanged_trigger_id");
    expect(fake.views.top("U0ANN")?.view.title).toEqual({ type: "plain_text", text: "A" });
  });

  it("lets a trigger expire after three seconds", () => {
    let now = 1_000_000;
    const views = new ViewStore({ teamId: "T", appId: "A", botId: "B" }, () => now);
    const id = views.issueTrigger("U0ANN");
    now += TRIGGER_TTL_MS + 1;
    expect(views.takeTrigger(id)).toEqual({ problem: "expired_trigger_id" });
  });

  it("refuses a view Slack would refuse, stacks at most three, and checks the hash on update", async () => {
    const { fake, client } = await emulator();
    fake.registerTrigger("t0", "U0ANN");
    const tooLong = await errorOf(client.views.open({ trigger_id: "t0", view: view("A title that is far too long for Slack") }));
    expect(tooLong?.error).toBe("invalid_arguments");
    expect(tooLong?.response_metadata?.messages?.join(" ")).toMatch(/title/);

    fake.registerTrigger("t1", "U0ANN");
    const first = await client.views.open({ trigger_id: "t1", view: { ...view("One"), external_id: "ext-1" } });
    for (const t of ["t2", "t3"]) {
      fake.registerTrigger(t, "U0ANN");
      await client.views.push({ trigger_id: t, view: view(t) });
    }
    fake.registerTrigger("t4", "U0ANN");
    expect((await errorOf(client.views.push({ trigger_id: "t4", view: view("Four") })))?.error).toBe("push_limit_reached");

    expect((await errorOf(client.views.update({ view_id: first.view!.id!, hash: "stale", view: view("Two") })))?.error).toBe("hash_conflict");
    const updated = await client.views.update({ external_id: "ext-1", hash: first.view!.hash!, view: view("Uno") });
    expect(updated.view?.id).toBe(first.view!.id);
  });
});

describe("the journal", () => {
  it("keeps the workspace across a restart and shrugs off a line cut short by a crash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emulator-journal-"));
    try {
      const journalPath = join(dir, "slack.jsonl");
      const first = await SlackEmulator.start({ journalPath, channels: [{ id: "C0ONE", name: "one" }] });
      const client = new WebClient("xoxb-x", { slackApiUrl: first.url, retryConfig: { retries: 0 } });
      const posted = await client.chat.postMessage({ channel: "C0ONE", text: "survives" });
      await client.chat.update({ channel: "C0ONE", ts: posted.ts!, text: "survives, edited" });
      await first.stop();
      appendFileSync(journalPath, '{"op":"post","message":{"chan');

      const second = await SlackEmulator.start({ journalPath });
      started.push(second);
      expect(second.workspace.channels.get("C0ONE")?.name).toBe("one");
      expect(second.messages.get(`C0ONE:${posted.ts}`)).toMatchObject({ text: "survives, edited", updates: 1 });
      const again = await new WebClient("xoxb-x", { slackApiUrl: second.url, retryConfig: { retries: 0 } }).chat.postMessage({ channel: "C0ONE", text: "later" });
      expect(Number(again.ts)).toBeGreaterThan(Number(posted.ts));
      await second.stop();
      started.pop();

      const third = await SlackEmulator.start({ journalPath });
      started.push(third);
      expect(third.messages.get(`C0ONE:${again.ts}`)?.text).toBe("later");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("war rooms: channels the app makes, their topic, pins and archive", () => {
  it("conversations.create keeps Slack's name rules and says name_taken; a private one needs groups:write", async () => {
    const { client } = await emulator({ scopes: ["channels:manage", "chat:write"] });
    expect((await errorOf(client.conversations.create({ name: "Esc 42!" })))?.error).toBe("invalid_name_specials");
    expect((await errorOf(client.conversations.create({ name: "x".repeat(81) })))?.error).toBe("invalid_name_maxlength");
    const made = await client.conversations.create({ name: "esc-0042-acme" });
    expect(made.channel).toMatchObject({ name: "esc-0042-acme", is_private: false, is_archived: false });
    expect((made.channel as { creator?: string }).creator).toBe("U0BOT");
    expect((await errorOf(client.conversations.create({ name: "esc-0042-acme" })))?.error).toBe("name_taken");
    expect((await errorOf(client.conversations.create({ name: "esc-0043", is_private: true })))).toMatchObject({ error: "missing_scope", needed: "groups:write" });
  });

  it("conversations.invite answers already_in_channel, user_not_found and user_is_deactivated, per user", async () => {
    const { fake, client } = await emulator({ users: [{ id: "U0ANN" }, { id: "U0BEN", deactivated: true }] });
    const room = (await client.conversations.create({ name: "esc-0042" })).channel!.id!;
    expect((await client.conversations.invite({ channel: room, users: "U0ANN" })).ok).toBe(true);
    expect((await errorOf(client.conversations.invite({ channel: room, users: "U0ANN" })))?.error).toBe("already_in_channel");
    expect(await errorOf(client.conversations.invite({ channel: room, users: "U0ANN,U0BEN,U0NOBODY" }))).toMatchObject({
      error: "user_is_deactivated",
      errors: [
        { user: "U0BEN", ok: false, error: "user_is_deactivated" },
        { user: "U0NOBODY", ok: false, error: "user_not_found" },
      ],
    });
    expect(fake.workspace.channels.get(room)!.members.sort()).toEqual(["U0ANN", "U0BOT"]);
  });

  it("sets the topic (250 characters), pins a message once, and an archived channel is read-only", async () => {
    const { fake, client } = await emulator();
    const room = (await client.conversations.create({ name: "esc-0042" })).channel!.id!;
    expect((await client.conversations.setTopic({ channel: room, topic: "ESC-0042 · Sev 1 · Commander: <@U0ANN>" })).ok).toBe(true);
    expect(fake.workspace.channels.get(room)!.topic).toBe("ESC-0042 · Sev 1 · Commander: <@U0ANN>");
    expect((await errorOf(client.conversations.setTopic({ channel: room, topic: "x".repeat(251) })))?.error).toBe("too_long");
    const posted = await client.chat.postMessage({ channel: room, text: "summary" });
    expect((await client.pins.add({ channel: room, timestamp: posted.ts! })).ok).toBe(true);
    expect((await errorOf(client.pins.add({ channel: room, timestamp: posted.ts! })))?.error).toBe("already_pinned");
    expect((await errorOf(client.pins.add({ channel: room, timestamp: "1.000001" })))?.error).toBe("message_not_found");
    expect(((await client.pins.list({ channel: room })).items ?? []).map((i) => (i as { message?: { ts?: string } }).message?.ts)).toEqual([posted.ts]);
    expect((await client.conversations.archive({ channel: room })).ok).toBe(true);
    expect((await errorOf(client.conversations.archive({ channel: room })))?.error).toBe("already_archived");
    expect((await client.conversations.info({ channel: room })).channel?.is_archived).toBe(true);
    expect((await errorOf(client.chat.postMessage({ channel: room, text: "late" })))?.error).toBe("is_archived");
    expect(await fake.interactions.compose("U0ANN", "C0TIER1", "still fine")).toEqual({ ok: true });
  });

  it("each method asks for its scope: pins:write, channels:manage (or channels:write.topic for a topic)", async () => {
    const { client } = await emulator({ scopes: ["channels:manage", "chat:write"] });
    const room = (await client.conversations.create({ name: "esc-0042" })).channel!.id!;
    const posted = await client.chat.postMessage({ channel: room, text: "summary" });
    expect(await errorOf(client.pins.add({ channel: room, timestamp: posted.ts! }))).toMatchObject({ error: "missing_scope", needed: "pins:write" });
    const topicOnly = await emulator({ scopes: ["channels:write.topic"] });
    expect((await errorOf(topicOnly.client.conversations.setTopic({ channel: "C0TIER1", topic: "x" })))?.error).not.toBe("missing_scope");
    expect(await errorOf(topicOnly.client.conversations.archive({ channel: "C0TIER1" }))).toMatchObject({ error: "missing_scope", needed: "channels:manage" });
  });
});
