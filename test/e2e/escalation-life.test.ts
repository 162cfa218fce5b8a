import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlockAction } from "@slack/bolt";
import { ACTION, CALLBACK, DEESCALATE_FIELD as D, MORE, REASSIGN_FIELD as A, RECLASSIFY_FIELD as C, REOPEN_FIELD as O, RESOLVE_FIELD as R } from "../../src/slack/ids.js";
import { moreValue } from "../../src/slack/views/escalation-actions.js";
import { manager } from "../support/actors.js";
import { allRows } from "../support/db.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";
import { eventually } from "../support/eventually.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { BOT_ID, BOT_USER_ID, TEST_APP_ID, TEST_TEAM_ID } from "../support/test-slack.js";

/**
 * One escalation's whole life, driven as people drive it in Slack (signed clicks, forms and events
 * against the real app and the emulator): take → reassign → Sev 3 → Sev 1 → waiting on the customer
 * → the customer replies → resolve → reopen, and the refusals along the way.
 */

let h: Harness;
let postTs: string;
let postChannel: string;
beforeEach(async () => {
  h = await startHarness();
  const reply = await h.slack.interaction(escalationSubmission({ severity: "sev3", tier: "standard", summary: "Dispatch board loads slowly", impact: "Dispatchers wait 20 s per page" }));
  expect(reply.status).toBe(200);
  const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
  postTs = post.response?.ts as string;
  postChannel = post.args.channel as string;
});
afterEach(async () => {
  await h.stop();
});

const HOUR = 3_600_000;
let clicks = 0;
const texts = (blocks: unknown): string => JSON.stringify(blocks);
const latestPost = () => h.fake.callsTo("chat.update").filter((c) => c.args.ts === postTs).at(-1)?.args.blocks;
const timelineKinds = async () => (await allRows(h.bot.db, "timelineEvents")).map((e) => e.kind);
const timerKinds = async () => (await allRows(h.bot.db, "timers")).map((t) => t.kind).sort();
const esc = async () => (await h.bot.escalations.get(1))!;

/**
 * Sends a click and waits for its listener to finish (it runs after the ack): the log line every
 * listener writes with its outcome.
 */
async function handled(send: () => Promise<unknown>): Promise<void> {
  const before = h.logs.length;
  await send();
  await eventually(() => h.logs.slice(before).some((l) => l.includes("outcome=")), `the listener's outcome in ${JSON.stringify(h.logs.slice(before))}`);
}

/** A click on the post. */
function click(actionId: string, userId: string, value = signedRef(h), triggerId?: string) {
  return handled(() => h.slack.interaction(blockAction({ actionId, value, userId, channelId: postChannel, messageTs: postTs, ...(triggerId ? { triggerId } : {}) })));
}

/** A choice in the post's "More actions" menu (each with its own action_ts, as Slack stamps every click). */
function more(choice: (typeof MORE)[keyof typeof MORE], userId: string, triggerId?: string) {
  const payload = blockAction({ actionId: ACTION.more, value: "", userId, channelId: postChannel, messageTs: postTs, ...(triggerId ? { triggerId } : {}) }) as unknown as BlockAction;
  const value = moreValue(choice, signedRef(h));
  payload.actions = [{ type: "overflow", action_id: ACTION.more, block_id: "escalation_actions", selected_option: { text: { type: "plain_text", text: choice }, value }, action_ts: String(++clicks) }];
  return handled(() => h.slack.interaction(payload));
}

async function settle() {
  await h.bot.deliverer.drain();
}

const text = (blockId: string, value: string | null) => ({ [blockId]: { [blockId]: { type: "plain_text_input", value } } });
const select = (blockId: string, value: string) => ({ [blockId]: { [blockId]: { type: "static_select", selected_option: { text: { type: "plain_text", text: value }, value } } } });
const user = (blockId: string, id: string) => ({ [blockId]: { [blockId]: { type: "users_select", selected_user: id } } });
/** A form submitted; each form its own view id (Slack's), unless the test repeats one on purpose. */
const submit = (callbackId: string, values: object, userId: string, viewId = `V${++clicks}${callbackId}`) =>
  h.slack.interaction(viewSubmission({ callbackId, values: values as ViewStateValues, privateMetadata: signedMetadata(h), userId, viewId }));

