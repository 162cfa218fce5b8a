import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import type { OutboxKind } from "../../src/domain/outbox-intent.js";
import type { TimelineEventKind } from "../../src/domain/timeline-event.js";
import { buildAction, buildViewState, type RawInputs } from "../../src/sandbox/interaction-payloads.js";
import { ACTION, checklistBlockId, ESCALATE_FIELD as E, RESOLVE_FIELD as R, UPDATE_FIELD as U } from "../../src/slack/ids.js";
import { repoOn } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { filledForm } from "../support/forms.js";
import { escalationSubmission, SIGNING_SECRET, startHarness, type EscalationFields, type Harness } from "../support/harness.js";
import { blockAction, slackSender, viewSubmission, type Reply, type SendOpts, type SlackSender, type ViewStateValues } from "../support/signed-request.js";
import { BOT_USER_ID, DEFAULT_CHANNELS, RESPONSE_URL_METHOD, TEST_APP_ID, TEST_TEAM_ID } from "../support/test-slack.js";
import { manager } from "../support/actors.js";
import { signedRef } from "../support/refs.js";

/**
 * Every kind of request the app takes, sent five times over signed HTTP to the real Bolt app: the
 * first as Slack sends it, the repeats as Slack's retries (with X-Slack-Retry-Num) and double clicks
 * (without) would. Each must have its effect exactly once, every copy gets the answer the first got,
 * and nobody is told "Sorry, that did not work". The repeats are sent without registering their
 * trigger id again with the emulator, as Slack hands each trigger out once.
 */

const REPORTER = "U0AGENT";
const ENGINEER = "U0ENG";
const SORRY = "Sorry, that did not work";
/** Security: restricted post to #security-alerts (C0SEC), whose absence makes a message wait. */
const BREACH: EscalationFields = { summary: "Possible data breach: trip exports of one fleet visible to another", severity: "sev1" };

