/**
 * Delivery measured in real time, end to end: the real bot against the fake Slack over HTTP. A
 * lane's 429 pause and its pacing run on real time (not the injected clock), so these tests wait
 * for real, with Retry-After 1 s and pacing 300 ms, and assert how long things took: a 429 pauses
 * one channel only, posts to one channel are spaced, another channel's post is not held up by a
 * backlog or a hung call.
 *
 * Their bounds are a few hundred milliseconds: vitest.config.ts runs this file after the others,
 * once per engine side by side (a core each), so that what is measured is the bot.
 */
import { afterEach, describe, expect, it } from "vitest";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import { repoOn } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { DEFAULT_CHANNELS } from "../support/test-slack.js";
import { manager } from "../support/actors.js";
import { BILLING, BREACH, harness, postMessageKey, rowByKey, sleep, submit, TIER2, topPosts, warmUp, retryNotice, runCleanups } from "../support/delivery-faults.js";

afterEach(runCleanups);

describe("rate limits", () => {
  it("a 429 on one channel pauses only that channel; the post goes out once after Retry-After", async () => {
    const h = await harness();
    await warmUp(h);
    h.fake.fail("chat.postMessage", { status: 429, retryAfterSec: 1, match: (a) => a.channel === "C0TIER2" });

    await submit(h.slack, TIER2); // ESC-0002
    const limited = await eventually(() => h.fake.rejected.find((c) => c.method === "chat.postMessage"), "the 429");
    const retryAfterEnds = limited.at + 1_000;
    await eventually(async () => (await rowByKey(h.bot, "post:2"))?.lastError === "ratelimited", "the 429 to be recorded on the row");
    // A 429 is not a failed attempt.
    expect(await rowByKey(h.bot, "post:2")).toMatchObject({ status: "pending", attempts: 0 });

    // Due again on the business clock: from now on only the lane's real-time pause holds it back.
    h.clock.advance(1_000);
    await submit(h.slack, BREACH); // ESC-0003: C0SEC, then cross-posts to C0ENG, C0TIER2, C0MGMT
    const sec = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC");
    const eng = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0ENG");
    await sleep(100); // more outbox polls inside the pause
    expect(sec.at).toBeLessThan(retryAfterEnds);
    expect(eng.at).toBeLessThan(retryAfterEnds);
    expect(Date.now()).toBeLessThan(retryAfterEnds); // so the check below really ran inside the pause
    expect(h.fake.posted("C0TIER2")).toHaveLength(0);

    // After Retry-After: ESC-0002's post and ESC-0003's cross-post to Tier 2, each once.
    await h.fake.waitFor("chat.postMessage", (c) => postMessageKey(c) === "post:2", 4_000);
    await h.fake.waitFor("chat.postMessage", (c) => postMessageKey(c) === "crosspost:3:#fleet-support-tier2", 4_000);
    await h.bot.deliverer.drain();
    const tier2 = h.fake.posted("C0TIER2");
    expect(tier2.map(postMessageKey).sort()).toEqual(["crosspost:3:#fleet-support-tier2", "post:2"]);
    for (const c of tier2) expect(c.at).toBeGreaterThanOrEqual(retryAfterEnds);
    expect(h.fake.rejected).toHaveLength(1);
    expect(await rowByKey(h.bot, "post:2")).toMatchObject({ status: "sent", attempts: 0 });
    expect((await h.bot.escalations.get(2))?.messageTs).toBe(tier2.find((c) => postMessageKey(c) === "post:2")?.response?.ts);
    expect(await repoOn(h.bot.db, OutboxRepo).pendingCount()).toBe(0);
  });
});

describe("a queue per destination", () => {
  it("a Sev 1 to an idle channel goes out at once while another channel holds a backlog", async () => {
    const h = await harness({ postIntervalMs: 1_000 });
    await warmUp(h);
    // 200 escalations for #fleet-support-tier2, paced at one post a second: minutes of backlog.
    for (let i = 0; i < 200; i++) {
      await h.bot.escalations.open({
        input: { customer: "Acme", tier: "standard", severity: "sev3", summary: `Report ${i} totals are off`, fields: {} },
        reporterId: "U0AGENT",
        reporterChannelId: "C0TIER1",
        submissionKey: `VBACKLOG${i}`,
      });
    }
    h.bot.deliverer.kick();
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");

    await submit(h.slack, BREACH, { viewId: "VSEV1" });
    const sev1 = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC", 3_000);
    const waiting = (await repoOn(h.bot.db, OutboxRepo).dueQueues(h.clock.now(), 10)).find((q) => q.queue === "channel:fleet-support-tier2");
    expect(waiting).toBeDefined();
    expect(topPosts(h.fake, "C0TIER2").length).toBeLessThan(20);
    expect(postMessageKey(sev1)).toBe("post:202");
  });

  it("a call that hangs holds only its own channel", async () => {
    const h = await harness();
    await warmUp(h);
    h.fake.fail("chat.postMessage", { delayMs: 60_000, match: (a) => a.channel === "C0TIER2" });
    await submit(h.slack, TIER2, { viewId: "VHUNG" });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    await submit(h.slack, BREACH, { viewId: "VNOTHELD" });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC", 3_000);
  });
});

