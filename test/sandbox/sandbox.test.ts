import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { silentLogger } from "../support/log-capture.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import type { WorkspaceMessage } from "../../src/sandbox/workspace.js";
import { filledForm } from "../support/forms.js";
import { eventually } from "../support/eventually.js";

/**
 * The sandbox as `npm start` runs it without credentials: the real bot, the emulator as its Slack,
 * and the page's JSON API on the bot's own port. People act through the same calls the page makes.
 */

let sandbox: RunningSandbox;
let base: string;
let databasePath = ":memory:";
const SARAH = "U0SARAH"; // the agent
const MIKE = "U0MIKE"; // Tier 1 on-call
const DANA = "U0DANA"; // support manager

async function start(): Promise<void> {
  const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: databasePath, SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error" }) as SandboxConfig;
  sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 50 } });
  base = `http://127.0.0.1:${sandbox.port}`;
}

beforeEach(async () => {
  databasePath = ":memory:";
  await start();
});
afterEach(async () => {
  await sandbox.stop();
});

const ws = () => sandbox.emulator.workspace;
const channelId = (name: string) => ws().channelByName(name)!.id;
const people = () => sandbox.emulator.interactions;

const textOf = (m: { text?: string; blocks?: unknown[] }) => `${m.text ?? ""} ${JSON.stringify(m.blocks ?? [])}`;
const botPosts = (channel: string) => ws().channelMessages(channelId(channel)).filter((m) => m.user === EMULATOR_IDS.botUserId);

/** Sarah types /escalate with a summary, fills the customer and submits; the post in its channel. */
async function escalate(summary: string, extra: Record<string, Record<string, string | string[] | null>> = {}): Promise<WorkspaceMessage> {
  const before = ws().messages.size;
  expect(await people().compose(SARAH, channelId("support-escalation"), `/escalate ${summary}`)).toEqual({ ok: true });
  const modal = await eventually(() => sandbox.emulator.views.top(SARAH), "the escalation form");
  const outcome = await people().submitView(SARAH, modal.view.id, filledForm(modal.view, { customer: { customer: "Acme Corp" }, ...extra }));
  expect(outcome).toEqual({ kind: "closed" });
  return eventually(
    () => [...ws().messages.values()].slice(before).find((m) => m.user === EMULATOR_IDS.botUserId && /ESC-\d{4}/.test(textOf(m)) && m.threadTs === undefined && Array.isArray(m.blocks) && m.blocks.length > 3),
    "the escalation post",
  );
}