describe("an escalation's whole life", () => {
  it("take → reassign → Sev 3 → Sev 1 → waiting on the customer → customer replied → resolve → reopen", async () => {
    // Alex takes it: owner and acknowledged, shown on the post.
    await more(MORE.takeOwnership, "U0ALEX");
    await settle();
    expect(await esc()).toMatchObject({ ownerId: "U0ALEX", acknowledgedBy: "U0ALEX", status: "acknowledged" });
    expect(texts(latestPost())).toContain("Owner: <@U0ALEX>");

    // Alex hands it to Sam with a note; the form submitted twice (a double click) applies once.
    h.fake.addUser({ id: "U0SAM", realName: "Sam" });
    await more(MORE.reassign, "U0ALEX", "trig-reassign");
    const form = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-reassign");
    expect(form.args.view.callback_id).toBe(CALLBACK.reassignModal);
    const values = { ...user(A.user, "U0SAM"), ...text(A.note, "Sam knows the dispatch board's queries") };
    const [first, second] = await Promise.all([submit(CALLBACK.reassignModal, values, "U0ALEX", "VREASSIGN"), submit(CALLBACK.reassignModal, values, "U0ALEX", "VREASSIGN")]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await settle();
    expect((await esc()).ownerId).toBe("U0SAM");
    expect((await timelineKinds()).filter((k) => k === "owner_changed")).toHaveLength(2);
    const dm = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.channel).startsWith("D") && String(c.args.text).includes("You now own"));
    expect(dm.args.text).toContain("handed to you by <@U0ALEX>");
    expect(dm.args.text).toContain("Sam knows the dispatch board");
    const thread = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === postTs && String(c.args.text).includes("handed ESC-0001 to <@U0SAM>"));
    expect(thread.args.text).toContain("Sam knows the dispatch board");

    // Dana raises it to Sev 1; a second change right after leaves one set of timers.
    h.clock.advanceMinutes(30);
    await more(MORE.reclassify, "U0DANA", "trig-reclassify");
    await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-reclassify");
    const toSev1 = { ...select(C.severity, "sev1"), ...select(C.category, "general"), ...text(C.reason, "every dispatcher in the EU is blocked") };
    expect((await submit(CALLBACK.reclassifyModal, toSev1, "U0DANA", "VSEV1")).status).toBe(200);
    await settle();
    expect(await esc()).toMatchObject({ severity: "sev1", clock: "24x7", resolutionDue: (await esc()).createdAt + 4 * HOUR });
    expect(texts(latestPost())).toContain("Sev 3 · Medium → Sev 1 · Critical by <@U0DANA>: every dispatcher in the EU is blocked");
    expect(h.fake.posted("C0MGMT").some((c) => String(c.args.text).startsWith("ESC-0001"))).toBe(true);
    const kindsOfTimers = await timerKinds();
    expect(new Set(kindsOfTimers).size).toBe(kindsOfTimers.length);
    const unchanged = await submit(CALLBACK.reclassifyModal, toSev1, "U0DANA", "VSEV1-AGAIN");
    expect(unchanged.json()).toMatchObject({ response_action: "errors", errors: { [C.severity]: expect.stringContaining("different") } });

    // Sam waits on the customer: the update and resolution clocks stop, and nothing fires while paused.
    await more(MORE.waitOnCustomer, "U0SAM");
    await settle();
    const paused = await esc();
    expect(paused.pausedAt).toBe(h.clock.now());
    expect(await timerKinds()).toEqual([]);
    expect(texts(latestPost())).toContain("*Paused* since");
    h.clock.advanceMinutes(5 * 60);
    expect((await h.bot.clocks.tick(h.clock.now())).handled).toBe(0);

    // The customer replies: the clocks run again, five hours later than they would have.
    await click(ACTION.customerReplied, "U0SAM");
    await settle();
    const resumed = await esc();
    expect(resumed).toMatchObject({ pausedAt: null, pausedMs: 5 * HOUR, resolutionDue: paused.resolutionDue + 5 * HOUR });
    // As Sev 1 it got a war room (domain/war-room.ts): its status reminders wait and resume with the update clock.
    expect(await timerKinds()).toEqual(["level_budget", "resolution_breach", "resolution_warn", "room_status", "update"]);
    expect((await allRows(h.bot.db, "timelineEvents")).find((e) => e.kind === "resumed")?.detail).toEqual({ pausedMs: 5 * HOUR, how: "customer_replied" });

    // Sam resolves it; the post offers Reopen.
    await click(ACTION.resolve, "U0SAM", signedRef(h), "trig-resolve");
    await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-resolve");
    await submit(CALLBACK.resolveModal, { ...text(R.resolution, "Index added"), ...text(R.rootCause, "Missing index"), ...text(R.prevention, null) }, "U0SAM");
    await settle();
    expect((await esc()).status).toBe("resolved");
    expect(texts(latestPost())).toContain(ACTION.reopen);

    // Two days later it is back: reopened, clocks from now, Sam told, both resolutions on the timeline.
    h.clock.advanceMinutes(2 * 24 * 60);
    await click(ACTION.reopen, "U0AGENT", signedRef(h), "trig-reopen");
    const reopenForm = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-reopen");
    expect(reopenForm.args.view.callback_id).toBe(CALLBACK.reopenModal);
    await submit(CALLBACK.reopenModal, text(O.reason, "Slow again since this morning's deploy"), "U0AGENT");
    await settle();
    expect(await esc()).toMatchObject({ status: "open", ownerId: "U0SAM", acknowledgedBy: null, reopenedAt: h.clock.now(), resolution: null });
    await h.fake.waitFor("chat.postMessage", (c) => String(c.args.channel).startsWith("D") && String(c.args.text).includes("which you owned, was reopened"));
    const resolved = (await allRows(h.bot.db, "timelineEvents")).filter((e) => e.kind === "resolved");
    expect(resolved.map((e) => e.detail)).toEqual([expect.objectContaining({ resolution: "Index added", rootCause: "Missing index" })]);
    // Its war room was not archived yet (the scheduler did not run in between): it stays, and its status reminders start again.
    expect(await timerKinds()).toEqual(["ack", "level_budget", "resolution_breach", "resolution_warn", "room_status", "update"]);
  });
});

