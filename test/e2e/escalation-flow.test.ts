import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { ACTION, CALLBACK, RESOLVE_FIELD as R } from "../../src/slack/ids.js";
import { allRows, refuseWrites } from "../support/db.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction, viewSubmission } from "../support/signed-request.js";
import { signedRef } from "../support/refs.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const escalationCount = async () => (await h.bot.db.read(({ q, t }) => q.select({ n: count() }).from(t.escalations)))[0]?.n ?? 0;

/** Every text string anywhere in a Block Kit structure. */
function textsOf(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, val] of Object.entries(v)) {
        if (k === "text" && typeof val === "string") out.push(val);
        else walk(val);
      }
    }
  };
  walk(blocks);
  return out;
}

async function createEscalation(fields = {}, opts = {}) {
  const reply = await h.slack.interaction(escalationSubmission(fields, opts));
  expect(reply.status).toBe(200);
  return h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-"));
}

describe("/escalate", () => {
  it("acks and opens the modal with the typed text as the summary", async () => {
    const reply = await h.slack.slashCommand({ text: "Acme Corp photo uploads fail with 503", trigger_id: "trig-abc" });
    expect(reply.status).toBe(200);
    const open = await h.fake.waitFor("views.open");
    expect(open.args.trigger_id).toBe("trig-abc");
    expect(open.args.view.callback_id).toBe(CALLBACK.escalationModal);
    const summary = open.args.view.blocks.find((b: { block_id?: string }) => b.block_id === "summary");
    expect(summary.element.initial_value).toBe("Acme Corp photo uploads fail with 503");
    expect(JSON.parse(open.args.view.private_metadata)).toEqual({ channelId: "C0TIER1" });
  });

  it("rejects a request with a bad signature and does nothing", async () => {
    const reply = await h.slack.slashCommand({ text: "x" }, { badSignature: true });
    expect(reply.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
  });

  it("rejects a stale timestamp", async () => {
    const reply = await h.slack.slashCommand({ text: "x" }, { timestamp: Math.floor(Date.now() / 1000) - 60 * 10 });
    expect(reply.status).toBe(401);
  });
});

describe("submitting the modal", () => {
  it("stores the escalation, posts it to Tier 2 and confirms to the reporter with a link", async () => {
    const post = await createEscalation();
    expect(post.args.channel).toBe("C0TIER2");
    const texts = textsOf(post.args.blocks).join("\n");
    expect(texts).toContain("ESC-0001");
    expect(texts).toContain("Sev 2 · High");
    expect(texts).toContain("Acme Corp (Enterprise)");
    expect(texts).toContain("10 drivers blocked");
    expect(texts).toContain("<@U0AGENT>");
    const actionIds = post.args.blocks
      .filter((b: { type: string }) => b.type === "actions")
      .flatMap((b: { elements: { action_id: string }[] }) => b.elements.map((e) => e.action_id));
    expect(actionIds).toEqual([ACTION.acknowledge, ACTION.postUpdate, ACTION.escalate, ACTION.resolve, ACTION.draftCustomerUpdate, ACTION.more]);

    const confirm = await h.fake.waitFor("chat.postEphemeral");
    expect(confirm.args).toMatchObject({ channel: "C0TIER1", user: "U0AGENT" });
    expect(confirm.args.text).toContain("ESC-0001");
    expect(confirm.args.text).toContain("https://sandbox.slack.test/archives/C0TIER2/p");

    const [stored] = await allRows(h.bot.db, "escalations");
    expect(stored).toMatchObject({ status: "open", severity: "sev2", tier: "enterprise", channel: "#fleet-support-tier2", messageChannelId: "C0TIER2" });
    expect((await allRows(h.bot.db, "timelineEvents")).map((e) => e.kind)).toEqual(["opened"]);
    expect(h.logs.some((l) => l.includes("escalation.submit") && l.includes("escalation=ESC-0001") && l.includes("outcome=created"))).toBe(true);
  });

  it("routes security-looking text to #security-alerts", async () => {
    const post = await createEscalation({ summary: "Customer says they can see another user's data in the trip report" });
    expect(post.args.channel).toBe("C0SEC");
    expect(textsOf(post.args.blocks).join("\n")).toContain("another user's data");
  });

  it("shows a missing summary inline and creates nothing", async () => {
    const reply = await h.slack.interaction(escalationSubmission({ summary: "" }));
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ response_action: "errors", errors: { summary: expect.stringMatching(/describe/i) } });
    expect(await escalationCount()).toBe(0);
  });

  it("when saving fails the form stays open with what was typed, and a second try works", async () => {
    const allowWrites = await refuseWrites(h.bot.db, "escalations", ["INSERT"], "database or disk is full");
    const payload = escalationSubmission({}, { viewId: "VFULL" });
    const refused = await h.slack.interaction(payload);
    expect(refused.json()).toMatchObject({ response_action: "errors", errors: { summary: expect.stringMatching(/could not be saved.*your text is still here/) } });
    expect(await escalationCount()).toBe(0);

    await allowWrites();
    const saved = await h.slack.interaction(payload);
    expect(saved.body).toBe("");
    expect(await escalationCount()).toBe(1);
  });

  it("a retried or double submit of the same modal creates one escalation and one post", async () => {
    const payload = escalationSubmission({}, { viewId: "VSAME" });
    await h.slack.interaction(payload);
    await h.slack.interaction(payload, { retryNum: 1 });
    await h.slack.interaction(payload);
    await h.fake.waitFor("chat.postEphemeral");
    await h.bot.deliverer.drain();
    expect(await escalationCount()).toBe(1);
    expect(h.fake.posted("C0TIER2")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postEphemeral")).toHaveLength(1);
  });

  it("keeps a 20,000-character summary within Block Kit limits, visibly truncated", async () => {
    const huge = "Photos fail to upload. ".repeat(900).slice(0, 20_000);
    const post = await createEscalation({ summary: huge, impact: huge, troubleshooting: huge });
    const blocks = post.args.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) {
      if (b.type === "section" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    const summary = blocks.find((b) => b.text?.text.startsWith("*Summary*"));
    expect(summary?.text?.text.endsWith("…")).toBe(true);
    expect(String(post.args.text).length).toBeLessThanOrEqual(3000);
    // The whole text is kept in the database.
    expect((await allRows(h.bot.db, "escalations"))[0]?.summary).toHaveLength(20_000);
  });

  it("tells the reporter when the routed channel does not exist, and posts there once it does", async () => {
    await h.stop();
    h = await startHarness({ fake: { channels: [{ id: "C0TIER1", name: "fleet-support-tier1" }] } });
    await h.slack.interaction(escalationSubmission());
    const note = await h.fake.waitFor("chat.postEphemeral");
    expect(note.args.text).toContain("ESC-0001* is saved, but it could not be posted to #fleet-support-tier2 yet: Slack says there is no channel #fleet-support-tier2 the bot can see (`channel_not_found`)");
    const kinds = (await allRows(h.bot.db, "timelineEvents")).map((e) => e.kind);
    expect(kinds).toEqual(["opened", "delivery_waiting"]);

    // Someone creates the channel; the next try (within minutes) posts the escalation there.
    h.fake.addChannel({ id: "C0TIER2", name: "fleet-support-tier2" });
    h.clock.advanceMinutes(1);
    await h.bot.deliverer.drain();
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2");
    expect(h.fake.posted("C0TIER2")).toHaveLength(1);
    expect((await allRows(h.bot.db, "escalations"))[0]?.messageChannelId).toBe("C0TIER2");
  });
});

describe("working an escalation", () => {
  it("acknowledge records who and when, updates the message and replies in the thread", async () => {
    const post = await createEscalation();
    const ts = post.response?.ts as string;
    h.clock.advanceMinutes(12);
    const reply = await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }));
    expect(reply.status).toBe(200);

    const update = await h.fake.waitFor("chat.update");
    expect(update.args).toMatchObject({ channel: "C0TIER2", ts });
    const texts = textsOf(update.args.blocks).join("\n");
    expect(texts).toContain("Acknowledged* by <@U0ENG> after 12 min");
    expect(textsOf(update.args.blocks)).not.toContain("Acknowledge");

    const thread = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts);
    expect(thread.args.text).toContain("<@U0ENG> acknowledged ESC-0001 after 12 min");
    const stored = await h.bot.escalations.get(1);
    expect(stored).toMatchObject({ status: "acknowledged", acknowledgedBy: "U0ENG", acknowledgedAt: h.clock.now() });
  });

  it("a second acknowledge by someone else is told who has it and changes nothing", async () => {
    const post = await createEscalation();
    const ts = post.response?.ts as string;
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }));
    await h.fake.waitFor("chat.update");
    await h.bot.deliverer.drain();
    const updatesBefore = h.fake.callsTo("chat.update").length;

    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0OTHER", channelId: "C0TIER2", messageTs: ts }));
    const eph = await h.fake.waitFor("chat.postEphemeral", (c) => c.args.user === "U0OTHER");
    expect(eph.args.text).toBe("ESC-0001 is already acknowledged by <@U0ENG>.");
    await h.bot.deliverer.drain();
    expect(h.fake.callsTo("chat.update")).toHaveLength(updatesBefore);
    expect((await h.bot.escalations.get(1))?.acknowledgedBy).toBe("U0ENG");
  });

  it("resolve opens a modal, then resolves, removes the buttons and replies in the thread", async () => {
    const post = await createEscalation();
    const ts = post.response?.ts as string;
    await h.slack.interaction(blockAction({ actionId: ACTION.resolve, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts, triggerId: "trig-resolve" }));
    const open = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-resolve");
    expect(open.args.view.callback_id).toBe(CALLBACK.resolveModal);

    const missing = await h.slack.interaction(
      viewSubmission({ callbackId: CALLBACK.resolveModal, privateMetadata: open.args.view.private_metadata, values: {}, userId: "U0ENG" }),
    );
    expect(missing.json()).toMatchObject({ response_action: "errors", errors: { [R.resolution]: expect.any(String), [R.rootCause]: expect.any(String) } });

    h.clock.advanceMinutes(90);
    const values = {
      [R.resolution]: { [R.resolution]: { type: "plain_text_input", value: "Restarted the media service connection pool" } },
      [R.rootCause]: { [R.rootCause]: { type: "plain_text_input", value: "Blob storage timeouts exhausted the pool" } },
      [R.prevention]: { [R.prevention]: { type: "plain_text_input", value: null } },
    };
    const done = await h.slack.interaction(
      viewSubmission({ callbackId: CALLBACK.resolveModal, privateMetadata: open.args.view.private_metadata, values, userId: "U0ENG" }),
    );
    expect(done.status).toBe(200);
    const update = await h.fake.waitFor("chat.update");
    const blocks = update.args.blocks as { type: string; elements?: { action_id: string }[] }[];
    // Reopen (for as long as the playbook's reopen window lasts), the resolution notice's draft, and Export.
    expect(blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements!.map((e) => e.action_id))).toEqual([ACTION.reopen, ACTION.draftCustomerUpdate, ACTION.export]);
    expect(textsOf(blocks).join("\n")).toContain("Resolved* by <@U0ENG> after 1 h 30 min");
    expect(textsOf(blocks).join("\n")).toContain("Restarted the media service connection pool");
    const thread = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts);
    expect(thread.args.text).toContain("*Root cause:* Blob storage timeouts exhausted the pool");
    expect(await h.bot.escalations.get(1)).toMatchObject({ status: "resolved", resolvedBy: "U0ENG" });
    // The reporter, who speaks to the customer, hears of the outcome directly.
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0AGENT" && String(c.args.text).includes("was resolved"));
    expect(dm.args.text).toContain("*Resolution:* Restarted the media service connection pool");
    expect(dm.args.text).toContain("Please confirm with the customer");

    // Clicking Resolve again now only says it is done.
    await h.slack.interaction(blockAction({ actionId: ACTION.resolve, value: signedRef(h), userId: "U0X", channelId: "C0TIER2", messageTs: ts }));
    const eph = await h.fake.waitFor("chat.postEphemeral", (c) => c.args.user === "U0X");
    expect(eph.args.text).toBe("ESC-0001 is already resolved by <@U0ENG>.");
  });
});

describe("runtime", () => {
  it("answers /healthz once the database is migrated", async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, db: "ok" });
  });

  it("with Slack credentials serves no sandbox page or API", async () => {
    for (const path of ["/", "/sandbox/assets/app.js", "/sandbox/api/workspace", "/archives/C0TIER2/p1"]) {
      expect((await fetch(`${h.baseUrl}${path}`)).status, path).toBe(404);
    }
  });
});
