import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.js";
import { manager } from "../support/actors.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import { signedRef } from "../support/refs.js";
import type { RecordedCall } from "../support/test-slack.js";

/**
 * Messages other than the escalation's post, as the emulator's workspace keeps them: a manager's DM
 * says what has been done, and once its Acknowledge was used (there, or already on the post) it no
 * longer offers it and says who has it; a handoff delivered after the escalation moved on again
 * names the level it was sent for.
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ fake: { users: [{ id: "U0MGR", email: "support-manager@fleetmanagement.com" }] } });
});
afterEach(async () => {
  await h.stop();
});

const textOf = (c: RecordedCall | { blocks?: unknown; text?: unknown } | undefined) => JSON.stringify(c);

/** A Sev 1 (the support manager is DMed at open); its post's ts and the manager's DM. */
async function openSev1(): Promise<{ ts: string; dm: { channel: string; ts: string } }> {
  await h.slack.interaction(escalationSubmission({ severity: "sev1", tier: "standard", summary: "Trip sync stalls for every vehicle of one depot" }));
  const post = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-0001"));
  const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0MGR" && String(c.args.text).startsWith("Management escalation"));
  await h.bot.deliverer.drain();
  expect(textOf(dm.args.blocks)).toContain(ACTION.acknowledge);
  return { ts: post.response?.ts as string, dm: { channel: dm.response?.channel as string, ts: dm.response?.ts as string } };
}

/** The DM as the workspace shows it now, and the Acknowledge click on it, as Slack sends it. */
const dmNow = (dm: { channel: string; ts: string }) => h.fake.workspace.message(dm.channel, dm.ts);
const clickAcknowledgeOnDm = (dm: { channel: string; ts: string }) =>
  h.fake.interactions.messageAction("U0MGR", { channel: dm.channel, messageTs: dm.ts }, { blockId: "dm_actions", actionId: ACTION.acknowledge });

describe("Acknowledge on a manager's DM", () => {
  it("acknowledging there updates the DM: no Acknowledge any more, and who has it", async () => {
    const { dm } = await openSev1();
    h.clock.advanceMinutes(7);
    expect(await clickAcknowledgeOnDm(dm)).toMatchObject({ ok: true });

    const update = await h.fake.waitFor("chat.update", (c) => c.args.channel === dm.channel);
    expect(update.args.ts).toBe(dm.ts);
    const shown = textOf(dmNow(dm));
    expect(shown).not.toContain(ACTION.acknowledge);
    expect(shown).toContain(":eyes: *Acknowledged* by <@U0MGR> after 7 min");
    // The rest of the DM is as it was sent, Open thread included.
    expect(shown).toContain("Management escalation: ESC-0001");
    expect(shown).toContain(ACTION.openThread);
    expect(await h.bot.escalations.get(1)).toMatchObject({ acknowledgedBy: "U0MGR" });
  });

  it("already acknowledged on the post: the click is told who has it, and the DM says so too", async () => {
    const { ts, dm } = await openSev1();
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h), userId: "U0ENG", channelId: "C0TIER2", messageTs: ts }));
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0ENG", "the post's acknowledgement");

    await clickAcknowledgeOnDm(dm);
    const told = await h.fake.waitFor("chat.postEphemeral", (c) => c.args.user === "U0MGR");
    expect(told.args.text).toBe("ESC-0001 is already acknowledged by <@U0ENG>.");
    await eventually(() => !textOf(dmNow(dm)).includes(ACTION.acknowledge), "the DM to lose its Acknowledge");
    expect(textOf(dmNow(dm))).toContain(":eyes: *Acknowledged* by <@U0ENG>");
    expect(await h.bot.escalations.get(1)).toMatchObject({ acknowledgedBy: "U0ENG" });
  });
});

describe("what a manager's DM says has been done", () => {
  it("the latest progress update: status, what was done, next steps, when", async () => {
    await openSev1();
    h.clock.advanceMinutes(40);
    await h.bot.escalations.postUpdate(1, manager("U0ENG"), { status: "fixing", done: "Restarted the sync worker of depot 4", next: "Watch the queue drain", customerVisible: false });
    const updatedAt = h.clock.now();
    // 75 % of the Sev 1's 4 h resolution target: the support manager is told by DM.
    h.clock.set(new Date((await h.bot.escalations.get(1))!.createdAt + 3 * 60 * 60_000).toISOString());
    await h.bot.clocks.tick(h.clock.now());
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0MGR" && textOf(c).includes("resolution target used"));
    const done = textOf(dm.args.blocks);
    expect(done).toContain(`:memo: Latest update, <!date^${updatedAt / 1000}^{date_short_pretty} {time}|`);
    expect(done).toContain("by <@U0ENG>: *Fix in progress*");
    expect(done).toContain("*Done:* Restarted the sync worker of depot 4");
    expect(done).toContain("*Next:* Watch the queue drain");
  });
});

describe("a handoff delivered late", () => {
  it("escalated twice quickly, the first handoff (held up by Slack) still names the first target when it goes out", async () => {
    await h.slack.interaction(escalationSubmission({ severity: "sev2", summary: "Report totals are off by one day" }));
    await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-0001"));
    await h.bot.deliverer.drain();
    // Slack fails the first handoff, to #fleet-engineering (Tier 3); it is tried again later.
    h.fake.fail("chat.postMessage", { status: 500, times: 1, match: (args) => args.channel === "C0ENG" && args.thread_ts === undefined });

    h.clock.advanceMinutes(5);
    expect(await h.bot.escalations.escalate(1, manager("U0T2"), "tier3", "Needs a code fix")).toMatchObject({ kind: "done" });
    const tier3Due = (await h.bot.escalations.get(1))!.firstResponseDue;
    await h.bot.deliverer.drain();
    expect(h.fake.rejected.some((c) => c.args.channel === "C0ENG")).toBe(true);

    // No time passes before the second move: the failed handoff's retry is not due yet, so it cannot
    // go out before the escalation has moved on (the injected clock decides when it is due).
    expect(await h.bot.escalations.escalate(1, manager("U0T2"), "management", "The customer threatens to cancel")).toMatchObject({ kind: "done" });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0MGMT" && textOf(c).includes("escalated to *Management*"));

    // The retry, after the move to Management.
    h.clock.advanceMinutes(15);
    const late = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0ENG" && c.args.thread_ts === undefined);
    expect(late.args.text).toBe("ESC-0001 Sev 2 · High escalated to Tier 3");
    expect(textOf(late.args.blocks)).toContain("escalated to *Tier 3*: Tier 2 → Tier 3: Needs a code fix");
    expect(textOf(late.args.blocks)).toContain("It has since moved on to *Management*.");
    // Tier 3 is not asked to acknowledge what Management has now.
    expect(textOf(late.args.blocks)).not.toContain(ACTION.acknowledge);

    // The thread notice of the first move gives that move's deadline, not Management's.
    const notice = h.fake.callsTo("chat.postMessage").find((c) => c.args.thread_ts !== undefined && String(c.args.text).includes("escalated to *Tier 3*"));
    expect(String(notice?.args.text)).toContain(`must acknowledge by <!date^${tier3Due / 1000}^`);
  });
});
