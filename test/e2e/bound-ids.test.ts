import { afterEach, describe, expect, it } from "vitest";
import { RESPONSE_URL_METHOD } from "../../src/sandbox/emulator.js";
import { ACTION, CALLBACK, RESOLVE_FIELD as R } from "../../src/slack/ids.js";
import { STALE_BUTTON, STALE_FORM } from "../../src/slack/listeners/deps.js";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openTestDatabase, testDatabase, type TestDatabase } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, startHarness, tempDatabasePath, type Harness } from "../support/harness.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";

/**
 * Buttons and forms name an escalation by a signed reference (issue 10, "ids are guessable and
 * unbound"): a forged or unsigned form is refused inline, a button from another database's message
 * (the old ESC-0001 after the database was lost) or from another post is answered "out of date",
 * and nothing changes either way.
 */

const running: Harness[] = [];
/** Databases kept across a restart, dropped once their bots have stopped. */
const databases: TestDatabase[] = [];
async function harness(): Promise<Harness> {
  const h = await startHarness();
  running.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()));
  await Promise.all(databases.splice(0).map((d) => d.drop()));
});

/** Opens ESC-0001 and returns its post in #fleet-support-tier2 as Slack recorded it. */
async function openEscalation(h: Harness): Promise<{ ts: string; blocks: { block_id?: string; elements?: { action_id: string; value?: string }[] }[] }> {
  await h.slack.interaction(escalationSubmission({ severity: "sev2", summary: "Fuel reports export empty files" }));
  const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2" && c.args.thread_ts === undefined);
  await h.bot.deliverer.drain();
  return { ts: post.response?.ts as string, blocks: post.args.blocks as never };
}

/** The value of a button on the bot's real post. */
function buttonValue(post: Awaited<ReturnType<typeof openEscalation>>, actionId: string): string {
  const value = post.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value;
  if (!value) throw new Error(`no ${actionId} button on the post`);
  return value;
}

const resolveValues: ViewStateValues = {
  [R.resolution]: { [R.resolution]: { type: "plain_text_input", value: "Restarted the pool" } },
  [R.rootCause]: { [R.rootCause]: { type: "plain_text_input", value: "Timeouts" } },
  [R.prevention]: { [R.prevention]: { type: "plain_text_input", value: null } },
};

const ephemeralsTo = (h: Harness, user: string) => h.fake.callsTo("chat.postEphemeral").filter((c) => c.args.user === user);

