import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import { DEFAULT_CHANNELS } from "../support/test-slack.js";
import { signedRef } from "../support/refs.js";

/**
 * Who may act on an escalation, through the real app over signed HTTP: someone the playbook does
 * not name is refused privately with who may and whom to ask, nothing changes, and the attempt is
 * on the timeline. (U0MALLORY is not in #fleet-support-tier2 and holds no role.)
 */

let h: Harness;
beforeEach(async () => {
  // #fleet-support-tier2 has its people only (the test Slack's channels otherwise hold everyone).
  const channels = DEFAULT_CHANNELS.map((c) => (c.id === "C0TIER2" ? { ...c, members: ["U0BOT", "U0ENG", "U0AGENT"] } : c));
  h = await startHarness({ fake: { channels } });
});
afterEach(() => h.stop());

const refusals = (user: string) => h.fake.callsTo("chat.postEphemeral").filter((c) => c.args.user === user);

describe("permissions in Slack", () => {
  it("refuse a stranger's acknowledge, update, escalate and resolve; the owning level's people may", async () => {
    await h.slack.interaction(escalationSubmission({ severity: "sev2", summary: "Fuel reports export empty files" }));
    const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0TIER2" && c.args.thread_ts === undefined);
    await h.bot.deliverer.drain();
    const ts = post.response?.ts as string;

    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0MALLORY", channelId: "C0TIER2", messageTs: ts }));
    await eventually(() => refusals("U0MALLORY")[0], "the refusal");
    expect(refusals("U0MALLORY")[0]!.args.text).toBe(":no_entry: Only Tier 2's people or a manager can acknowledge ESC-0001; nothing was changed. Ask in <#C0TIER2>.");
    expect((await h.bot.escalations.get(1))?.acknowledgedBy).toBeNull();

    // A member of #fleet-support-tier2 takes it; the stranger still may not work it, and gets no form.
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }));
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0ENG" || undefined, "the acknowledgement");
    for (const actionId of [ACTION.postUpdate, ACTION.escalate, ACTION.resolve]) {
      await h.slack.interaction(blockAction({ actionId, value: signedRef(h), userId: "U0MALLORY", channelId: "C0TIER2", messageTs: ts }));
    }
    await eventually(() => refusals("U0MALLORY").length >= 4 || undefined, "three more refusals");
    // Each click's work runs after its ack, so the three answers may come in any order.
    expect(refusals("U0MALLORY").slice(1).map((c) => c.args.text).sort()).toEqual([
      ":no_entry: Only the owner, Tier 2's people or a manager can post updates on ESC-0001; nothing was changed. Ask <@U0ENG>.",
      ":no_entry: Only the owner, Tier 2's people or a manager can resolve ESC-0001; nothing was changed. Ask <@U0ENG>.",
      ":no_entry: Only the owner, the reporter, Tier 2's people or a manager can escalate ESC-0001; nothing was changed. Ask <@U0ENG>.",
    ]);
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
    const refused = (await h.bot.escalations.status(1, 20))!.events.filter((e) => e.kind === "refused");
    // Newest first: the acknowledge came before the other three, which came in any order.
    expect(refused.map((e) => [e.actor, e.detail.action]).at(-1)).toEqual(["U0MALLORY", "acknowledge"]);
    expect(refused.map((e) => [e.actor, e.detail.action]).slice(0, 3).sort()).toEqual([
      ["U0MALLORY", "escalate"],
      ["U0MALLORY", "resolve"],
      ["U0MALLORY", "update"],
    ]);
    expect(refused).toHaveLength(4);

    // The owner opens the form.
    await h.slack.interaction(blockAction({ actionId: ACTION.resolve, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }));
    await h.fake.waitFor("views.open");
  });
});