describe("handing it back down", () => {
  it("the owner at Tier 2 hands it back to Tier 1 with a reason: Tier 1's channel gets the handoff, the thread says why", async () => {
    await h.bot.escalations.escalate(1, manager("U0MGR"), "tier2", "needs the media team");
    await settle();
    await more(MORE.takeOwnership, "U0TIER2");
    await more(MORE.deescalate, "U0TIER2", "trig-down");
    const form = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-down");
    expect(form.args.view.callback_id).toBe(CALLBACK.deescalateModal);
    const reply = await submit(CALLBACK.deescalateModal, { ...select(D.level, "tier1"), ...text(D.reason, "a settings change Tier 1 can walk them through") }, "U0TIER2");
    expect(reply.status).toBe(200);
    await settle();
    expect(await esc()).toMatchObject({ level: "tier1", acknowledgedBy: null, ownerId: null });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === postTs && String(c.args.text).includes("handed ESC-0001 back to *Tier 1"));
    // Someone who neither owns it nor manages may not hand it down.
    await more(MORE.takeOwnership, "U0TIER1");
    const refused = await h.bot.life.reclassification.deescalate(1, { userId: "U0SOMEONE", roles: new Set(), channels: new Set([postChannel]) }, undefined, "x");
    expect(refused.kind).toBe("refused");
  });
});