describe("the sandbox", () => {
  it("seeds the playbook's channels and people, with the restricted channel private", () => {
    const names = [...ws().channels.values()].filter((c) => !c.isIm).map((c) => c.name).sort();
    expect(names).toEqual(["fleet-engineering", "fleet-escalation-review", "fleet-management", "fleet-support-tier1", "fleet-support-tier2", "general", "security-alerts", "support-escalation"]);
    const security = ws().channelByName("security-alerts")!;
    expect(security.isPrivate).toBe(true);
    expect(security.members).toContain(EMULATOR_IDS.botUserId);
    expect(security.members).toContain(ws().userByEmail("security@fleetmanagement.com")!.id);
    expect(security.members).not.toContain(SARAH);
    expect(ws().userByEmail("support-manager@fleetmanagement.com")?.id).toBe(DANA);
  });

  it("opens, routes, confirms, acknowledges and resolves an escalation", async () => {
    const post = await escalate("photo uploads fail with 503 for drivers");
    expect(post.channel).toBe(channelId("fleet-support-tier2"));
    expect(textOf(post)).toContain("Acme Corp");
    // The reporter's confirmation is ephemeral: only Sarah sees it, where she typed.
    const confirmation = await eventually(() => sandbox.emulator.ephemerals.visibleTo(SARAH, channelId("support-escalation"))[0], "the confirmation");
    expect(confirmation.text).toContain("ESC-0001");
    expect(sandbox.emulator.ephemerals.visibleTo(MIKE, channelId("support-escalation"))).toEqual([]);

    expect(await people().messageAction(MIKE, { channel: post.channel, messageTs: post.ts }, { blockId: "escalation_actions", actionId: "escalation_acknowledge" })).toEqual({ ok: true });
    await eventually(() => ws().message(post.channel, post.ts)!.editedTs && textOf(ws().message(post.channel, post.ts)!).includes("Acknowledged"), "the post to change");
    expect(textOf(ws().message(post.channel, post.ts)!)).toContain(`<@${MIKE}>`);

    expect(await people().messageAction(MIKE, { channel: post.channel, messageTs: post.ts }, { blockId: "escalation_actions", actionId: "escalation_resolve" })).toEqual({ ok: true });
    const form = await eventually(() => sandbox.emulator.views.top(MIKE), "the resolve form");
    // Required fields left empty: refused before the app hears of it, as Slack's client does.
    const refused = await people().submitView(MIKE, form.view.id, {});
    expect(refused.kind).toBe("errors");
    const done = await people().submitView(MIKE, form.view.id, filledForm(form.view, { resolution: { resolution: "Raised the upload pool" }, root_cause: { root_cause: "Pool exhausted" } }));
    expect(done).toEqual({ kind: "closed" });
    await eventually(() => textOf(ws().message(post.channel, post.ts)!).includes("Resolved"), "the post to show it resolved");
    expect(JSON.stringify(ws().message(post.channel, post.ts)!.blocks)).not.toContain("escalation_acknowledge");
  });

  it("shows the playbook's checklist on the post; ticks are saved, shown to everyone and kept on the timeline", async () => {
    // Fleet: an Enterprise customer carries the playbook's VIP checklist item.
    const post = await escalate("trip history export is slow", { tier: { tier: "enterprise" } });
    const checklist = () => (ws().message(post.channel, post.ts)!.blocks as { block_id?: string; accessory?: { type: string; options: { value: string }[]; initial_options?: { value: string }[] } }[]).find((b) => b.block_id?.startsWith("escalation_checklist:"));
    const block = checklist()!;
    expect(block.accessory!.type).toBe("checkboxes");
    expect(block.accessory!.initial_options).toBeUndefined();
    const item = block.accessory!.options[0]!.value;
    expect(textOf(post)).toContain("0 of");

    const tick = (values: string[]) => people().messageAction(MIKE, { channel: post.channel, messageTs: post.ts }, { blockId: block.block_id!, actionId: "escalation_checklist", value: values });
    expect(await tick([item])).toEqual({ ok: true });
    await eventually(() => checklist()?.accessory?.initial_options?.some((o) => o.value === item), "the tick on the post");
    expect(textOf(ws().message(post.channel, post.ts)!)).toContain("1 of");
    expect(await tick([])).toEqual({ ok: true });
    await eventually(() => checklist()?.accessory?.initial_options === undefined, "the untick on the post");

    const { events } = (await sandbox.bot().escalations.status(1, 20))!;
    expect(events.map((e) => [e.kind, e.actor, (e.detail as { flag?: string }).flag])).toEqual(
      expect.arrayContaining([["checklist_ticked", MIKE, item], ["checklist_unticked", MIKE, item]]),
    );
  });

  it("time travel makes a Sev 1's reminders arrive and the manager hears of it by DM", async () => {
    const post = await escalate("production down: every driver is blocked");
    expect(textOf(post)).toContain("Sev 1");
    const dm = await eventually(() => ws().channelMessages(`D${DANA}`).find((m) => textOf(m).includes("Management escalation")), "the manager's DM");
    expect(textOf(dm)).toContain("ESC-0001");
    await people().messageAction(MIKE, { channel: post.channel, messageTs: post.ts }, { blockId: "escalation_actions", actionId: "escalation_acknowledge" });
    await eventually(() => ws().message(post.channel, post.ts)!.editedTs, "the acknowledgement");

    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/sandbox/api/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs: 3_600_000 }) });
      expect(res.status).toBe(200);
      await eventually(() => ws().replies(post.channel, post.ts).filter((m) => textOf(m).includes("progress update")).length >= i + 1, `reminder ${i + 1}`);
    }
    expect(sandbox.clock.offsetMs).toBe(2 * 3_600_000);
    // The reminder's Snooze menu is driven like Slack's: the chosen option reaches the app.
    const reminder = ws().replies(post.channel, post.ts).find((m) => textOf(m).includes("progress update"))!;
    // The menu's own choice: its value is the escalation's signed reference and the minutes.
    const snooze30 = /"value":"(ESC-[^"]+:30)"/.exec(JSON.stringify(reminder.blocks))![1]!;
    expect(await people().messageAction(MIKE, { channel: post.channel, messageTs: reminder.ts }, { blockId: "reminder_actions", actionId: "escalation_snooze", value: snooze30 })).toEqual({ ok: true });
    await eventually(() => sandbox.emulator.ephemerals.visibleTo(MIKE, post.channel).find((m) => (m.text ?? "").includes("Next update reminder")), "the snooze answer");

    await fetch(`${base}/sandbox/api/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ realTime: true }) });
    expect(sandbox.clock.offsetMs).toBe(0);
  });

  it("time travel over Monday 09:00 brings the weekly escalation review to its channel, once", async () => {
    const travel = async (advanceMs: number) =>
      expect((await fetch(`${base}/sandbox/api/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs }) })).status).toBe(200);
    // A minute first: the scheduler has run, and the week under way is where the review starts.
    await travel(60_000);
    expect(botPosts("fleet-escalation-review")).toHaveLength(0);
    await travel(7 * 24 * 3_600_000);
    const post = await eventually(() => botPosts("fleet-escalation-review")[0], "the weekly review");
    expect(textOf(post)).toContain("Weekly escalation review");
    expect(textOf(post)).not.toContain("Posted late");
    await travel(60_000);
    await sandbox.bot().deliverer.drain();
    expect(botPosts("fleet-escalation-review")).toHaveLength(1);
  });

  it("answers unknown commands like Slack, and /escalate help through the response URL", async () => {
    const channel = channelId("general");
    expect(await people().compose(SARAH, channel, "/nope")).toEqual({ ok: false, error: "unknown_command" });
    expect(sandbox.emulator.ephemerals.visibleTo(SARAH, channel)[0]).toMatchObject({ from: EMULATOR_IDS.slackbotId, text: expect.stringContaining("is not a valid command") });
    await people().compose(SARAH, channel, "/escalate help");
    await eventually(() => sandbox.emulator.ephemerals.visibleTo(SARAH, channel).find((m) => textOf(m).includes("/escalate list")), "the help answer");
  });

  it("serves the page and shows each person only what they may see, with user text as text", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain('src="/sandbox/assets/app.js"');
    expect((await fetch(`${base}/sandbox/assets/app.js`)).headers.get("content-type")).toContain("javascript");
    expect((await fetch(`${base}/sandbox/assets/..%2f..%2fconfig.ts`)).status).toBe(404);

    await escalate("<script>alert(1)</script> <!channel> uploads fail");
    const tier2 = channelId("fleet-support-tier2");
    const conv = (await (await fetch(`${base}/sandbox/api/conversation?as=${MIKE}&channel=${tier2}`)).json()) as { messages: { html: string }[] };
    const html = conv.messages.map((m) => m.html).join("");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("bk-special"); // the typed <!channel> is text, not a ping

    // Sarah is not in the private security channel: the page will not show it to her.
    const security = channelId("security-alerts");
    expect((await fetch(`${base}/sandbox/api/conversation?as=${SARAH}&channel=${security}`)).status).toBe(404);
    const workspace = (await (await fetch(`${base}/sandbox/api/workspace?as=${SARAH}`)).json()) as { channels: { name: string }[]; firstChannel: string };
    expect(workspace.channels.map((c) => c.name)).not.toContain("security-alerts");
    expect(workspace.firstChannel).toBe(channelId("support-escalation"));
  });

  it("refuses page actions from other sites", async () => {
    const res = await fetch(`${base}/sandbox/api/clock`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ advanceMs: 60_000 }),
    });
    expect(res.status).toBe(403);
    const form = await fetch(`${base}/sandbox/api/reset`, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    expect(form.status).toBe(403);
    expect(sandbox.clock.offsetMs).toBe(0);
  });

  it("reset empties the workspace and the bot's database and starts both again", async () => {
    await escalate("photo uploads fail with 503");
    const res = await fetch(`${base}/sandbox/api/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    const ready = async () => {
      try {
        return (await fetch(`${base}/healthz`)).status === 200;
      } catch {
        return false;
      }
    };
    const until = Date.now() + 10_000;
    await new Promise((r) => setTimeout(r, 200));
    while (!(await ready())) {
      if (Date.now() > until) throw new Error("the sandbox did not come back");
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(botPosts("fleet-support-tier2")).toEqual([]);
    expect(ws().channelByName("support-escalation")).toBeDefined();
    // A fresh database: the next escalation is ESC-0001 again.
    const post = await escalate("sync fails after the update");
    expect(textOf(post)).toContain("ESC-0001");
  });

  it("keeps escalations, messages and the travelled clock across a restart", async () => {
    await sandbox.stop();
    const dir = mkdtempSync(join(tmpdir(), "sandbox-restart-"));
    try {
      databasePath = join(dir, "sandbox.db");
      await start();
      const first = await escalate("photo uploads fail with 503");
      await fetch(`${base}/sandbox/api/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs: 900_000 }) });
      await sandbox.stop();

      await start();
      expect(ws().message(first.channel, first.ts)).toBeDefined();
      expect(sandbox.clock.offsetMs).toBe(900_000);
      // A new form after the restart is a new escalation (view ids stay unique, as Slack's are).
      const second = await escalate("sync fails after the update");
      expect(textOf(second)).toContain("ESC-0002");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a channel made on the page and the app invited from it reach the bot as Slack's events: what waited for them is posted", async () => {
    const post = (path: string, body: unknown) => fetch(`${base}/sandbox/api/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    // Before anything is posted: #fleet-management was renamed away, and nobody invited the app to #security-alerts.
    const management = ws().channelByName("fleet-management")!;
    ws().putChannel({ ...management, name: "fleet-management-old" });
    const security = ws().channelByName("security-alerts")!;
    ws().putChannel({ ...security, members: security.members.filter((m) => m !== EMULATOR_IDS.botUserId) });
    const omar = ws().userByEmail("security@fleetmanagement.com")!.id;

    for (const summary of ["customer disputes the last invoice (billing dispute)", "possible data breach: one fleet sees another's trips"]) {
      expect(await people().compose(SARAH, channelId("support-escalation"), `/escalate ${summary}`)).toEqual({ ok: true });
      const modal = await eventually(() => sandbox.emulator.views.top(SARAH), "the escalation form");
      expect(await people().submitView(SARAH, modal.view.id, filledForm(modal.view, { customer: { customer: "Acme Corp" } }))).toEqual({ kind: "closed" });
    }
    const waiting = () => sandbox.emulator.ephemerals.visibleTo(SARAH, channelId("support-escalation")).filter((m) => textOf(m).includes("delivery_retry"));
    await eventually(() => waiting().length === 2, "two notices with Retry delivery");

    const made = await post("channels", { as: SARAH, name: "fleet-management", isPrivate: false });
    const { channel } = (await made.json()) as { channel: string };
    await eventually(() => ws().channelMessages(channel).find((m) => m.user === EMULATOR_IDS.botUserId && textOf(m).includes("ESC-0001")), "ESC-0001 in the new channel");
    expect(await (await post("channels", { as: SARAH, name: "fleet-management", isPrivate: false })).json()).toEqual({ ok: false, error: "name_taken" });

    const view = async () => ((await (await fetch(`${base}/sandbox/api/conversation?as=${omar}&channel=${security.id}`)).json()) as { channel: { appIsMember: boolean } }).channel;
    expect((await view()).appIsMember).toBe(false);
    expect(await (await post("invite-app", { as: omar, channel: security.id })).json()).toEqual({ ok: true });
    await eventually(() => botPosts("security-alerts").find((m) => textOf(m).includes("ESC-0002") && m.subtype === undefined), "ESC-0002 in #security-alerts");
    expect((await view()).appIsMember).toBe(true);
    // (The app's own posts and the joins reach it as `message` events too: message-events.test.ts.)
    // (ESC-0002 is a Sev 1: the joins in its private war room are left out here.)
    const room = (await sandbox.bot().escalations.get(2))?.warRoomChannelId;
    const aboutRoom = (e: { envelope: unknown }) => JSON.stringify(e.envelope).includes(`"channel":"${room}"`);
    expect(sandbox.emulator.appEvents.filter((e) => e.type !== "message" && !aboutRoom(e)).map((e) => [e.type, e.answer?.ok])).toEqual([
      ["channel_created", true],
      ["member_joined_channel", true],
    ]);
  });

  it("tells the page when Slack refuses one of the app's calls", async () => {
    const events = await fetch(`${base}/sandbox/api/events`);
    const reader = events.body!.getReader();
    const client = new WebClient("xoxb-any", { slackApiUrl: sandbox.emulator.url, retryConfig: { retries: 0 } });
    await client.chat.postMessage({ channel: channelId("general"), blocks: [{ type: "header", text: { type: "mrkdwn", text: "*no*" } }] } as never).catch(() => undefined);
    let seen = "";
    while (!seen.includes("invalid_blocks")) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    await reader.cancel();
    expect(seen).toMatch(/"type":"call","method":"chat.postMessage","ok":false,"error":"invalid_blocks"/);
  });
});
