import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTION, CALLBACK, ESCALATE_FIELD as E, UPDATE_FIELD as U } from "../../src/slack/ids.js";
import type { RecordedCall } from "../support/test-slack.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction, viewSubmission } from "../support/signed-request.js";
import { manager } from "../support/actors.js";
import { signedRef } from "../support/refs.js";
import { eventually } from "../support/eventually.js";

const MIN = 60_000;
let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    fake: { users: [{ id: "U0MGR", email: "support-manager@fleetmanagement.com" }, { id: "U0VP", email: "vp-eng@fleetmanagement.com" }] },
  });
});
afterEach(async () => {
  await h.stop();
});

const textOf = (c: RecordedCall) => JSON.stringify(c.args);

async function openSev1(): Promise<string> {
  await h.slack.interaction(escalationSubmission({ severity: "sev1", tier: "standard", summary: "Trip sync stalls for every vehicle of one depot" }));
  const post = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-0001"));
  await h.bot.deliverer.drain();
  return post.response?.ts as string;
}

async function tickAt(offsetMs: number) {
  h.clock.advance(offsetMs);
  await h.bot.clocks.tick(h.clock.now());
  await h.bot.deliverer.drain();
}

const input = (id: string, value: string | null) => ({ [id]: { [id]: { type: "plain_text_input", value } } });
const select = (id: string, value: string) => ({ [id]: { [id]: { type: "static_select", selected_option: { text: { type: "plain_text" as const, text: value }, value } } } });

describe("reminders in the thread", () => {
  it("nudges the owner with Post update and snooze; snoozing answers and is recorded", async () => {
    const ts = await openSev1();
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }));
    // (The Sev 1's war room also updates the post when it is ready: wait for the acknowledgement itself.)
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0ENG", "acknowledged");
    await tickAt(60 * MIN);
    const reminder = h.fake.callsTo("chat.postMessage").find((c) => c.args.thread_ts === ts && textOf(c).includes(":bell:"))!;
    expect(reminder.args.text).toContain("<@U0ENG> a progress update on ESC-0001 is due (Sev 1 · Critical: every 1 h");
    expect(textOf(reminder)).toContain(ACTION.postUpdate);
    expect(textOf(reminder)).toContain("Snooze 30 min");

    await h.slack.interaction({
      ...blockAction({ actionId: ACTION.snooze, value: "", userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }),
      actions: [{ type: "static_select", action_id: ACTION.snooze, block_id: "reminder_actions", selected_option: { text: { type: "plain_text", text: "Snooze 30 min" }, value: `${signedRef(h)}:30` }, action_ts: "1" }],
    });
    const answer = await h.fake.waitFor("chat.postEphemeral", (c) => String(c.args.text).includes(":zzz:"));
    expect(answer.args.user).toBe("U0ENG");
    expect((await h.bot.escalations.get(1))?.nextUpdateDue).toBe(h.clock.now() + 30 * MIN);
  });
});

describe("Post update", () => {
  it("opens a form, validates it, posts the update in the thread and shows it on the message", async () => {
    const ts = await openSev1();
    await h.slack.interaction(blockAction({ actionId: ACTION.postUpdate, value: signedRef(h), userId: "U0ENG", channelId: "C0ENG", messageTs: ts, triggerId: "trig-upd" }));
    const open = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-upd");
    expect(open.args.view.callback_id).toBe(CALLBACK.updateModal);

    const bad = await h.slack.interaction(viewSubmission({ callbackId: CALLBACK.updateModal, privateMetadata: open.args.view.private_metadata, values: { ...select(U.status, "fixing"), ...input(U.done, "") }, userId: "U0ENG" }));
    expect(bad.json()).toMatchObject({ response_action: "errors", errors: { [U.done]: expect.any(String) } });

    h.clock.advance(5 * MIN);
    const values = {
      ...select(U.status, "fixing"),
      ...input(U.done, "Found the stuck sync worker; restarting it region by region"),
      ...input(U.next, "Watch the queue drain"),
      [U.customerVisible]: { [U.customerVisible]: { type: "radio_buttons", selected_option: { text: { type: "plain_text" as const, text: "Yes" }, value: "yes" } } },
    };
    await h.slack.interaction(viewSubmission({ callbackId: CALLBACK.updateModal, privateMetadata: open.args.view.private_metadata, values, userId: "U0ENG" }));
    const reply = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts && textOf(c).includes(":memo:"));
    expect(reply.args.text).toContain("<@U0ENG> posted an update on ESC-0001: *Fix in progress* (shareable with the customer)");
    const update = await h.fake.waitFor("chat.update", (c) => textOf(c).includes("Last update"));
    expect(textOf(update)).toContain(`Last update <!date^${h.clock.now() / 1000}^{ago}|`);
    expect(textOf(update)).toContain("> by <@U0ENG>");
    expect((await h.bot.escalations.get(1))?.lastUpdateAt).toBe(h.clock.now());
    // Marked shareable, so the reporter gets it to pass on to the customer.
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0AGENT" && textOf(c).includes("you can share with the customer"));
    expect(dm.args.text).toContain("*Done:* Found the stuck sync worker");
  });

  it("an internal-only update is not sent to the reporter", async () => {
    const ts = await openSev1();
    await h.bot.escalations.postUpdate(1, manager("U0ENG"), { status: "investigating", done: "Reading the sync worker logs", customerVisible: false });
    await h.bot.deliverer.drain();
    expect(h.fake.callsTo("chat.postMessage").some((c) => c.args.thread_ts === ts && textOf(c).includes("Reading the sync worker logs"))).toBe(true);
    expect(h.fake.callsTo("chat.postMessage").some((c) => c.args.channel === "DU0AGENT" && textOf(c).includes("Reading the sync worker logs"))).toBe(false);
  });
});

