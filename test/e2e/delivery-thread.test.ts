/**
 * Delivery runs on a thread of its own. When that thread dies, even in the middle of a send, it is
 * started again and every escalation is posted exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { OutboxRepo } from "../../src/db/outbox-repo.js";
import { DeliveryThread } from "../../src/slack/delivery-thread.js";
import { repoOn } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

function thread(h: Harness): DeliveryThread {
  expect(h.bot.deliverer).toBeInstanceOf(DeliveryThread);
  return h.bot.deliverer as DeliveryThread;
}

describe("the delivery thread", () => {
  it("runs delivery off the request thread, said in the ready line", async () => {
    h = await startHarness();
    thread(h);
    expect(h.logs.some((l) => l.includes("escalation bot ready") && l.includes("delivery=thread"))).toBe(true);
    const reply = await h.slack.interaction(escalationSubmission({ severity: "sev2" }, { viewId: "VTHREAD1" }));
    expect(reply.status).toBe(200);
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
  });

  it("killed mid-send, it is restarted and the post is neither lost nor made twice", async () => {
    h = await startHarness();
    // Slack takes the post but answers only after the thread is gone: its response is lost.
    h.fake.fail("chat.postMessage", { delayMs: 1_000, match: (a) => a.channel === "C0TIER2" });
    await h.slack.interaction(escalationSubmission({ severity: "sev2" }, { viewId: "VKILLED" }));
    const posted = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    await thread(h).kill();

    await eventually(() => h.logs.some((l) => l.includes("delivery.thread_exited")), "the thread's exit to be logged");
    await h.bot.deliverer.drain(); // answered by the new thread
    await eventually(async () => (await repoOn(h.bot.db, OutboxRepo).pendingCount()) === 0, "the outbox to empty");
    expect(h.fake.posted("C0TIER2").filter((c) => c.args.thread_ts === undefined)).toHaveLength(1);
    expect((await h.bot.escalations.get(1))?.messageTs).toBe(posted.response?.ts ?? h.fake.posted("C0TIER2")[0]!.response?.ts);
    expect(h.fake.callsTo("chat.postEphemeral")).toHaveLength(1);
  });

  it("a drain asked of a thread that dies is answered by the next one", async () => {
    h = await startHarness();
    const killed = thread(h).kill();
    const drained = h.bot.deliverer.drain();
    await killed;
    await h.slack.interaction(escalationSubmission({ severity: "sev2" }, { viewId: "VAFTERKILL" }));
    await drained;
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
  });
});