describe("refusals and limits", () => {
  it("reassigning to a deactivated person or a bot is refused next to the field", async () => {
    h.fake.addUser({ id: "U0GONE", realName: "Former Agent", deactivated: true });
    h.fake.addUser({ id: "U0HELPER", realName: "Helper Bot", isBot: true });
    const gone = await submit(CALLBACK.reassignModal, user(A.user, "U0GONE"), "U0ALEX");
    expect(gone.json()).toMatchObject({ response_action: "errors", errors: { [A.user]: "Former Agent is deactivated: choose someone who can still work on it." } });
    const bot = await submit(CALLBACK.reassignModal, user(A.user, "U0HELPER"), "U0ALEX");
    expect(bot.json()).toMatchObject({ errors: { [A.user]: "Helper Bot is a bot: choose a person." } });
    expect((await esc()).ownerId).toBeNull();
  });

  it("a security case's clocks never wait on the customer", async () => {
    await more(MORE.takeOwnership, "U0ALEX");
    await submit(CALLBACK.reclassifyModal, { ...select(C.severity, "sev3"), ...select(C.category, "security"), ...text(C.reason, "sees another fleet's trips") }, "U0ALEX");
    await settle();
    const restricted = await esc();
    expect(restricted).toMatchObject({ restricted: true, channel: "#security-alerts" });
    // The public post became a pointer; the details went to the restricted channel.
    const withdrawn = h.fake.callsTo("chat.update").filter((c) => c.args.ts === postTs).at(-1)!;
    expect(String(withdrawn.args.text)).toContain("details were removed from here");
    expect(texts(withdrawn.args.blocks)).not.toContain("Dispatch board loads slowly");
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC" && String(c.args.text).startsWith("ESC-0001"));
    // Its "More actions" no longer offers waiting on the customer, and a forged choice is refused.
    expect((await h.bot.life.waiting.waitOnCustomer(1, { userId: "U0ALEX", roles: new Set(["security-officer"]), channels: new Set() })).kind).toBe("never_pauses");
  });

  it("/escalate reopen after the window says why, and the resolved post loses its Reopen button", async () => {
    await h.bot.escalations.resolve(1, { userId: "U0MGR", roles: new Set(["support-manager"]), channels: new Set() }, { resolution: "Fixed", rootCause: "Bug" });
    await settle();
    h.clock.advanceMinutes(15 * 24 * 60);
    await h.bot.clocks.tick(h.clock.now());
    await settle();
    expect(texts(latestPost())).not.toContain(ACTION.reopen);
    await h.slack.slashCommand({ text: "reopen ESC-0001", user_id: "U0AGENT", channel_id: "C0TIER1" });
    const said = await h.fake.waitFor("chat.postEphemeral", (c) => String(c.args.text).includes("can no longer be reopened"));
    expect(said.args.text).toContain("14 days after it was resolved");
    expect((await esc()).status).toBe("resolved");
  });

  it("/escalate 1 and /escalate esc-1 show the escalation instead of opening the form", async () => {
    for (const ref of ["1", "esc-1"]) {
      const reply = await h.slack.slashCommand({ text: ref, response_url: `${h.fake.url}/response/${ref}` });
      expect(reply.status).toBe(200);
    }
    await h.bot.deliverer.drain();
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
  });
});

describe("the thread is the escalation's conversation", () => {
  const messageEvent = (event: Record<string, unknown>) => ({
    token: "x",
    team_id: TEST_TEAM_ID,
    api_app_id: TEST_APP_ID,
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2, 10)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "message", channel: postChannel, channel_type: "channel", event_ts: "1", ...event },
  });

  it("a person's reply counts as an update and ends a wait on the customer; the bot's own posts and edits do not", async () => {
    await more(MORE.takeOwnership, "U0ALEX");
    await more(MORE.waitOnCustomer, "U0ALEX");
    await settle();
    h.clock.advanceMinutes(20);
    await h.slack.event(messageEvent({ user: BOT_USER_ID, bot_id: BOT_ID, text: "reminder", ts: "1800000000.000001", thread_ts: postTs }));
    await h.slack.event(messageEvent({ subtype: "message_changed", text: "edit", ts: "1800000000.000002", thread_ts: postTs }));
    await h.slack.event(messageEvent({ user: "U0ALEX", text: "top-level chatter", ts: "1800000000.000003" }));
    expect((await esc()).lastUpdateAt).toBeNull();
    const reply = await h.slack.event(messageEvent({ user: "U0ALEX", text: "Customer sent the HAR file; looking", ts: "1800000000.000004", thread_ts: postTs }));
    expect(reply.status).toBe(200);
    await expect.poll(async () => (await esc()).lastUpdateAt, { timeout: 10_000 }).toBe(h.clock.now());
    expect(await esc()).toMatchObject({ lastUpdateBy: "U0ALEX", pausedAt: null });
    expect(await timelineKinds()).toEqual(expect.arrayContaining(["paused", "resumed", "thread_reply"]));
  });
});