describe("Escalate", () => {
  it("asks for a reason, then hands over to the chosen level's channel with a link back", async () => {
    await h.slack.interaction(escalationSubmission({ severity: "sev3", summary: "Report totals are off by one day for one customer" }));
    const post = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-0001"));
    const ts = post.response?.ts as string;
    await h.bot.deliverer.drain();
    expect(post.args.channel).toBe("C0TIER2");

    await h.slack.interaction(blockAction({ actionId: ACTION.escalate, value: signedRef(h), userId: "U0T2", channelId: "C0TIER2", messageTs: ts, triggerId: "trig-esc" }));
    const open = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-esc");
    const levels = open.args.view.blocks.find((b: { block_id?: string }) => b.block_id === E.level).element.options.map((o: { value: string }) => o.value);
    expect(levels).toEqual(["tier3", "management"]);

    const noReason = await h.slack.interaction(viewSubmission({ callbackId: CALLBACK.escalateModal, privateMetadata: open.args.view.private_metadata, values: { ...select(E.level, "tier3"), ...input(E.reason, null) } }));
    expect(noReason.json()).toMatchObject({ response_action: "errors", errors: { [E.reason]: expect.stringMatching(/why/i) } });

    await h.slack.interaction(
      viewSubmission({
        callbackId: CALLBACK.escalateModal,
        privateMetadata: open.args.view.private_metadata,
        values: { ...select(E.level, "tier3"), ...input(E.reason, "Off-by-one in the timezone conversion needs a code fix") },
        userId: "U0T2",
      }),
    );
    const handoff = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0ENG");
    expect(textOf(handoff)).toContain("escalated to *Tier 3*");
    expect(textOf(handoff)).toContain("Off-by-one in the timezone conversion needs a code fix");
    expect(textOf(handoff)).toContain("https://sandbox.slack.test/archives/C0TIER2/p");
    const updated = await h.fake.waitFor("chat.update", (c) => textOf(c).includes("owned by *Tier 3*"));
    expect(updated.args.ts).toBe(ts);
    await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts && textOf(c).includes("escalated to *Tier 3* by <@U0T2>"));
    expect((await h.bot.escalations.get(1))?.level).toBe("tier3");
  });
});

describe("manager DMs", () => {
  it("an unacknowledged escalation climbs on its own and the manager gets a summary with buttons that work", async () => {
    await h.slack.interaction(escalationSubmission({ severity: "sev2", tier: "standard", summary: "Fuel reports export empty files since this morning" }));
    await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-0001"));
    await h.bot.deliverer.drain();
    const esc = (await h.bot.escalations.get(1))!;
    await tickAt(esc.firstResponseDue - h.clock.now());

    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0MGR" && textOf(c).includes("Management escalation"));
    const text = textOf(dm);
    expect(text).toContain("Not acknowledged by Tier 2 within the first-response target");
    expect(text).toContain("Fuel reports export empty files");
    expect(text).toContain("What is asked");
    expect(text).toContain(ACTION.acknowledge);
    expect(text).toContain("Open thread");
    expect(h.fake.callsTo("conversations.open").some((c) => c.args.users === "U0MGR")).toBe(true);

    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0MGR", channelId: "DU0MGR", messageTs: dm.response?.ts as string }));
    await h.fake.waitFor("chat.update", (c) => textOf(c).includes("Acknowledged* by <@U0MGR>"));
    expect(await h.bot.escalations.get(1)).toMatchObject({ level: "tier3", acknowledgedBy: "U0MGR" });
  });
});
