/**
 * Delivery under Slack faults, end to end: the real bot (Bolt app, outbox, deliverer, real WebClient)
 * against the fake Slack over HTTP. Covers 5xx backoff, lost responses, a process dying between
 * commit and send, permanent errors, a revoked token, waiting for a channel, and replayed Slack
 * requests. What is measured in real time (429 pauses, pacing, one queue per destination) is in
 * delivery-timing.test.ts.
 *
 * The outbox's retry schedule (`nextAttemptAt`) runs on the injected ManualClock, so a retried row
 * becomes due when the test advances it (then `deliverer.drain()`).
 */
import { afterEach, describe, expect, it } from "vitest";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import { ACTION } from "../../src/slack/ids.js";
import { ManualClock } from "../support/clock.js";
import { allRows, refuseWrites, repoOn } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { BOT_USER_ID, DEFAULT_CHANNELS, RESPONSE_URL_METHOD, type SlackEmulator } from "../support/test-slack.js";
import { escalationSubmission, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import { signedRef } from "../support/refs.js";
import { BILLING, BREACH, escalationCount, harness, keptDatabase, postMessageKey, rowByKey, sleep, startBotOn, startFake, submit, TIER2, topPosts, warmUp, retryNotice, runCleanups } from "../support/delivery-faults.js";

afterEach(runCleanups);

describe("transient errors", () => {
  it("retries a post after two HTTP 500s on the backoff schedule and posts it exactly once", async () => {
    const h = await harness();
    h.fake.fail("chat.postMessage", { status: 500, times: 2 });

    await submit(h.slack, TIER2);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the first attempt to fail");
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "pending", lastError: "http_500" });

    // First backoff is 2 s: not due a millisecond early.
    h.clock.advance(1_999);
    await h.bot.deliverer.drain();
    expect(h.fake.rejected).toHaveLength(1);
    h.clock.advance(1);
    await h.bot.deliverer.drain();
    expect(h.fake.rejected).toHaveLength(2);
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "pending", attempts: 2, lastError: "http_500" });

    // Second backoff is 4 s.
    h.clock.advance(3_999);
    await h.bot.deliverer.drain();
    expect(h.fake.posted()).toHaveLength(0);
    h.clock.advance(1);
    await h.bot.deliverer.drain();

    const posts = h.fake.posted();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe("C0TIER2");
    expect(h.fake.rejected).toHaveLength(2);
    // Each retry first looked for a message the failed attempt might have posted (by its metadata;
    // start-up's own look at the channels asks without).
    expect(h.fake.callsTo("conversations.history").filter((c) => c.args.include_all_metadata === "true")).toHaveLength(2);
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "sent", attempts: 2, lastError: null, sentAt: h.clock.now() });
    expect((await h.bot.escalations.get(1))?.messageTs).toBe(posts[0]!.response?.ts);
    // The confirmation follows, once.
    expect(h.fake.callsTo("chat.postEphemeral")).toHaveLength(1);
    expect((await rowByKey(h.bot, "confirm:1"))?.status).toBe("sent");
  });

  it("a post whose response was lost is found by its metadata on retry, not posted twice", async () => {
    const h = await harness();
    h.fake.fail("chat.postMessage", { dropResponse: true });

    await submit(h.slack, TIER2);
    const first = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    const firstTs = first.response?.ts as string;
    expect(firstTs).toMatch(/^\d+\.\d+$/);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the lost response to count as a failed attempt");
    expect((await rowByKey(h.bot, "post:1"))?.lastError).toMatch(/^network/);
    expect((await h.bot.escalations.get(1))?.messageTs).toBeNull();

    h.clock.advance(2_000);
    await h.bot.deliverer.drain();

    expect(topPosts(h.fake, "C0TIER2")).toHaveLength(1);
    const lookup = h.fake.callsTo("conversations.history").filter((c) => c.args.include_all_metadata === "true");
    expect(lookup).toHaveLength(1);
    expect(lookup[0]!.args).toMatchObject({ channel: "C0TIER2", include_all_metadata: "true" });
    expect(await h.bot.escalations.get(1)).toMatchObject({ messageChannelId: "C0TIER2", messageTs: firstTs });
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "sent", attempts: 1 });
    // The confirmation links to the message that was posted the first time.
    const confirm = await h.fake.waitFor("chat.postEphemeral");
    expect(confirm.args.text).toContain(`/archives/C0TIER2/p${firstTs.replace(".", "")}`);
  });
});

