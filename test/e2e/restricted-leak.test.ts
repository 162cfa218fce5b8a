import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type SandboxConfig } from "../../src/config.js";
import { silentLogger } from "../support/log-capture.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/run.js";
import type { WorkspaceMessage } from "../../src/sandbox/workspace.js";
import { eventually } from "../support/eventually.js";
import { filledForm } from "../support/forms.js";
import { ACTION } from "../../src/slack/ids.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import { signedRef } from "../support/refs.js";

/**
 * A restricted (security) escalation's whole life in the sandbox, the way people drive it, with every
 * call the bot makes to Slack recorded: no word of what was typed about it may reach any place but
 * its restricted channel (and the forms opened there). Open, update for the customer, escalate with
 * a reason, reminders, warning, breach, resolve, /escalate list and status, every DM.
 */

let sandbox: RunningSandbox;
const SARAH = "U0SARAH"; // the agent, not in #security-alerts
const OMAR = "U0OMAR"; // the security officer, in #security-alerts

/** Marked words in every free text; none may leave #security-alerts. */
const SECRET = /Zebracorp|ZEBRA-\w+/;

beforeEach(async () => {
  const config = loadConfig({ PORT: "0", SANDBOX_DATABASE_PATH: ":memory:", SCHEDULER_INTERVAL_MS: "600000", LOG_LEVEL: "error" }) as SandboxConfig;
  sandbox = await startSandbox(config, { logger: silentLogger(), bot: { postIntervalMs: 0, outboxPollMs: 20 } });
});
afterEach(() => sandbox.stop());