describe("bound escalation references", () => {
  it("the post's buttons carry the signed public id, and a click with it works", async () => {
    const h = await harness();
    const post = await openEscalation(h);
    const value = buttonValue(post, ACTION.acknowledge);
    expect(value).toMatch(/^ESC-0001\.[A-Za-z0-9_-]{22}$/);
    expect(value).toBe(signedRef(h, 1));

    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value, blockId: "escalation_actions", userId: "U0ENG", channelId: "C0TIER2", messageTs: post.ts }));
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0ENG" || undefined, "the acknowledgement");
  });

  it("refuses a forged, unsigned or oversized resolve form inline and changes nothing", async () => {
    const h = await harness();
    await openEscalation(h);
    const forged = [
      JSON.stringify({ escalationId: 1 }), // the old, unsigned format
      "1",
      JSON.stringify({ ref: "ESC-0001", sig: "A".repeat(22) }), // a made-up signature
      JSON.stringify({ ref: "ESC-0002", sig: JSON.parse(signedMetadata(h, 1)).sig }), // ESC-0001's signature on another id
      signedMetadata(h, 1) + " ".repeat(3_000), // signed, but bigger than any metadata the bot writes
    ];
    for (const [i, privateMetadata] of forged.entries()) {
      const reply = await h.slack.interaction(viewSubmission({ callbackId: CALLBACK.resolveModal, privateMetadata, values: resolveValues, userId: "U0ENG", viewId: `VFORGED${i}` }));
      expect(reply.json(), privateMetadata.slice(0, 60)).toEqual({ response_action: "errors", errors: { [R.resolution]: STALE_FORM } });
    }
    await h.bot.deliverer.drain();
    expect(await h.bot.escalations.get(1)).toMatchObject({ status: "open", resolvedBy: null });
    expect(h.fake.callsTo("chat.update")).toHaveLength(0);
    expect((await h.bot.escalations.status(1, 50))!.events.map((e) => e.kind)).not.toContain("resolved");

    // The form the bot opens itself still works.
    const ok = await h.slack.interaction(viewSubmission({ callbackId: CALLBACK.resolveModal, privateMetadata: signedMetadata(h, 1), values: resolveValues, userId: "U0ENG" }));
    expect(ok.body).toBe("");
    expect(await h.bot.escalations.get(1)).toMatchObject({ status: "resolved", resolvedBy: "U0ENG" });
  });

  it("after the database was lost and recreated, Acknowledge on the old ESC-0001 does not acknowledge the new ESC-0001", async () => {
    const before = await harness();
    const oldPost = await openEscalation(before);
    const oldValue = buttonValue(oldPost, ACTION.acknowledge);
    await before.stop();
    running.splice(running.indexOf(before), 1);

    // A new database (a new key) under the same METADATA_SIGNING_KEY: the ids start again at 1.
    const h = await harness();
    const post = await openEscalation(h);
    expect(buttonValue(post, ACTION.acknowledge)).not.toBe(oldValue);

    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: oldValue, userId: "U0ENG", channelId: "C0TIER2", messageTs: oldPost.ts }));
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: "1", userId: "U0ENG", channelId: "C0TIER2", messageTs: post.ts }));
    await eventually(() => (ephemeralsTo(h, "U0ENG").length >= 2 ? true : undefined), "two answers");
    expect(ephemeralsTo(h, "U0ENG").map((c) => c.args.text)).toEqual([STALE_BUTTON, STALE_BUTTON]);
    await h.bot.deliverer.drain();
    expect((await h.bot.escalations.get(1))?.acknowledgedBy).toBeNull();
    expect(h.fake.callsTo("chat.update")).toHaveLength(0);
    expect(h.logs.join("\n")).toContain("outcome=stale_button");
  });

  it("after an upgrade, each open escalation's post is re-rendered once with buttons the key verifies", async () => {
    const journal = join(tempDatabasePath(), "..", `slack-${Date.now()}.jsonl`);
    const database = await testDatabase();
    databases.push(database);
    const first = await startHarness({ fake: { journalPath: journal }, database, env: { METADATA_SIGNING_KEY: "k".repeat(40) } });
    running.push(first);
    const post = await openEscalation(first);
    const oldValue = buttonValue(post, ACTION.acknowledge);
    await first.stop();
    running.splice(running.indexOf(first), 1);
    // As after an upgrade: the escalation was posted before this database's installation was recorded
    // (by a version without signed references, whose buttons carry bare ids).
    const db = await openTestDatabase(database);
    await db.transaction(async ({ q, t }) => {
      await q.update(t.escalations).set({ createdAt: sql`${t.escalations.createdAt} - 3600000` });
    });
    await db.close();

    // The same database under another key: the post gets buttons this key signs, once.
    const h = await startHarness({ fake: { journalPath: journal }, database, env: { METADATA_SIGNING_KEY: "n".repeat(40) } });
    running.push(h);
    await h.bot.deliverer.drain();
    const update = await h.fake.waitFor("chat.update", (c) => c.args.ts === post.ts);
    const newValue = (update.args.blocks as { elements?: { action_id: string; value?: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION.acknowledge)?.value;
    expect(newValue).toBeDefined();
    expect(newValue).not.toBe(oldValue);
    expect(h.logs.some((l) => l.includes("installation.rerender posts=1"))).toBe(true);
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: newValue!, userId: "U0ENG", channelId: "C0TIER2", messageTs: post.ts }));
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0ENG" || undefined, "the acknowledgement with the new button");
    await h.stop();
    running.splice(running.indexOf(h), 1);

    // Started again under that key: nothing to re-render.
    const again = await startHarness({ fake: { journalPath: journal }, database, env: { METADATA_SIGNING_KEY: "n".repeat(40) } });
    running.push(again);
    expect(again.logs.some((l) => l.includes("installation.rerender"))).toBe(false);
  });

  it("a click in the escalation's channel must come from its post or the post's thread", async () => {
    const h = await harness();
    const post = await openEscalation(h);
    const value = signedRef(h, 1);

    // Another top-level message in the channel (an older post, a copy) with a valid reference.
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value, userId: "U0ENG", channelId: "C0TIER2", messageTs: "1600000000.000100" }));
    // A reply in some other thread.
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value, userId: "U0ENG", channelId: "C0TIER2", messageTs: "1600000000.000300", threadTs: "1600000000.000200" }));
    await eventually(() => (ephemeralsTo(h, "U0ENG").length >= 2 ? true : undefined), "two answers");
    expect(ephemeralsTo(h, "U0ENG").map((c) => c.args.text)).toEqual([STALE_BUTTON, STALE_BUTTON]);
    expect((await h.bot.escalations.get(1))?.acknowledgedBy).toBeNull();

    // A reply in the post's own thread (where reminders are) is bound by its signature.
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value, userId: "U0ENG", channelId: "C0TIER2", messageTs: "9999999999.000100", threadTs: post.ts }));
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0ENG" || undefined, "the acknowledgement");
  });

  it("refuses an unsigned snooze choice and an unsigned Retry delivery", async () => {
    const h = await harness();
    const post = await openEscalation(h);
    await h.slack.interaction({
      ...blockAction({ actionId: ACTION.snooze, value: "", userId: "U0ENG", channelId: "C0TIER2", messageTs: "9999999999.000100", threadTs: post.ts }),
      actions: [{ type: "static_select", action_id: ACTION.snooze, block_id: "reminder_actions", selected_option: { text: { type: "plain_text", text: "Snooze 30 min" }, value: "1:30" }, action_ts: "1" }],
    });
    const retry = { ...blockAction({ actionId: ACTION.retryDelivery, value: "1", blockId: "delivery_retry", userId: "U0AGENT", channelId: "C0TIER1" }), response_url: h.fake.responseUrl };
    await h.slack.interaction(retry);
    await eventually(() => ephemeralsTo(h, "U0ENG")[0], "the snooze answer");
    expect(ephemeralsTo(h, "U0ENG")[0]!.args.text).toBe(STALE_BUTTON);
    expect((await h.bot.escalations.status(1, 50))!.events.map((e) => e.kind)).not.toContain("snoozed");
    const responded = await h.fake.waitFor(RESPONSE_URL_METHOD);
    expect(responded.args).toMatchObject({ text: STALE_BUTTON, replace_original: false });
  });
});