describe("a process that dies mid-delivery", () => {
  it("killed between commit and send: a new process on the same database posts the escalation and the confirmation exactly once", async () => {
    const database = await keptDatabase();
    const clock = new ManualClock();

    // Process 1 commits the escalation, but Slack answers every post with 500 until it goes down.
    const down = await startFake();
    down.fail("chat.postMessage", { status: 500, times: Infinity });
    const first = await startBotOn(down, database, clock);
    await submit(first.slack, TIER2);
    await eventually(async () => (await rowByKey(first.bot, "post:1"))?.attempts === 1, "the failed first attempt");
    await first.stop();
    expect(down.posted()).toHaveLength(0);
    expect(down.callsTo("chat.postEphemeral")).toHaveLength(0);

    // Restarts against a healthy Slack, with time moving on.
    const slack = await startFake();
    for (let restart = 1; restart <= 3; restart++) {
      clock.advance(60_000);
      const next = await startBotOn(slack, database, clock);
      if (restart === 1) {
        // Nothing new is submitted: the deliverer finds the committed rows on start.
        await slack.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
        await slack.waitFor("chat.postEphemeral");
      } else {
        await sleep(200); // several outbox polls
      }
      await next.bot.deliverer.drain();
      expect(await repoOn(next.bot.db, OutboxRepo).pendingCount()).toBe(0);
      expect(await escalationCount(next.bot)).toBe(1);
      expect((await next.bot.escalations.get(1))?.messageTs).toBe(topPosts(slack, "C0TIER2")[0]?.response?.ts);
      await next.stop();

      expect(topPosts(slack, "C0TIER2")).toHaveLength(1);
      expect(slack.posted()).toHaveLength(1);
      expect(slack.callsTo("chat.postEphemeral")).toHaveLength(1);
      expect(slack.callsTo("chat.postEphemeral")[0]!.args).toMatchObject({ channel: "C0TIER1", user: "U0AGENT" });
    }
  });

  it("killed after Slack took the post but before it was recorded: a new process does not post it again", async () => {
    const database = await keptDatabase();
    const clock = new ManualClock();

    const slack = await startFake();
    slack.fail("chat.postMessage", { dropResponse: true });
    const first = await startBotOn(slack, database, clock);
    await submit(first.slack, TIER2);
    const posted = await slack.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    await eventually(async () => (await rowByKey(first.bot, "post:1"))?.attempts === 1, "the lost response to be recorded");
    await first.stop();

    for (let restart = 1; restart <= 3; restart++) {
      clock.advance(60_000);
      const next = await startBotOn(slack, database, clock);
      if (restart === 1) await slack.waitFor("chat.postEphemeral");
      else await sleep(200);
      await next.bot.deliverer.drain();
      expect((await next.bot.escalations.get(1))?.messageTs).toBe(posted.response?.ts);
      await next.stop();

      expect(slack.posted()).toHaveLength(1);
      expect(slack.callsTo("chat.postEphemeral")).toHaveLength(1);
    }
  });
});