let h: Harness;
/** Sends without playing Slack: a repeat's trigger id is not handed out again. */
let repeat: SlackSender;
beforeEach(async () => {
  h = await startHarness();
  repeat = slackSender(`${h.baseUrl}/slack/events`, SIGNING_SECRET);
});
afterEach(async () => {
  await h.stop();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
type Sender = (slack: SlackSender, opts: SendOpts) => Promise<Reply>;

/**
 * The same request five times, one after the other or (`together`) all at once. Every answer is a
 * 200 with the first answer's body.
 */
async function fiveTimes(send: Sender, { together = false } = {}): Promise<Reply[]> {
  const copy = (i: number) => send(i === 0 ? h.slack : repeat, i % 2 === 1 ? { retryNum: i } : {});
  const replies: Reply[] = [];
  if (together) replies.push(...(await Promise.all([0, 1, 2, 3, 4].map(copy))));
  else for (let i = 0; i < 5; i++) replies.push(await copy(i));
  expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  expect(new Set(replies.map((r) => r.body)).size).toBe(1);
  return replies;
}

const click = (payload: object): Sender => (slack, opts) => slack.interaction(payload, opts);

/** Lets work done after the acks (Slack calls, the outbox) land, so a second effect would be seen. */
async function settle(): Promise<void> {
  await h.bot.deliverer.drain();
  await sleep(150);
  await h.bot.deliverer.drain();
}

const eventCount = async (kind: TimelineEventKind) =>
  (await h.bot.db.read(({ q, t }) => q.select({ n: count() }).from(t.timelineEvents).where(eq(t.timelineEvents.kind, kind))))[0]?.n ?? 0;
const outboxCount = async (kind: OutboxKind) => (await h.bot.db.read(({ q, t }) => q.select({ n: count() }).from(t.outbox).where(eq(t.outbox.kind, kind))))[0]?.n ?? 0;
const escalationCount = async () => (await h.bot.db.read(({ q, t }) => q.select({ n: count() }).from(t.escalations)))[0]?.n ?? 0;
const threadReplies = (ts: string) => h.fake.posted("C0TIER2").filter((c) => c.args.thread_ts === ts);
const ephemeralsTo = (user: string) => h.fake.callsTo("chat.postEphemeral").filter((c) => c.args.user === user);
const repeatLines = () => h.logs.filter((l) => l.includes("request.repeat"));

/** Every text the bot sent anyone: messages, ephemerals and response-URL answers. */
function apologies(): string[] {
  return [...h.fake.callsTo("chat.postMessage"), ...h.fake.callsTo("chat.postEphemeral"), ...h.fake.callsTo(RESPONSE_URL_METHOD)]
    .map((c) => String(c.args.text ?? ""))
    .filter((t) => t.includes(SORRY));
}

/** ESC-0001 (Sev 2, Enterprise: the VIP checklist) posted in #fleet-support-tier2; its message ts. */
async function openEscalation(): Promise<string> {
  await h.slack.interaction(escalationSubmission({}, { userId: REPORTER }));
  const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2" && !c.args.thread_ts);
  await h.fake.waitFor("chat.postEphemeral", (c) => c.args.user === REPORTER);
  await h.bot.deliverer.drain();
  return String(post.response?.ts);
}

const button = (actionId: string, ts: string, userId = ENGINEER) =>
  blockAction({ actionId, value: signedRef(h), blockId: "escalation_actions", userId, channelId: "C0TIER2", messageTs: ts });

/** A button that opens a form, clicked five times: one form opens, nobody is told it did not work. */
async function openFormFiveTimes(actionId: string, ts: string, userId = ENGINEER) {
  const opened = h.fake.callsTo("views.open").length;
  await fiveTimes(click(button(actionId, ts, userId)));
  const form = await eventually(() => h.fake.views.top(userId), "the form");
  await settle();
  expect(h.fake.callsTo("views.open")).toHaveLength(opened + 1);
  expect(apologies()).toEqual([]);
  return form.view;
}

/** The form submitted as Slack sends it: its id and hash, the pre-filled values with `typed` on top. */
function submission(view: Record<string, any>, typed: RawInputs, userId = ENGINEER) {
  const payload = viewSubmission({
    callbackId: String(view.callback_id),
    values: buildViewState(view, filledForm(view, typed)).values as unknown as ViewStateValues,
    privateMetadata: String(view.private_metadata),
    viewId: String(view.id),
    userId,
  });
  payload.view.hash = String(view.hash);
  return payload;
}

describe("every request type sent five times acts once", () => {
  it("/escalate: one form, no apology for the trigger id already used", async () => {
    await fiveTimes((slack, opts) => slack.slashCommand({ text: "Acme photo uploads fail", trigger_id: "trig-replay-1" }, opts), { together: true });
    await settle();
    expect(h.fake.callsTo("views.open")).toHaveLength(1);
    expect(h.fake.callsTo("views.open")[0]!.response?.ok).toBe(true);
    expect(apologies()).toEqual([]);
    expect(repeatLines().filter((l) => l.includes("key=command:trig-replay-1"))).toHaveLength(4);
  });

  it("/escalate list: answered once", async () => {
    await fiveTimes((slack, opts) => slack.slashCommand({ text: "list", trigger_id: "trig-replay-2", response_url: h.fake.responseUrl }, opts));
    await settle();
    expect(h.fake.callsTo(RESPONSE_URL_METHOD)).toHaveLength(1);
  });

  it("the escalation form: one escalation, one post, one confirmation", async () => {
    const payload = escalationSubmission({}, { viewId: "VREPLAYOPEN", userId: REPORTER });
    await fiveTimes(click(payload), { together: true });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    await settle();
    expect(await escalationCount()).toBe(1);
    expect(await eventCount("opened")).toBe(1);
    expect(await outboxCount("post_escalation")).toBe(1);
    expect(h.fake.posted("C0TIER2").filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(ephemeralsTo(REPORTER)).toHaveLength(1);
  });

  it("Acknowledge: acknowledged once, one thread reply, nobody told it is already acknowledged", async () => {
    const ts = await openEscalation();
    await fiveTimes(click(button(ACTION.acknowledge, ts)), { together: true });
    await eventually(() => threadReplies(ts).length === 1, "the thread reply");
    await settle();
    expect(await eventCount("acknowledged")).toBe(1);
    expect(await outboxCount("thread_notice")).toBe(1);
    expect(threadReplies(ts)).toHaveLength(1);
    expect(h.fake.callsTo("chat.update")).toHaveLength(1);
    expect(ephemeralsTo(ENGINEER)).toHaveLength(0);
    expect(apologies()).toEqual([]);
  });

  it("Post update, button and form: one update, one thread reply, one DM to the reporter", async () => {
    const ts = await openEscalation();
    const view = await openFormFiveTimes(ACTION.postUpdate, ts);
    const form = submission(view, { [U.done]: { [U.done]: "Restarted the media service" }, [U.customerVisible]: { [U.customerVisible]: "yes" } });
    const [first] = await fiveTimes(click(form), { together: true });
    expect(first!.body).toBe("");
    await eventually(() => h.fake.posted(`D${REPORTER}`).length === 1, "the reporter's DM");
    await settle();
    expect(await eventCount("progress_update")).toBe(1);
    expect(await outboxCount("thread_notice")).toBe(1);
    expect(await outboxCount("reporter_notice")).toBe(1);
    expect(threadReplies(ts)).toHaveLength(1);
    expect(threadReplies(ts)[0]!.args.text).toContain("posted an update on ESC-0001");
    expect(h.fake.posted(`D${REPORTER}`)).toHaveLength(1);
    expect(apologies()).toEqual([]);
  });

  it("Escalate, button and form: escalated once, nobody told it is already at that level", async () => {
    const ts = await openEscalation();
    const view = await openFormFiveTimes(ACTION.escalate, ts);
    await fiveTimes(click(submission(view, { [E.reason]: { [E.reason]: "Root cause needs a code fix" } })));
    await eventually(async () => (await eventCount("escalated")) === 1 && threadReplies(ts).length === 1, "the escalation's thread reply");
    await settle();
    expect(await eventCount("escalated")).toBe(1);
    expect(await outboxCount("thread_notice")).toBe(1);
    expect(threadReplies(ts)).toHaveLength(1);
    expect(ephemeralsTo(ENGINEER)).toHaveLength(0);
    expect(apologies()).toEqual([]);
  });

  it("Snooze on a reminder: snoozed once, told once", async () => {
    const ts = await openEscalation();
    await h.bot.escalations.acknowledge(1, manager(ENGINEER));
    h.clock.set(new Date((await h.bot.escalations.get(1))!.nextUpdateDue!).toISOString());
    await h.bot.clocks.tick();
    const reminder = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts && JSON.stringify(c.args.blocks).includes(ACTION.snooze));
    await settle();
    const replies = threadReplies(ts).length;
    const action = buildAction(reminder.args.blocks, "reminder_actions", ACTION.snooze, `${signedRef(h)}:60`, "1768492800.000100");
    const payload = { ...blockAction({ actionId: ACTION.snooze, value: "", userId: ENGINEER, channelId: "C0TIER2", messageTs: String(reminder.response?.ts), threadTs: ts }), actions: [action] };

    await fiveTimes(click(payload), { together: true });
    await eventually(() => ephemeralsTo(ENGINEER).length === 1, "the snooze confirmation");
    await settle();
    expect(await eventCount("snoozed")).toBe(1);
    expect(ephemeralsTo(ENGINEER)).toHaveLength(1);
    expect(ephemeralsTo(ENGINEER)[0]!.args.text).toContain(":zzz: Next update reminder for ESC-0001");
    expect(threadReplies(ts)).toHaveLength(replies + 1);
    expect(apologies()).toEqual([]);
  });

  it("Resolve, button and form: resolved once, one DM to the reporter, nobody told it is already resolved", async () => {
    const ts = await openEscalation();
    const view = await openFormFiveTimes(ACTION.resolve, ts);
    const form = submission(view, { [R.resolution]: { [R.resolution]: "Restarted the pool" }, [R.rootCause]: { [R.rootCause]: "Pool exhausted" } });
    await fiveTimes(click(form), { together: true });
    await eventually(() => h.fake.posted(`D${REPORTER}`).length === 1, "the reporter's DM");
    await settle();
    expect(await eventCount("resolved")).toBe(1);
    expect(await outboxCount("reporter_notice")).toBe(1);
    expect(threadReplies(ts)).toHaveLength(1);
    expect(h.fake.posted(`D${REPORTER}`)[0]!.args.text).toContain("was resolved");
    expect(ephemeralsTo(ENGINEER)).toHaveLength(0);
    expect(apologies()).toEqual([]);
  });

  it("the checklist: a tick replayed after it was unticked does not tick it again", async () => {
    const ts = await openEscalation();
    const blocks = h.fake.workspace.message("C0TIER2", ts)!.blocks;
    const checklist = (ticked: string[], actionTs: string) => ({
      ...blockAction({ actionId: ACTION.checklist, value: "", userId: ENGINEER, channelId: "C0TIER2", messageTs: ts }),
      actions: [buildAction(blocks, checklistBlockId(signedRef(h)), ACTION.checklist, ticked, actionTs)],
    });
    const tick = checklist(["vip"], "1768492800.000200");
    expect((await h.slack.interaction(tick)).status).toBe(200);
    await eventually(async () => (await eventCount("checklist_ticked")) === 1, "the tick");
    expect((await h.slack.interaction(checklist([], "1768492800.000300"))).status).toBe(200);
    await eventually(async () => (await eventCount("checklist_unticked")) === 1, "the untick");

    // The first tick again, four times: Slack's retries, or someone replaying a captured request.
    for (let i = 1; i <= 4; i++) expect((await repeat.interaction(tick, { retryNum: i })).status).toBe(200);
    await settle();
    expect(await eventCount("checklist_ticked")).toBe(1);
    expect(await eventCount("checklist_unticked")).toBe(1);
    expect((await h.bot.escalations.get(1))?.flagsDone).toEqual([]);
    expect(apologies()).toEqual([]);
  });

  it("Retry delivery: tried once, answered once", async () => {
    await h.stop();
    h = await startHarness({ fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC") } });
    repeat = slackSender(`${h.baseUrl}/slack/events`, SIGNING_SECRET);
    await h.slack.interaction(escalationSubmission(BREACH, { userId: REPORTER }));
    await eventually(async () => (await repoOn(h.bot.db, OutboxRepo).findByDedupeKey("post:1"))?.attempts === 1, "the post to wait for its channel");
    h.fake.addChannel({ id: "C0SEC", name: "security-alerts" }); // no event: only the click tells the bot

    const retry = { ...blockAction({ actionId: ACTION.retryDelivery, value: signedRef(h), blockId: "delivery_retry", userId: REPORTER, channelId: "C0TIER1" }), response_url: h.fake.responseUrl };
    await fiveTimes(click(retry), { together: true });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC");
    await h.fake.waitFor(RESPONSE_URL_METHOD, undefined, 6_000);
    await settle();
    expect(h.fake.posted("C0SEC").filter((c) => !c.args.thread_ts)).toHaveLength(1);
    expect(h.fake.callsTo(RESPONSE_URL_METHOD)).toHaveLength(1);
    expect(h.fake.callsTo(RESPONSE_URL_METHOD)[0]!.args.text).toContain("has been delivered");
    expect(h.logs.filter((l) => l.includes("delivery.retry "))).toHaveLength(1);
  });

  it("an event (channel_created) retried by Slack: its listener runs once", async () => {
    await h.stop();
    h = await startHarness({ fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC") } });
    repeat = slackSender(`${h.baseUrl}/slack/events`, SIGNING_SECRET);
    await h.slack.interaction(escalationSubmission(BREACH, { userId: REPORTER }));
    await eventually(async () => (await repoOn(h.bot.db, OutboxRepo).findByDedupeKey("post:1"))?.attempts === 1, "the post to wait for its channel");
    h.fake.addChannel({ id: "C0SEC", name: "security-alerts" });

    const now = Math.floor(Date.now() / 1000);
    const envelope = {
      token: "x",
      team_id: TEST_TEAM_ID,
      api_app_id: TEST_APP_ID,
      type: "event_callback",
      event_id: "EvREPLAY0001",
      event_time: now,
      event: { type: "channel_created", channel: { id: "C0SEC", name: "security-alerts", created: now, creator: REPORTER }, event_ts: `${now}.000100` },
      authorizations: [{ enterprise_id: null, team_id: TEST_TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    };
    await fiveTimes((slack, opts) => slack.event(envelope, opts));
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC");
    await settle();
    expect(h.logs.filter((l) => l.includes("delivery.channel_created"))).toHaveLength(1);
    expect(repeatLines().filter((l) => l.includes("key=event:EvREPLAY0001"))).toHaveLength(4);
    expect(h.fake.posted("C0SEC").filter((c) => !c.args.thread_ts)).toHaveLength(1);
  });
});

describe("what is not a repeat", () => {
  it("a form answered with errors is not remembered: each copy gets the errors, and the corrected form is saved", async () => {
    const ts = await openEscalation();
    const view = await openFormFiveTimes(ACTION.postUpdate, ts);
    const replies = await fiveTimes(click(submission(view, {})));
    expect(replies[0]!.json()).toMatchObject({ response_action: "errors", errors: { [U.done]: expect.any(String) } });

    const saved = await h.slack.interaction(submission(view, { [U.done]: { [U.done]: "Checked the logs" } }));
    expect(saved.status).toBe(200);
    expect(saved.body).toBe("");
    expect(await eventCount("progress_update")).toBe(1);
  });

  it("two clicks of the same button are two requests (Slack gives each its own action_ts)", async () => {
    const ts = await openEscalation();
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), blockId: "escalation_actions", userId: ENGINEER, channelId: "C0TIER2", messageTs: ts }));
    await sleep(5);
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), blockId: "escalation_actions", userId: ENGINEER, channelId: "C0TIER2", messageTs: ts }));
    // The second click is handled: it is told who has it (the clicker, already).
    await eventually(() => ephemeralsTo(ENGINEER).length === 1, "the second click's answer");
    expect(await eventCount("acknowledged")).toBe(1);
  });
});

describe("request timestamps", () => {
  const nowSec = () => Math.floor(Date.now() / 1000);

  it("a request stamped 6 minutes in the future is refused like a bad signature", async () => {
    const reply = await h.slack.slashCommand({ text: "x", trigger_id: "trig-future-6" }, { timestamp: nowSec() + 6 * 60 });
    expect(reply.status).toBe(401);
    await sleep(100);
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
    expect(h.logs.some((l) => l.includes("refused a request stamped") && l.includes("in the future"))).toBe(true);
  });

  it("a request stamped 4 minutes ahead (a clock a little fast) is taken", async () => {
    const reply = await h.slack.slashCommand({ text: "x", trigger_id: "trig-future-4" }, { timestamp: nowSec() + 4 * 60 });
    expect(reply.status).toBe(200);
    await h.fake.waitFor("views.open");
  });
});