describe("pacing", () => {
  it("a backlog of posts to one channel is spaced by postIntervalMs; another channel's post is not held up by it", async () => {
    const h = await harness({ postIntervalMs: 300 });
    await warmUp(h);
    // A Slack outage leaves a backlog: three posts for #fleet-support-tier2, one for #fleet-management.
    h.fake.fail("chat.postMessage", { status: 500, times: 4 });
    await submit(h.slack, TIER2, { viewId: "VPACE2" });
    await submit(h.slack, TIER2, { viewId: "VPACE3" });
    await submit(h.slack, TIER2, { viewId: "VPACE4" });
    await submit(h.slack, BILLING, { viewId: "VPACE5" });
    await eventually(async () => (await Promise.all([2, 3, 4, 5].map((id) => rowByKey(h.bot, `post:${id}`)))).every((row) => row?.attempts === 1), "four failed first attempts");
    expect(h.fake.posted()).toHaveLength(0);
    await sleep(300); // no lane still paced by the failed attempts

    // Slack is back and the backlog is due.
    h.clock.advance(2_000);
    const start = Date.now();
    // drain() returns once only paced rows are left; the deliverer wakes itself for those.
    await h.bot.deliverer.drain();
    await eventually(() => topPosts(h.fake, "C0TIER2").length === 3, "the paced backlog");

    const tier2 = topPosts(h.fake, "C0TIER2");
    expect(tier2.map(postMessageKey)).toEqual(["post:2", "post:3", "post:4"]);
    const [p1, p2, p3] = tier2;
    expect(p2!.at - p1!.at).toBeGreaterThanOrEqual(280);
    expect(p3!.at - p2!.at).toBeGreaterThanOrEqual(280);
    const [mgmt] = topPosts(h.fake, "C0MGMT");
    expect(postMessageKey(mgmt!)).toBe("post:5");
    expect(mgmt!.at - start).toBeLessThan(200);
    expect(mgmt!.at).toBeLessThan(p2!.at);
  });

  it("thread replies in one channel are spaced by postIntervalMs", async () => {
    const h = await harness({ postIntervalMs: 300 });
    await warmUp(h);
    await submit(h.slack, TIER2); // ESC-0002
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    const ts = post.response?.ts as string;
    await h.bot.deliverer.drain();
    await sleep(300);

    // Three changes in a row, each a thread reply (and a message update, which is not a post).
    const service = h.bot.escalations;
    expect((await service.acknowledge(2, manager("U0ENG"))).kind).toBe("acknowledged");
    expect((await service.postUpdate(2, manager("U0ENG"), { status: "Investigating", done: "Reproduced", customerVisible: false })).kind).toBe("done");
    expect((await service.postUpdate(2, manager("U0ENG"), { status: "Fixing", done: "Found the cause", customerVisible: false })).kind).toBe("done");
    const replies = await eventually(
      () => h.fake.posted("C0TIER2").filter((c) => c.args.thread_ts === ts).length >= 3 && h.fake.posted("C0TIER2").filter((c) => c.args.thread_ts === ts),
      "three thread replies",
      5_000,
    );
    expect(replies[1]!.at - replies[0]!.at).toBeGreaterThanOrEqual(280);
    expect(replies[2]!.at - replies[1]!.at).toBeGreaterThanOrEqual(280);
  });
});

/**
 * Reproductions of deliverer bugs found while writing the tests above. Each states the correct
 * behaviour and is marked `it.fails` while the bug is there: when a fix lands the test "fails",
 * and `.fails` should simply be removed.
 */