describe("a channel that is missing or closed to the bot", () => {
  it.each([
    {
      name: "the channel does not exist yet",
      fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0MGMT") },
      setup: (_fake: SlackEmulator) => {},
      fix: (fake: SlackEmulator): void => void fake.addChannel({ id: "C0MGMT", name: "fleet-management" }),
    },
    {
      name: "Slack answers not_in_channel until the bot is invited",
      fake: {},
      setup: (fake: SlackEmulator) => fake.fail("chat.postMessage", { error: "not_in_channel", match: (a) => a.channel === "C0MGMT", times: Number.POSITIVE_INFINITY }),
      fix: (fake: SlackEmulator): void => fake.reset(),
    },
  ])("a cross-post waits ($name): recorded, told to the reporter once with the real error, posted once it can be", async ({ fake, setup, fix }) => {
    const h = await harness({ fake });
    setup(h.fake);

    await submit(h.slack, BREACH);
    const dm = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.channel).startsWith("D"), 5_000);
    await h.bot.deliverer.drain();

    // The reporter is told by DM (no channel to be ephemeral in), with Slack's own error and what to do.
    expect(dm.args.channel).toBe("DU0AGENT");
    expect(dm.args.text).toContain("could not deliver the notice to #fleet-management for *ESC-0001* yet");
    expect(dm.args.text).toMatch(/channel_not_found|not_in_channel/);
    expect(dm.args.text).toContain("goes out by itself");

    const waiting = await rowByKey(h.bot, "crosspost:1:#fleet-management");
    expect(waiting).toMatchObject({ status: "pending", attempts: 1 });
    const timeline = (await allRows(h.bot.db, "timelineEvents"));
    // (A Sev 1: its war room's opening is on the timeline too, and not the subject here.)
    expect(timeline.map((e) => e.kind).filter(notWarRoom)).toEqual(["opened", "delivery_waiting"]);
    expect(topPosts(h.fake, "C0SEC")).toHaveLength(1);
    expect(topPosts(h.fake, "C0ENG")).toHaveLength(1);

    // Tried again a few minutes later: still closed, and nobody is told twice.
    h.clock.advanceMinutes(2);
    await h.bot.deliverer.drain();
    await eventually(async () => (await rowByKey(h.bot, "crosspost:1:#fleet-management"))?.attempts === 2, "the second try");
    expect(h.fake.posted().filter((c) => String(c.args.channel).startsWith("D") && String(c.args.text).includes("could not deliver"))).toHaveLength(1);

    fix(h.fake);
    h.clock.advanceMinutes(5);
    await h.bot.deliverer.drain();
    await eventually(() => topPosts(h.fake, "C0MGMT").length === 1, "the cross-post once the channel is there");
    expect(await rowByKey(h.bot, "crosspost:1:#fleet-management")).toMatchObject({ status: "sent" });
  });

  it("a Sev 1 whose own channel is missing still reaches the others, which say where it will appear; it is posted once the channel exists", async () => {
    const h = await harness({ fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC") } });
    await submit(h.slack, BREACH);
    const pointer = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0ENG");
    expect(JSON.stringify(pointer.args.blocks)).toContain("It will appear in #security-alerts as soon as the bot can post there");
    const confirmation = await h.fake.waitFor("chat.postEphemeral");
    expect(confirmation.args.text).toContain("could not be posted to #security-alerts yet");
    await h.bot.deliverer.drain();
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "pending" });

    h.fake.addChannel({ id: "C0SEC", name: "security-alerts", is_private: true, members: ["U0BOT"] });
    h.clock.advanceMinutes(1);
    await h.bot.deliverer.drain();
    await eventually(() => topPosts(h.fake, "C0SEC").length === 1, "the post in its own channel");
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "sent" });
  });

  it("a retried post whose lookup cannot read the channel (public, the bot not in it) is posted, not left waiting", async () => {
    const channels = DEFAULT_CHANNELS.map((c) => (c.id === "C0TIER2" ? { ...c, members: ["U0AGENT"] } : c));
    const h = await harness({ fake: { channels } });
    h.fake.fail("chat.postMessage", { dropResponse: true, match: (a) => a.channel === "C0TIER2" });
    await submit(h.slack, TIER2);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the lost response");
    h.clock.advance(5_000);
    await h.bot.deliverer.drain();
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.status === "sent", "the post to be recorded sent");
    const lookup = h.fake.rejected.concat(h.fake.calls).find((c) => c.method === "conversations.history" && c.args.include_all_metadata === "true");
    expect(lookup?.response).toMatchObject({ ok: false, error: "not_in_channel" });
  });

  it("a message Slack refuses for good (not about its channel) is marked failed, recorded, told and not retried", async () => {
    const h = await harness();
    h.fake.fail("chat.postMessage", { error: "msg_too_long", match: (a) => a.channel === "C0MGMT" });
    await submit(h.slack, BREACH);
    const dm = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.channel).startsWith("D"), 5_000);
    await h.bot.deliverer.drain();
    expect(dm.args.text).toContain("could not deliver the notice to #fleet-management for *ESC-0001* (msg_too_long)");
    const failed = await rowByKey(h.bot, "crosspost:1:#fleet-management");
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastError: "msg_too_long" });
    expect((await allRows(h.bot.db, "timelineEvents")).map((e) => e.kind).filter(notWarRoom)).toEqual(["opened", "delivery_failed"]);

    const calls = h.fake.calls.length + h.fake.rejected.length;
    h.clock.advance(24 * 60 * 60_000);
    await h.bot.deliverer.drain();
    await sleep(200);
    await h.bot.deliverer.drain();
    expect(h.fake.calls.length + h.fake.rejected.length).toBe(calls);
  });
});