const ws = () => sandbox.emulator.workspace;
const people = () => sandbox.emulator.interactions;
const channelId = (name: string) => ws().channelByName(name)!.id;
const textOf = (m: { text?: string; blocks?: unknown[] }) => `${m.text ?? ""} ${JSON.stringify(m.blocks ?? [])}`;
const travel = async (ms: number) => {
  const res = await fetch(`${sandbox.url.replace(/\/$/, "")}/sandbox/api/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs: ms }) });
  expect(res.status).toBe(200);
};
const settle = () => sandbox.bot().deliverer.drain();

async function openForm(user: string, post: WorkspaceMessage, actionId: string) {
  const before = sandbox.emulator.views.top(user)?.view.id;
  expect(await people().messageAction(user, { channel: post.channel, messageTs: post.ts }, { blockId: "escalation_actions", actionId })).toEqual({ ok: true });
  return eventually(() => {
    const top = sandbox.emulator.views.top(user);
    return top && top.view.id !== before ? top : undefined;
  }, `the form behind ${actionId}`);
}

describe("a restricted escalation's details", () => {
  it("never leave its restricted channel, whatever path the text takes", async () => {
    const security = channelId("security-alerts");
    // Open: the summary names the customer's data leak; the agent is not in #security-alerts.
    expect(await people().compose(SARAH, channelId("support-escalation"), "/escalate Customer can see another user's data: ZEBRA-SUMMARY")).toEqual({ ok: true });
    const modal = await eventually(() => sandbox.emulator.views.top(SARAH), "the escalation form");
    const form = filledForm(modal.view, {
      customer: { customer: "Zebracorp Logistics" },
      impact: { impact: "ZEBRA-IMPACT: three fleets exposed" },
      troubleshooting: { troubleshooting: "ZEBRA-TRIED rotated keys" },
    });
    expect(await people().submitView(SARAH, modal.view.id, form)).toEqual({ kind: "closed" });
    const post = await eventually(
      () => ws().channelMessages(security).find((m) => m.user === EMULATOR_IDS.botUserId && m.threadTs === undefined && textOf(m).includes("ESC-0001")),
      "the post in #security-alerts",
    );
    expect(textOf(post)).toMatch(SECRET);

    // Worked in the restricted channel: acknowledged, an update the customer may hear, escalated with a reason.
    expect(await people().messageAction(OMAR, { channel: post.channel, messageTs: post.ts }, { blockId: "escalation_actions", actionId: "escalation_acknowledge" })).toEqual({ ok: true });
    await settle();
    const update = await openForm(OMAR, post, "escalation_post_update");
    expect(
      await people().submitView(OMAR, update.view.id, filledForm(update.view, {
        update_status: { update_status: "identified" },
        update_done: { update_done: "ZEBRA-UPDATE: tenant filter missing" },
        update_next: { update_next: "ZEBRA-NEXT: patch" },
        update_customer_visible: { update_customer_visible: ["yes"] },
      })),
    ).toEqual({ kind: "closed" });
    const escalate = await openForm(OMAR, post, "escalation_escalate");
    expect(await people().submitView(OMAR, escalate.view.id, filledForm(escalate.view, { escalate_reason: { escalate_reason: "ZEBRA-REASON: confirmed exposure of another fleet's trips" } }))).toEqual({ kind: "closed" });
    await settle();

    // Nobody at Management acknowledges: reminders, the warning and the breach come by themselves.
    for (let i = 0; i < 5; i++) {
      await travel(60 * 60_000);
      await sandbox.bot().clocks.tick();
      await settle();
    }
    const timeline = (await sandbox.bot().escalations.status(1, 50))!.events.map((e) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(["acknowledged", "progress_update", "escalated", "sla_breach"]));

    // Both open their App Home: the security officer's shows it; the agent's holds nothing of it.
    for (const person of [SARAH, OMAR]) expect(await sandbox.emulator.homeTabs.open(person)).toEqual({ ok: true });
    const omarsHome = await eventually(() => sandbox.emulator.views.home(OMAR), "Omar's Home");
    await eventually(() => sandbox.emulator.views.home(SARAH), "Sarah's Home");
    expect(JSON.stringify(omarsHome.view.blocks)).toMatch(SECRET);

    // The agent asks where things stand, from outside the channel.
    expect(await people().compose(SARAH, channelId("support-escalation"), "/escalate list")).toEqual({ ok: true });
    expect(await people().compose(SARAH, channelId("support-escalation"), "/escalate ESC-0001")).toEqual({ ok: true });
    await eventually(() => sandbox.emulator.ephemerals.visibleTo(SARAH, channelId("support-escalation")).length >= 3, "the list and status answers");

    // Resolved in the channel.
    const resolve = await openForm(OMAR, post, "escalation_resolve");
    expect(
      await people().submitView(OMAR, resolve.view.id, filledForm(resolve.view, {
        resolution: { resolution: "ZEBRA-FIX: tenant filter restored" },
        root_cause: { root_cause: "ZEBRA-CAUSE: cache key without tenant" },
      })),
    ).toEqual({ kind: "closed" });
    await eventually(() => textOf(ws().message(post.channel, post.ts)!).includes("Resolved"), "the resolution");
    await settle();

    // Every call the bot made: only #security-alerts (and forms opened there) may carry the details.
    // The Sev 1's war room is the one other place its details may be: private, without the agent who is not in #security-alerts.
    const room = (await sandbox.bot().escalations.get(1))!.warRoomChannelId!;
    expect(ws().channels.get(room)).toMatchObject({ isPrivate: true });
    expect(ws().channels.get(room)!.members).not.toContain(SARAH);
    const leaks: string[] = [];
    const destinations = new Set<string>();
    for (const call of sandbox.emulator.calls) {
      const where = String(call.args.channel ?? call.args.user ?? call.args.users ?? call.args.user_id ?? call.method);
      destinations.add(`${call.method} ${where}`);
      // Forms opened in the channel show it to who opened them there; a Home shows it only to its people.
      const modal = call.method.startsWith("views.") && call.method !== "views.publish";
      if (where === security || where === room || modal || (call.method === "views.publish" && where === OMAR)) continue;
      const body = JSON.stringify(call.args);
      const found = body.match(SECRET);
      if (found) leaks.push(`${call.method} to ${where}: …${body.slice(Math.max(0, found.index! - 80), found.index! + 60)}…`);
    }
    // The life really went through the other places: DMs, the reporter, the other levels' channels.
    expect([...destinations].some((d) => d.startsWith("chat.postMessage D"))).toBe(true);
    expect([...destinations].some((d) => d.includes(channelId("fleet-management")))).toBe(true);
    expect(destinations).toContain(`views.publish ${SARAH}`);
    expect(leaks).toEqual([]);
  }, 60_000);
});

describe("lifting a restriction", () => {
  it("is for the restricted category's people: the escalation becomes ordinary, the other channels get the details", async () => {
    const security = channelId("security-alerts");
    expect(await people().compose(SARAH, channelId("support-escalation"), "/escalate Customer thinks their account was hacked: ZEBRA-FALSE-ALARM")).toEqual({ ok: true });
    const modal = await eventually(() => sandbox.emulator.views.top(SARAH), "the escalation form");
    // The agent calls it a bug; the text still speaks of a hacked account, so it stays restricted.
    expect(await people().submitView(SARAH, modal.view.id, filledForm(modal.view, { customer: { customer: "Zebracorp" }, category: { category: "bug" } }))).toEqual({ kind: "closed" });
    const post = await eventually(
      () => ws().channelMessages(security).find((m) => m.user === EMULATOR_IDS.botUserId && m.threadTs === undefined && textOf(m).includes("ESC-0001")),
      "the post in #security-alerts",
    );
    await settle();
    expect(await sandbox.bot().escalations.get(1)).toMatchObject({ restricted: true, category: "bug" });

    // Someone on duty in the channel, but not of the security team, may not lift it.
    const duty = ws().channelByName("security-alerts")!.members.find((u) => u !== OMAR && u !== EMULATOR_IDS.botUserId && !/U0NADIA/.test(u))!;
    expect(await people().messageAction(duty, { channel: post.channel, messageTs: post.ts }, { blockId: "escalation_actions", actionId: "escalation_lift_restriction" })).toEqual({ ok: true });
    await eventually(() => sandbox.emulator.ephemerals.visibleTo(duty, security).find((m) => (m.text ?? "").includes("Only the restricted category's people or a manager can lift the restriction on ESC-0001")), "the refusal");

    const form = await openForm(OMAR, post, "escalation_lift_restriction");
    expect(await people().submitView(OMAR, form.view.id, filledForm(form.view, { lift_reason: { lift_reason: "A colleague changed the password; not a compromise" } }))).toEqual({ kind: "closed" });
    await eventually(() => !textOf(ws().message(post.channel, post.ts)!).includes(":lock: restricted") || undefined, "the post without the lock");
    await settle();
    expect((await sandbox.bot().escalations.get(1))?.restricted).toBe(false);
    const detailed = await eventually(
      () => ws().channelMessages(channelId("fleet-support-tier2")).find((m) => m.user === EMULATOR_IDS.botUserId && textOf(m).includes("ZEBRA-FALSE-ALARM")),
      "the details where only a pointer went",
    );
    expect(textOf(detailed)).toContain("Zebracorp");
    const notice = ws().replies(post.channel, post.ts).find((m) => textOf(m).includes("lifted the restriction"));
    expect(textOf(notice!)).toContain("A colleague changed the password; not a compromise");
  }, 60_000);
});

describe("a restricted escalation's buttons", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it("work only in its restricted channel (Acknowledge also from a DM): a click from elsewhere is refused and changes nothing; the owner works it there", async () => {
    await h.slack.interaction(escalationSubmission({ severity: undefined, customer: "Zebracorp", summary: "They can see another user's data: ZEBRA-SUMMARY" }));
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC" && c.args.thread_ts === undefined);
    await h.bot.deliverer.drain();
    const ts = post.response?.ts as string;
    const refusals = () => h.fake.callsTo("chat.postEphemeral").filter((c) => c.args.user === "U0MALLORY");

    // Forged clicks from #general: the update form and the customer draft would show the summary; acknowledge and snooze would change it.
    for (const actionId of [ACTION.postUpdate, ACTION.escalate, ACTION.resolve, ACTION.acknowledge, ACTION.draftCustomerUpdate]) {
      await h.slack.interaction(blockAction({ actionId, value: signedRef(h), userId: "U0MALLORY", channelId: "C0GENERAL", messageTs: ts }));
    }
    await h.slack.interaction({
      ...blockAction({ actionId: ACTION.snooze, value: "", userId: "U0MALLORY", channelId: "C0GENERAL", messageTs: ts }),
      actions: [{ type: "static_select", action_id: ACTION.snooze, block_id: "reminder_actions", selected_option: { text: { type: "plain_text", text: "Snooze 30 min" }, value: `${signedRef(h)}:30` }, action_ts: "1" }],
    } as never);
    await eventually(() => refusals().length >= 6 || undefined, "six refusals");
    expect(refusals().map((c) => c.args.text)).toEqual(Array(6).fill(":lock: ESC-0001 is restricted: it is worked in <#C0SEC> only, and nothing was changed."));
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
    expect(await h.bot.escalations.get(1)).toMatchObject({ status: "open", acknowledgedBy: null });
    // Nothing but its opening (and, a Sev 1, its war room's) is on the timeline.
    expect((await h.bot.escalations.status(1, 20))!.events.map((e) => e.kind)).toEqual(["war_room_opened", "opened"]);

    // From the manager's DM, Acknowledge works (it shows nothing); in the channel, the forms open.
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0DANA", channelId: "D0DANA", messageTs: "1700000000.000200" }));
    // (Its war room's readiness also updates the post: wait for the acknowledgement itself.)
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0DANA", "acknowledged from the DM");
    await h.slack.interaction(blockAction({ actionId: ACTION.postUpdate, value: signedRef(h), userId: "U0DANA", channelId: "C0SEC", messageTs: ts }));
    await h.fake.waitFor("views.open");
  });
});

describe("a restricted channel", () => {
  it("that is public is called out at start-up, with the fix; a private one is not", async () => {
    const h = await startHarness(); // the test Slack's #security-alerts is public
    try {
      const warning = await eventually(() => h.logs.find((l) => l.includes("restricted channel #security-alerts is public")), "the start-up warning");
      expect(warning).toContain("anyone in the workspace can read the details of Security incident escalations");
      expect(warning).toContain("Change to a private channel");
    } finally {
      await h.stop();
    }
    const quiet = await startHarness({ fake: { channels: [{ id: "C0SEC", name: "security-alerts", is_private: true, members: ["U0BOT"] }] } });
    try {
      await quiet.bot.deliverer.drain();
      await new Promise((r) => setTimeout(r, 200));
      expect(quiet.logs.some((l) => l.includes("is public"))).toBe(false);
    } finally {
      await quiet.stop();
    }
  });
});