describe("fixed bugs, kept as regression tests", () => {
  // Deliverer.laneOf keys a post by `channels.peek(name) ?? name`. Before the channel directory has
  // been loaded (the first post after start-up) that is "channel:#fleet-support-tier2"; once send()
  // has resolved the name it is "channel:C0TIER2". The 429 pause is stored under the first key, and
  // the retry runs under the second, so it is not paused.
  it("the first post after start-up: a 429 pauses the lane its retry runs in", async () => {
    const h = await harness();
    h.fake.fail("chat.postMessage", { status: 429, retryAfterSec: 1, match: (a) => a.channel === "C0TIER2" });
    await submit(h.slack, TIER2);
    const limited = await eventually(() => h.fake.rejected.find((c) => c.method === "chat.postMessage"), "the 429");
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.lastError === "ratelimited", "the 429 to be recorded on the row");
    h.clock.advance(1_000);
    await sleep(300);
    expect(Date.now()).toBeLessThan(limited.at + 1_000);
    expect(h.fake.posted("C0TIER2")).toHaveLength(0);
  });

  // Same cause: the first post's pacing timestamp is stored under "channel:#fleet-support-tier2",
  // the next posts to the channel look under "channel:C0TIER2" and go out at once.
  it("the first posts after start-up: pacing holds between the first and the second post", async () => {
    const h = await harness({ postIntervalMs: 300 });
    await submit(h.slack, TIER2, { viewId: "VCOLD1" });
    await submit(h.slack, TIER2, { viewId: "VCOLD2" });
    const [p1, p2] = await eventually(() => topPosts(h.fake, "C0TIER2").length >= 2 && topPosts(h.fake, "C0TIER2"), "two Tier 2 posts");
    expect(p2!.at - p1!.at).toBeGreaterThanOrEqual(280);
  });

  // Deliverer.drainLoop awaits Promise.all over every lane of a batch before it looks for new rows,
  // and a lane's pacing sleeps inside runLane. So a row committed while one lane sleeps out its
  // pacing waits for that lane, whatever its channel (up to BATCH × postIntervalMs in production).
  it("a new post to another channel does not wait while a busy lane sleeps out its pacing", async () => {
    const h = await harness({ postIntervalMs: 300 });
    await warmUp(h);
    await sleep(300); // the warm-up's post no longer paces #fleet-management
    await submit(h.slack, TIER2, { viewId: "VBUSY2" });
    await submit(h.slack, TIER2, { viewId: "VBUSY3" });
    await submit(h.slack, TIER2, { viewId: "VBUSY4" });
    // The second Tier 2 post: the lane now sleeps ~300 ms before the third.
    await eventually(() => topPosts(h.fake, "C0TIER2").length >= 2, "two Tier 2 posts");
    const submittedAt = Date.now();
    await submit(h.slack, BILLING, { viewId: "VBUSY5" });
    const mgmt = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0MGMT");
    const [, , p3] = await eventually(() => topPosts(h.fake, "C0TIER2").length >= 3 && topPosts(h.fake, "C0TIER2"), "three Tier 2 posts");
    expect(mgmt.at - submittedAt).toBeLessThan(150);
    expect(mgmt.at).toBeLessThan(p3!.at);
  });
});

/** The delivery-faults.test.ts section of the same name has the cases that are not timed. */
describe("a waiting message is tried as soon as its channel is there", () => {
  it("the missing primary channel is created: Slack's channel_created makes the waiting post go out at once, once", async () => {
    const h = await harness({ fake: { channels: DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC") } });
    await submit(h.slack, BREACH);
    await eventually(async () => (await rowByKey(h.bot, "post:1"))?.attempts === 1, "the post to wait for its channel");
    const notice = await retryNotice(h);
    expect(notice.text).toContain("could not be posted to #security-alerts yet: Slack says there is no channel #security-alerts the bot can see (`channel_not_found`)");

    const made = h.fake.conversations.create("U0AGENT", "security-alerts", false);
    if (!made.ok) throw new Error(made.error);
    const createdAt = Date.now();
    const sent = await eventually(() => h.fake.appEvents.find((e) => e.type === "channel_created" && e.answer?.ok), "the event to be acked");
    expect(sent.envelope).toMatchObject({ type: "event_callback", event: { type: "channel_created", channel: { id: made.channel.id, name: "security-alerts" } } });
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === made.channel.id);
    expect(post.at - createdAt).toBeLessThan(1_000);
    await h.bot.deliverer.drain();
    await sleep(100);
    expect(topPosts(h.fake, made.channel.id)).toHaveLength(1);
    expect(await rowByKey(h.bot, "post:1")).toMatchObject({ status: "sent" });
    expect(await h.bot.escalations.get(1)).toMatchObject({ messageChannelId: made.channel.id, messageTs: post.response?.ts });
    expect(h.logs.some((l) => l.includes("delivery.channel_created") && l.includes("due=1"))).toBe(true);
  });
});