describe("delivery that waits instead of giving up", () => {
  const health = async (h: Harness) => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("a revoked token pauses every queue without losing a row, says so on /healthz, and resumes when it works again", async () => {
    const h = await harness();
    await warmUp(h);
    // Slack refuses the token for a while: every call, auth.test included.
    for (const method of ["chat.postMessage", "chat.postEphemeral", "chat.getPermalink", "auth.test", "conversations.list"]) {
      h.fake.fail(method, { error: "token_revoked", times: Number.POSITIVE_INFINITY });
    }
    await submit(h.slack, TIER2, { viewId: "VREVOKED1" });
    await submit(h.slack, BILLING, { viewId: "VREVOKED2" });
    await eventually(() => h.logs.some((l) => l.includes("delivery.paused") && l.includes("token_revoked")), "the pause to be logged");
    const paused = await health(h);
    expect(paused.status).toBe(503);
    expect(paused.body).toMatchObject({ ok: false, slack: "token_revoked", db: "ok" });
    await sleep(200); // several probes fail meanwhile
    expect(await rowByKey(h.bot, "post:2")).toMatchObject({ status: "pending", attempts: 0 });
    expect(await rowByKey(h.bot, "post:3")).toMatchObject({ status: "pending", attempts: 0 });

    h.fake.reset(); // the token works again
    await eventually(() => topPosts(h.fake, "C0TIER2").length === 1 && topPosts(h.fake, "C0MGMT").length === 1, "both posts after the pause");
    await h.bot.deliverer.drain();
    expect((await health(h)).body).toMatchObject({ ok: true, slack: "ok", outboxPending: 0 });
    expect(h.logs.some((l) => l.includes("delivery.resumed"))).toBe(true);
    expect(await rowByKey(h.bot, "post:2")).toMatchObject({ status: "sent" });
  });

  it("a transient error never fails a row for good; after the alert delay a person is asked to look", async () => {
    // The playbook's admin role (defaults.admin: support-manager) is a person in the workspace.
    const h = await harness({ alertAfterMs: 30 * 60_000, fake: { users: [{ id: "U0SUPMGR", email: "support-manager@fleetmanagement.com" }] } });
    await warmUp(h);
    h.fake.fail("chat.postMessage", { status: 500, times: 16, match: (a) => a.channel === "C0TIER2" });
    await submit(h.slack, TIER2, { viewId: "VOUTAGE" });
    // An outage of hours of clock time: each retry waits its (capped) backoff, and nothing gives up.
    for (let i = 1; i <= 16; i++) {
      await eventually(async () => (await rowByKey(h.bot, "post:2"))?.attempts === i, `attempt ${i}`);
      h.clock.advance(10 * 60_000);
      await h.bot.deliverer.drain();
    }
    await eventually(() => topPosts(h.fake, "C0TIER2").length === 1, "the post once Slack is back");
    expect(await rowByKey(h.bot, "post:2")).toMatchObject({ status: "sent", attempts: 16 });
    expect(topPosts(h.fake, "C0TIER2")).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes("outbox.stuck") && l.includes("escalation=2"))).toHaveLength(1);
    // ... and told by DM, once, with the escalation, where it should go and Slack's answer, not its details.
    const dmChannel = h.fake.callsTo("conversations.open").find((c) => c.args.users === "U0SUPMGR")?.response?.channel as { id: string } | undefined;
    expect(dmChannel).toBeDefined();
    const alerts = h.fake.posted(dmChannel!.id).map((c) => String(c.args.text));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain("ESC-0002");
    expect(alerts[0]).toContain("The post to #fleet-support-tier2");
    expect(alerts[0]).not.toContain("inspection photos");
  });

  it("/healthz says when a message has waited too long, and when the database refuses writes", async () => {
    const h = await harness({ alertAfterMs: 5 * 60_000 });
    await warmUp(h);
    h.fake.fail("chat.postMessage", { status: 500, times: Number.POSITIVE_INFINITY, match: (a) => a.channel === "C0TIER2" });
    await submit(h.slack, TIER2, { viewId: "VWAITS" });
    await eventually(async () => (await rowByKey(h.bot, "post:2"))?.attempts === 1, "the first failure");
    expect((await health(h)).status).toBe(200);
    h.clock.advance(6 * 60_000);
    const late = await health(h);
    expect(late.status).toBe(503);
    expect(late.body).toMatchObject({ ok: false, oldestPendingSec: 360, problems: ["a message has waited 360 s to be sent"] });

    await refuseWrites(h.bot.db, "leases", ["UPDATE", "INSERT"], "database or disk is full");
    expect((await health(h)).body).toMatchObject({ ok: false, db: "database or disk is full" });
  });
});

