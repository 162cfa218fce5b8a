import { afterEach, describe, expect, it } from "vitest";
import { ACTION, CALLBACK, COMMANDER_FIELD, LINK_FIELD as L, RESOLVE_FIELD as R, ROOM_ACTIONS_BLOCK } from "../../src/slack/ids.js";
import { allRows } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { filledForm } from "../support/forms.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";

/**
 * One major incident from the report to the archived room, as the people of the Fleet playbook work
 * it: a Sev 1 opens its war room, Dana names Tom the incident commander from the room, two statuses
 * are posted there, Dana drafts the customer's update from the room and marks it sent, a second
 * customer's escalation is linked as the same issue, the incident is resolved with its linked one,
 * exported from the room, and the room is archived a day later. Every step through the real app
 * (signed requests, the emulator, a migrated database of the engine under test, the injected clock).
 */

const PEOPLE = [
  { id: "U0DANA", realName: "Dana Whitfield", email: "support-manager@fleetmanagement.com" },
  { id: "U0VIC", realName: "Victor Alvarez", email: "vp-eng@fleetmanagement.com" },
  { id: "U0TOM", realName: "Tom Becker", email: "engineering@fleetmanagement.com" },
  { id: "U0GRACE", realName: "Grace Kim", email: "success@fleetmanagement.com" },
];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("a major incident, from the report to the archived room", () => {
  it("war room → commander → two statuses → customer update → a linked second customer → resolved together → exported → archived", async () => {
    const hh = (h = await startHarness({ fake: { users: PEOPLE } }));
    let views = 0;
    const settle = () => hh.bot.deliverer.drain();
    const esc = async (id: number) => (await hh.bot.escalations.get(id))!;
    const events = async (id: number) => (await allRows(hh.bot.db, "timelineEvents")).filter((e) => e.escalationId === id);
    const submit = (id: number, callbackId: string, values: object, userId = "U0DANA") =>
      hh.slack.interaction(viewSubmission({ callbackId, values: values as ViewStateValues, privateMetadata: signedMetadata(hh, id), userId, viewId: `VWALK${++views}` }));
    const text = (blockId: string, value: string | null) => ({ [blockId]: { [blockId]: { type: "plain_text_input", value } } });
    const select = (blockId: string, value: string) => ({ [blockId]: { [blockId]: { type: "static_select", selected_option: { text: { type: "plain_text", text: value }, value } } } });
    const checked = (blockId: string) => ({ [blockId]: { [blockId]: { type: "checkboxes", selected_options: [{ text: { type: "plain_text", text: "yes" }, value: "yes" }] } } });
    /** A click on a button of the room's pinned summary; the form it opens, if any. */
    const roomClick = async (actionId: string, room: string, pinnedTs: string, triggerId: string) => {
      const before = hh.logs.length;
      await hh.slack.interaction(blockAction({ actionId, blockId: ROOM_ACTIONS_BLOCK, value: signedRef(hh, 1), userId: "U0DANA", channelId: room, messageTs: pinnedTs, triggerId }));
      await eventually(() => hh.logs.slice(before).some((l) => l.includes("outcome=")), `the outcome of ${actionId}`);
    };

    // The report: Acme Corp, an enterprise customer, every driver's photo uploads fail. Sev 1.
    expect((await hh.slack.interaction(escalationSubmission({ severity: "sev1", tier: "enterprise", customer: "Acme Corp", summary: "Photo uploads fail with 503 for all drivers", contact: "John Miller" }))).status).toBe(200);
    const post = await hh.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
    const postTs = post.response?.ts as string;
    const postChannel = post.args.channel as string;
    await settle();

    // Its war room: named after it, with the playbook's people, its topic and a pinned summary linking the thread.
    await eventually(async () => (await esc(1)).warRoomChannelId, "the war room");
    const room = (await esc(1)).warRoomChannelId!;
    const channel = () => hh.fake.workspace.channels.get(room)!;
    expect(channel().name).toBe("esc-0001-acme-photo-uploads-fail");
    expect(channel().members).toEqual(expect.arrayContaining(["U0DANA", "U0VIC", "U0TOM", "U0GRACE"]));
    expect(channel().topic).toContain("No commander yet");
    const pinnedTs = channel().pinned![0]!;
    expect(JSON.stringify(hh.fake.workspace.message(room, pinnedTs)!.blocks)).toContain("Open the thread");
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === postTs && String(c.args.text).includes(`<#${room}>`));

    // Dana names Tom the incident commander from the room: topic and post say so, Tom is told.
    await roomClick(ACTION.assignCommander, room, pinnedTs, "trig-walk-commander");
    const pick = { [COMMANDER_FIELD.user]: { [COMMANDER_FIELD.user]: { type: "users_select", selected_user: "U0TOM" } } };
    expect((await submit(1, CALLBACK.commanderModal, pick)).status).toBe(200);
    await eventually(async () => (await esc(1)).commanderId === "U0TOM", "the commander");
    await settle();
    await eventually(() => channel().topic?.includes("Commander: <@U0TOM>"), "the topic names the commander");
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0TOM" && String(c.args.text).includes("incident commander of *ESC-0001*"));

    // Two statuses in the room, ten minutes apart: each is the escalation's progress update.
    for (const [after, words] of [[10, "Storage team is restarting the upload workers"], [10, "Error rate down to 5 %, watching"]] as const) {
      hh.clock.advanceMinutes(after);
      const at = hh.clock.now();
      expect(await hh.fake.interactions.compose("U0TOM", room, words)).toEqual({ ok: true });
      await eventually(async () => (await esc(1)).roomStatusAt === at, `the status "${words}"`);
    }
    expect((await events(1)).filter((e) => e.kind === "room_status")).toHaveLength(2);
    expect(await esc(1)).toMatchObject({ lastUpdateBy: "U0TOM", lastUpdateAt: hh.clock.now() });

    // Dana drafts the customer's update from the room: the playbook's template, filled in; she sends it herself and marks it sent.
    await roomClick(ACTION.draftCustomerUpdate, room, pinnedTs, "trig-walk-draft");
    const draft = (await hh.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-walk-draft")).response!.view as { id: string; callback_id: string; blocks: { block_id?: string }[] };
    expect(draft.callback_id).toBe(CALLBACK.customerDraftModal);
    expect(JSON.stringify(draft.blocks)).toContain("John Miller");
    const blockOf = (prefix: string) => draft.blocks.find((b) => b.block_id?.startsWith(prefix))?.block_id;
    // What the escalation did not know (the ticket number, the ETA) Dana filled in before sending.
    const typed = { [blockOf("draft_text:")!]: "Dear John,\nour storage team found the cause and error rates are falling. Next update at 10:00." };
    const subject = blockOf("draft_subject:");
    if (subject) typed[subject] = "Update - photo uploads";
    const inputs = filledForm(draft, Object.fromEntries(Object.entries(typed).map(([block, value]) => [block, { [block]: value }])));
    expect(await hh.fake.interactions.submitView("U0DANA", draft.id, inputs)).toEqual({ kind: "closed" });
    await eventually(async () => (await events(1)).find((e) => e.kind === "customer_update_sent"), "the update marked sent");
    await settle();
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === postTs && String(c.args.text).includes("*Sent to customer* by <@U0DANA>"));

    // A second customer reports the same thing: linked to ESC-0001, whose post now lists them.
    expect((await hh.slack.interaction(escalationSubmission({ severity: "sev2", tier: "enterprise", customer: "Beta Logistics", summary: "Inspection photos never arrive" }))).status).toBe(200);
    await hh.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0002"));
    const linked = await submit(2, CALLBACK.linkModal, { ...select(L.escalation, "ESC-0001"), ...text(L.typedId, null), ...text(L.note, null) });
    expect(linked.body).toBe("");
    await eventually(async () => (await esc(2)).parentId === 1, "the link");
    await settle();
    await eventually(() => JSON.stringify(hh.fake.workspace.message(postChannel, postTs)!.blocks).includes("Beta Logistics"), "the parent's post lists the second customer");
    // Two customers: the playbook's "multiple customers reporting same issue" rule applies to the incident.
    await eventually(async () => (await events(1)).find((e) => e.kind === "customers_linked"), "the multiple-customers rule");

    // Resolved, with the linked escalation resolved by the same outcome; the room hears it.
    hh.clock.advanceMinutes(40);
    expect((await submit(1, CALLBACK.resolveModal, { ...text(R.resolution, "Upload workers restarted, storage pool resized"), ...text(R.rootCause, "Blob storage pool exhausted"), ...text(R.prevention, null), ...checked(R.children) })).status).toBe(200);
    await eventually(async () => (await esc(1)).status === "resolved" && (await esc(2)).status === "resolved", "both resolved");
    expect(await esc(2)).toMatchObject({ resolution: "Upload workers restarted, storage pool resized" });
    await settle();
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.channel === room && String(c.args.text).includes("ESC-0001 was resolved"));

    // Exported from the room: the package and its bug report arrive as a file in the thread.
    await roomClick(ACTION.export, room, pinnedTs, "trig-walk-export");
    const file = await eventually(() => hh.fake.workspace.replies(postChannel, postTs).flatMap((m) => m.files ?? [])[0], "the exported file");
    const exported = Buffer.from(file.data, "base64").toString("utf8");
    for (const words of ["ESC-0001", "Acme Corp", "Blob storage pool exhausted", "Tom Becker", "Bug report"]) expect(exported).toContain(words);

    // A day later the room is archived: read-only from then on.
    hh.clock.advance(24 * HOUR);
    await hh.bot.clocks.tick();
    await settle();
    await eventually(async () => (await esc(1)).warRoomArchivedAt !== null, "the room archived");
    expect(channel().archived).toBe(true);
    expect((await events(1)).map((e) => e.kind)).toEqual(
      expect.arrayContaining(["opened", "war_room_opened", "commander_assigned", "room_status", "customer_update_sent", "linked", "customers_linked", "resolved", "war_room_archived"]),
    );
    // A whole incident's walk: longer than one test's default on a busy machine.
  }, 60_000);
});