describe("replayed Slack requests", () => {
  it("a submit replayed 4 times and an Acknowledge click replayed 4 times act once", async () => {
    const h = await harness();
    const submission = escalationSubmission(TIER2, { viewId: "VREPLAY" });
    for (let i = 0; i <= 4; i++) {
      const reply = await h.slack.interaction(submission, i === 0 ? {} : { retryNum: i });
      expect(reply.status).toBe(200);
    }
    // The repeats are answered from the request receipts: the listener runs once.
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    await h.bot.deliverer.drain();
    expect(await escalationCount(h.bot)).toBe(1);
    expect(h.logs.filter((l) => l.includes("escalation.submit"))).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes("escalation.submit") && l.includes("outcome=created"))).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes("request.repeat") && l.includes("key=view:VREPLAY"))).toHaveLength(4);
    expect(topPosts(h.fake, "C0TIER2")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postEphemeral")).toHaveLength(1);

    const ts = post.response?.ts as string;
    const click = blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts });
    for (let i = 0; i <= 4; i++) {
      const reply = await h.slack.interaction(click, i === 0 ? {} : { retryNum: i });
      expect(reply.status).toBe(200);
    }
    await eventually(() => h.logs.filter((l) => l.includes("request.repeat") && l.includes("key=action:U0ENG:")).length === 4 && true, "four repeats answered");
    await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts);
    await h.bot.deliverer.drain();
    await sleep(100); // let any late listener work land
    await h.bot.deliverer.drain();

    expect(h.logs.filter((l) => l.includes("escalation.acknowledge"))).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes("escalation.acknowledge") && l.includes("outcome=acknowledged"))).toHaveLength(1);
    expect(h.fake.callsTo("chat.update")).toHaveLength(1);
    expect(h.fake.callsTo("chat.update")[0]!.args).toMatchObject({ channel: "C0TIER2", ts });
    const replies = h.fake.posted("C0TIER2").filter((c) => c.args.thread_ts === ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args.text).toContain("<@U0ENG> acknowledged ESC-0001");
    expect(topPosts(h.fake, "C0TIER2")).toHaveLength(1);
    expect((await allRows(h.bot.db, "timelineEvents")).map((e) => e.kind)).toEqual(["opened", "acknowledged"]);
  });
});


/** A Sev 1's war room is on its timeline too; these tests are about delivery. */
const notWarRoom = (kind: string): boolean => !kind.startsWith("war_room");

/**
 * Reproductions of deliverer bugs found while writing the tests above. Each states the correct
 * behaviour and is marked `it.fails` while the bug is there: when a fix lands the test "fails",
 * and `.fails` should simply be removed.
 */
describe("fixed bugs, kept as regression tests", () => {
  // Deliverer.findPosted treats every failed lookup as "cannot check" and posts again. After a lost
  // response, a lookup that merely hit a 5xx (or 429) therefore duplicates the message, although
  // retrying the row later would have found it.
  it("a lost response followed by a failed lookup still does not post twice", async () => {
    const h = await harness();
    h.fake.fail("chat.postMessage", { dropResponse: true });
    h.fake.fail("conversations.history", { status: 500 });
    await submit(h.slack, TIER2);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the lost response");
    for (let i = 0; i < 3; i++) {
      h.clock.advance(10 * 60_000);
      await h.bot.deliverer.drain();
    }
    expect(topPosts(h.fake, "C0TIER2")).toHaveLength(1);
  });
});

/**
 * A message waiting for its channel goes out as soon as the cause is gone: Slack's events (a channel
 * created, the bot invited) reach the real app signed over HTTP, and the reporter's *Retry delivery*
 * click comes from the emulator's workspace like any click. The clock never moves in these tests:
 * nothing here waits for a backoff to run out.
 */
describe("a waiting message is tried as soon as its channel is there", () => {
  const clickRetry = (h: Harness, at: { channel: string; messageTs: string; ephemeral?: boolean }, userId = "U0AGENT") =>
    h.fake.interactions.messageAction(userId, at, { blockId: "delivery_retry", actionId: ACTION.retryDelivery });
  const kinds = async (h: Harness) => (await allRows(h.bot.db, "timelineEvents")).map((e) => e.kind).filter(notWarRoom);

  it("Slack answers not_in_channel until the bot is invited: its own member_joined_channel sends the waiting cross-post once, and Retry delivery then says it went", async () => {
    // An install without chat:write.public: the bot posts only where it is a member.
    const scopes = readManifest().scopes.filter((s) => s !== "chat:write.public");
    const channels = DEFAULT_CHANNELS.map((c) => (c.id === "C0MGMT" ? { ...c, members: ["U0AGENT"] } : c));
    const h = await harness({ fake: { channels, scopes, users: [{ id: "U0ENG" }] } });
    await submit(h.slack, BREACH);
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0AGENT", 5_000);
    expect(dm.args.text).toContain(
      "could not deliver the notice to #fleet-management for *ESC-0001* yet: Slack says the bot is not in #fleet-management (`not_in_channel`). Invite it there with `/invite @Escalation Bot`",
    );
    expect(JSON.stringify(dm.args.blocks)).toContain(ACTION.retryDelivery);
    await eventually(async () => (await rowByKey(h.bot, "crosspost:1:#fleet-management"))?.lastError === "not_in_channel", "the cross-post to wait");

    // Someone else joining tells the bot nothing new.
    expect(h.fake.conversations.invite("U0AGENT", "C0MGMT", ["U0ENG"]).ok).toBe(true);
    await sleep(100);
    // The bot is not in the channel yet: Slack tells it nothing (its own posts elsewhere are `message` events).
    expect(h.fake.appEvents.filter((e) => e.type !== "message")).toHaveLength(0);

    expect(h.fake.conversations.invite("U0AGENT", "C0MGMT", [BOT_USER_ID]).ok).toBe(true);
    await eventually(() => h.fake.appEvents.find((e) => e.type === "member_joined_channel" && e.answer?.ok), "the bot's join to be acked");
    // The emulator answered the earlier tries itself (not_in_channel): only accepted posts count.
    const accepted = () => topPosts(h.fake, "C0MGMT").filter((c) => c.response?.ok === true);
    await eventually(() => accepted().length === 1, "the cross-post once the bot is in the channel");
    await h.bot.deliverer.drain();
    expect(accepted()).toHaveLength(1);
    expect(await rowByKey(h.bot, "crosspost:1:#fleet-management")).toMatchObject({ status: "sent" });

    // The old notice's button now only says it went, in place of the notice.
    expect(await clickRetry(h, { channel: "DU0AGENT", messageTs: String(dm.response?.ts) })).toEqual({ ok: true });
    await eventually(() => h.fake.workspace.message("DU0AGENT", String(dm.response?.ts))?.text?.includes("has been delivered"), "the notice replaced");
    expect(JSON.stringify(h.fake.workspace.message("DU0AGENT", String(dm.response?.ts))?.blocks)).not.toContain(ACTION.retryDelivery);
    expect(accepted()).toHaveLength(1);
  });

  it("a private channel the bot cannot see: inviting it there posts the escalation, found by its name", async () => {
    const channels = DEFAULT_CHANNELS.map((c) => (c.id === "C0SEC" ? { ...c, is_private: true, members: ["U0AGENT"] } : c));
    const h = await harness({ fake: { channels } });
    await submit(h.slack, BREACH);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the post to wait");
    expect((await rowByKey(h.bot, "post:1"))?.lastError).toMatch(/^channel_not_found/);

    // What the sandbox page's composer sends: Slack's own /invite.
    expect(await h.fake.interactions.compose("U0AGENT", "C0SEC", "/invite @Escalation Bot")).toEqual({ ok: true });
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC" && c.args.thread_ts === undefined);
    expect(postMessageKey(post)).toBe("post:1");
    await h.bot.deliverer.drain();
    expect(topPosts(h.fake, "C0SEC")).toHaveLength(1);
    expect(h.logs.some((l) => l.includes("delivery.bot_joined") && l.includes("name=security-alerts") && l.includes("due=1"))).toBe(true);
  });

  it("Retry delivery after the channel appeared without Slack saying so: posted once, and the notice says where", async () => {
    const h = await harness({ fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC") } });
    await submit(h.slack, BREACH);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the post to wait");
    const notice = await retryNotice(h);
    h.fake.addChannel({ id: "C0SEC", name: "security-alerts" }); // no event: an install that did not subscribe, say

    expect(await clickRetry(h, { channel: "C0TIER1", messageTs: notice.ts, ephemeral: true })).toEqual({ ok: true });
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC");
    await eventually(() => h.fake.ephemerals.find("U0AGENT", notice.ts)?.text?.includes("has been delivered"), "the notice replaced by the outcome");
    expect(h.fake.ephemerals.find("U0AGENT", notice.ts)?.text).toContain("It is posted in <#C0SEC>");
    await h.bot.deliverer.drain();
    expect(topPosts(h.fake, "C0SEC")).toHaveLength(1);
    expect((await h.bot.escalations.get(1))?.messageTs).toBe(post.response?.ts);
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "sent" });
  });

  it("Retry delivery while the channel is still missing: tried once more, still waiting, said plainly, nobody told twice", async () => {
    const h = await harness({ fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC") } });
    await submit(h.slack, BREACH);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the post to wait");
    const notice = await retryNotice(h);
    await h.bot.deliverer.drain();
    const notices = h.fake.callsTo("chat.postEphemeral").length + h.fake.posted("DU0AGENT").length;
    const looks = h.fake.callsTo("conversations.list").length;

    expect(await clickRetry(h, { channel: "C0TIER1", messageTs: notice.ts, ephemeral: true })).toEqual({ ok: true });
    const answer = await eventually(() => {
      const text = h.fake.ephemerals.find("U0AGENT", notice.ts)?.text;
      return text?.includes("still waits") && text;
    }, "the answer");
    expect(answer).toContain("Tried again just now: *ESC-0001* still waits: Slack says there is no channel #security-alerts the bot can see (`channel_not_found`)");
    expect(JSON.stringify(h.fake.ephemerals.find("U0AGENT", notice.ts)?.blocks)).toContain(ACTION.retryDelivery);
    // Tried at once with a fresh look at Slack's channels, and its backoff starts over (30 s).
    expect(h.fake.callsTo("conversations.list").length).toBeGreaterThan(looks);
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: h.clock.now() + 30_000 });
    await h.bot.deliverer.drain();
    await sleep(100);
    expect(await kinds(h)).toEqual(["opened", "delivery_waiting"]);
    expect(h.fake.callsTo("chat.postEphemeral").length + h.fake.posted("DU0AGENT").length).toBe(notices);
    // One answer, in place of the notice (through the response URL of the click).
    expect(h.fake.callsTo(RESPONSE_URL_METHOD).map((c) => c.args.replace_original)).toEqual([true]);
    expect(topPosts(h.fake, "C0SEC")).toHaveLength(0);
  });

  it("Retry delivery pressed by someone who is neither the reporter nor the owner is refused privately and changes nothing", async () => {
    const h = await harness({ fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC") } });
    await submit(h.slack, BREACH);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the post to wait");
    await retryNotice(h);
    const before = (await rowByKey(h.bot, "post:1"))!;

    const click = { ...blockAction({ actionId: ACTION.retryDelivery, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER1" }), response_url: h.fake.responseUrl };
    expect((await h.slack.interaction(click)).status).toBe(200);
    const refusal = await h.fake.waitFor(RESPONSE_URL_METHOD);
    expect(refusal.args).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(refusal.args.text).toBe("Only the reporter (<@U0AGENT>) can retry the delivery of ESC-0001; nothing was changed.");
    await sleep(100);
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ attempts: 1, nextAttemptAt: before.nextAttemptAt });
    expect(h.logs.some((l) => l.includes("delivery.retry") && l.includes("outcome=not_allowed"))).toBe(true);
  });
});
