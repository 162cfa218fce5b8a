import { afterEach, describe, expect, it } from "vitest";
import { readManifest } from "../../src/sandbox/manifest.js";
import { ACTION, CALLBACK, COMMANDER_FIELD, RESOLVE_FIELD as R, REOPEN_FIELD as O, ROOM_ACTIONS_BLOCK } from "../../src/slack/ids.js";
import { allRows, testDatabase, type TestDatabase } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";
import { DEFAULT_CHANNELS, startTestSlack, type SlackEmulator } from "../support/test-slack.js";

/**
 * The war room of a major incident (the Fleet playbook's "War Room (Sev 1 Only)"), driven as people
 * drive it: a Sev 1 opens one (name, people, topic, pinned summary, links both ways), a taken name
 * gets a suffix, whoever cannot be invited is named in the room, a missing scope leaves the
 * escalation without a room and says so, the commander is named from the room, a message in the
 * room is a status, the commander is reminded at the cadence, and resolving tells the room and
 * archives it after the delay (also across a restart); a restricted escalation's room is private.
 */

/** The people the Fleet playbook's roles name, by their e-mails; Victor's account is deactivated. */
const PEOPLE = [
  { id: "U0DANA", realName: "Dana Whitfield", email: "support-manager@fleetmanagement.com" },
  { id: "U0VIC", realName: "Victor Alvarez", email: "vp-eng@fleetmanagement.com", deactivated: true },
  { id: "U0ENGONCALL", realName: "Tom Becker", email: "engineering@fleetmanagement.com" },
  { id: "U0GRACE", realName: "Grace Kim", email: "success@fleetmanagement.com" },
  { id: "U0OMAR", realName: "Omar Haddad", email: "security@fleetmanagement.com" },
  { id: "U0MIKE", realName: "Mike Chen" },
];

const ROOM_NAME = "esc-0001-acme-photo-uploads-fail";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let h: Harness | undefined;
let extra: { slack?: SlackEmulator; database?: TestDatabase } = {};
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await extra.slack?.stop();
  await extra.database?.drop();
  extra = {};
});

async function start(opts: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  h = await startHarness({ ...opts, fake: { users: PEOPLE, ...opts.fake } });
  return h;
}

const sev1 = (over: Parameters<typeof escalationSubmission>[0] = {}) =>
  escalationSubmission({ severity: "sev1", category: "general", tier: "enterprise", customer: "Acme Corp", summary: "Photo uploads fail with 503", ...over });

async function opened(hh: Harness, over: Parameters<typeof escalationSubmission>[0] = {}): Promise<{ postTs: string; postChannel: string }> {
  expect((await hh.slack.interaction(sev1(over))).status).toBe(200);
  const post = await hh.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
  await settle(hh);
  return { postTs: post.response?.ts as string, postChannel: post.args.channel as string };
}

const settle = (hh: Harness) => hh.bot.deliverer.drain();
const esc = async (hh: Harness) => (await hh.bot.escalations.get(1))!;
const kinds = async (hh: Harness) => (await allRows(hh.bot.db, "timelineEvents")).map((e) => e.kind);
const texts = (x: unknown) => JSON.stringify(x);
let views = 0;
const submit = (hh: Harness, callbackId: string, values: object, userId: string) =>
  hh.slack.interaction(viewSubmission({ callbackId, values: values as ViewStateValues, privateMetadata: signedMetadata(hh), userId, viewId: `V${++views}${callbackId}` }));
const text = (blockId: string, value: string | null) => ({ [blockId]: { [blockId]: { type: "plain_text_input", value } } });

/** The room's pinned summary as Slack has it now. */
function summary(hh: Harness, channel: string) {
  const pinned = hh.fake.workspace.channels.get(channel)?.pinned ?? [];
  expect(pinned).toHaveLength(1);
  return hh.fake.workspace.message(channel, pinned[0]!)!;
}

async function resolve(hh: Harness, userId = "U0DANA") {
  const before = hh.logs.length;
  expect((await submit(hh, CALLBACK.resolveModal, { ...text(R.resolution, "Storage pool resized"), ...text(R.rootCause, "Blob storage timeouts"), ...text(R.prevention, null) }, userId)).status).toBe(200);
  await eventually(() => hh.logs.slice(before).some((l) => l.includes("outcome=")), "the resolution's outcome");
  await settle(hh);
}

describe("a Sev 1's war room", () => {
  it("is made with its people, topic and pinned summary, linked both ways; whoever cannot be invited is named in the room", async () => {
    const hh = await start();
    const { postTs, postChannel } = await opened(hh);

    const create = hh.fake.callsTo("conversations.create");
    expect(create.map((c) => c.args.name)).toEqual([ROOM_NAME]);
    const e = await esc(hh);
    expect(e).toMatchObject({ warRoomName: ROOM_NAME });
    const room = e.warRoomChannelId!;
    expect(hh.fake.workspace.channels.get(room)).toMatchObject({ name: ROOM_NAME, isPrivate: false });
    // The playbook's people: Support Manager, engineering on-call, and Customer Success for an enterprise customer.
    const members = hh.fake.workspace.channels.get(room)!.members;
    expect(members).toEqual(expect.arrayContaining(["U0DANA", "U0ENGONCALL", "U0GRACE"]));
    expect(members).not.toContain("U0VIC");
    // Topic: status and commander.
    expect(hh.fake.workspace.channels.get(room)!.topic).toBe("ESC-0001 · Sev 1 · Critical · Waiting for acknowledgement · No commander yet");
    // The pinned summary names who could not be invited, links the thread, offers Assign commander.
    const pinned = summary(hh, room);
    expect(texts(pinned.blocks)).toContain("<@U0VIC>: their account is deactivated");
    expect(texts(pinned.blocks)).toContain("|Open the thread>");
    expect(texts(pinned.blocks)).toContain(ACTION.assignCommander);
    expect(texts(pinned.blocks)).not.toMatch(/Conference link/); // the playbook gives none: never invented
    // The escalation's thread and post name the room.
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === postTs && String(c.args.text).includes(`War room for ESC-0001: <#${room}>`));
    const post = hh.fake.workspace.message(postChannel, postTs)!;
    expect(texts(post.blocks)).toContain(`War room: <#${room}>`);
    expect(await kinds(hh)).toContain("war_room_opened");
    // Retried deliveries never make a second room.
    await settle(hh);
    expect(hh.fake.callsTo("conversations.create")).toHaveLength(1);
  });

  it("made once when Slack's answer to conversations.create is lost: the retry finds the room it made by its name", async () => {
    const hh = await start();
    hh.fake.fail("conversations.create", { dropResponse: true });
    expect((await hh.slack.interaction(sev1())).status).toBe(200);
    await hh.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
    await eventually(async () => (await allRows(hh.bot.db, "outbox")).find((r) => r.dedupeKey === "room:open:1" && r.attempts === 1), "the lost answer counted as a failed attempt");
    expect((await esc(hh)).warRoomChannelId).toBeNull();
    hh.clock.advance(5_000);
    await settle(hh);
    await eventually(async () => (await esc(hh)).warRoomChannelId, "the room recorded");
    const rooms = [...hh.fake.workspace.channels.values()].filter((c) => c.name.startsWith("esc-0001"));
    expect(rooms.map((c) => c.name)).toEqual([ROOM_NAME]);
    expect((await esc(hh)).warRoomChannelId).toBe(rooms[0]!.id);
    expect(hh.fake.callsTo("conversations.create").map((c) => c.args.name)).toEqual([ROOM_NAME, ROOM_NAME]);
    expect(rooms[0]!.members).toEqual(expect.arrayContaining(["U0DANA", "U0ENGONCALL"]));
    expect(hh.fake.workspace.channels.get(rooms[0]!.id)!.pinned).toHaveLength(1);
  });

  it("takes the next free name when its name is taken", async () => {
    const hh = await start({ fake: { channels: [...DEFAULT_CHANNELS, { id: "C0TAKEN", name: ROOM_NAME }] } });
    await opened(hh);
    expect(hh.fake.callsTo("conversations.create").map((c) => [c.args.name, c.response?.ok])).toEqual([
      [ROOM_NAME, false],
      [`${ROOM_NAME}-2`, true],
    ]);
    expect((await esc(hh)).warRoomName).toBe(`${ROOM_NAME}-2`);
  });

  it("goes on without a room when the app may not make channels, and says so in the thread and to the reporter", async () => {
    const hh = await start({ fake: { scopes: readManifest().scopes.filter((s) => s !== "channels:manage") } });
    const { postTs } = await opened(hh);
    expect(hh.fake.callsTo("conversations.create")[0]?.response).toMatchObject({ ok: false, error: "missing_scope" });
    expect((await esc(hh)).warRoomChannelId).toBeNull();
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === postTs && String(c.args.text).includes("No war room could be made for ESC-0001: Slack says `missing_scope`"));
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0AGENT" && texts(c.args).includes("the war room") && texts(c.args).includes("missing_scope"));
    expect(await kinds(hh)).toContain("war_room_failed");
    // The escalation itself goes on: acknowledged as ever.
    expect((await esc(hh)).status).toBe("open");
  });

  it("names its commander from the room: topic, summary, post and a DM say so", async () => {
    const hh = await start();
    const { postTs, postChannel } = await opened(hh);
    const room = (await esc(hh)).warRoomChannelId!;
    const pinned = summary(hh, room);
    const before = hh.logs.length;
    await hh.slack.interaction(
      blockAction({ actionId: ACTION.assignCommander, blockId: ROOM_ACTIONS_BLOCK, value: signedRef(hh), userId: "U0DANA", channelId: room, messageTs: pinned.ts, triggerId: "trig-commander" }),
    );
    const form = await hh.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-commander");
    expect(form.args.view.callback_id).toBe(CALLBACK.commanderModal);
    await eventually(() => hh.logs.slice(before).some((l) => l.includes("outcome=modal_opened")), "the form opened");
    // A deactivated person is refused inline; Mike is accepted.
    const pick = (id: string) => ({ [COMMANDER_FIELD.user]: { [COMMANDER_FIELD.user]: { type: "users_select", selected_user: id } } });
    const refused = await submit(hh, CALLBACK.commanderModal, pick("U0VIC"), "U0DANA");
    expect(refused.json()).toMatchObject({ response_action: "errors", errors: { [COMMANDER_FIELD.user]: expect.stringContaining("deactivated") } });
    expect((await submit(hh, CALLBACK.commanderModal, pick("U0MIKE"), "U0DANA")).status).toBe(200);
    await eventually(async () => (await esc(hh)).commanderId === "U0MIKE", "the commander recorded");
    await settle(hh);
    await eventually(() => hh.fake.workspace.channels.get(room)!.topic?.includes("Commander: <@U0MIKE>"), "the topic");
    expect(hh.fake.workspace.channels.get(room)!.members).toContain("U0MIKE");
    expect(texts(summary(hh, room).blocks)).toContain("*Incident commander:* <@U0MIKE>");
    expect(texts(hh.fake.workspace.message(postChannel, postTs)!.blocks)).toContain("Commander: <@U0MIKE>");
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0MIKE" && String(c.args.text).includes("You are now the incident commander of *ESC-0001*"));
    expect(await kinds(hh)).toContain("commander_assigned");
  });

  it("counts a status posted in the room as the progress update, and reminds the commander at the cadence", async () => {
    const hh = await start();
    await opened(hh);
    const room = (await esc(hh)).warRoomChannelId!;

    // 15 minutes without a status: the room is reminded (nobody commands yet: it says so).
    hh.clock.advanceMinutes(15);
    await hh.bot.clocks.tick();
    await settle(hh);
    const reminder = await hh.fake.waitFor("chat.postMessage", (c) => c.args.channel === room && String(c.args.text).includes("time for a status on ESC-0001"));
    expect(reminder.args.text).toContain("nobody assigned yet");

    // Dana posts a status in the room: the escalation's update clock starts again from it.
    hh.clock.advanceMinutes(5);
    const statusAt = hh.clock.now();
    expect(await hh.fake.interactions.compose("U0DANA", room, "Storage team restarted the upload workers; error rate falling")).toEqual({ ok: true });
    await eventually(async () => (await esc(hh)).roomStatusAt === statusAt, "the status counted");
    expect(await esc(hh)).toMatchObject({ lastUpdateAt: statusAt, lastUpdateBy: "U0DANA", nextUpdateDue: statusAt + HOUR });
    expect(await kinds(hh)).toContain("room_status");
    // The next reminder counts from that status, not from the last reminder.
    const reminders = () => hh.fake.posted(room).filter((c) => String(c.args.text).includes("time for a status")).length;
    hh.clock.advanceMinutes(14);
    await hh.bot.clocks.tick();
    await settle(hh);
    expect(reminders()).toBe(1);
    hh.clock.advanceMinutes(1);
    await hh.bot.clocks.tick();
    await settle(hh);
    await eventually(() => reminders() === 2, "the second reminder");
  });

  it("hears the outcome when resolved and is archived after the playbook's delay; a reopen before it keeps the room", async () => {
    const hh = await start();
    await opened(hh);
    const room = (await esc(hh)).warRoomChannelId!;
    await resolve(hh);
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.channel === room && String(c.args.text).includes("ESC-0001 was resolved by <@U0DANA>"));

    // Reopened within the day: the archive is called off.
    hh.clock.advance(2 * HOUR);
    expect((await submit(hh, CALLBACK.reopenModal, text(O.reason, "Uploads fail again"), "U0DANA")).status).toBe(200);
    await eventually(async () => (await esc(hh)).status !== "resolved", "reopened");
    hh.clock.advance(24 * HOUR);
    await hh.bot.clocks.tick();
    await settle(hh);
    expect(hh.fake.callsTo("conversations.archive")).toHaveLength(0);
    expect(hh.fake.workspace.channels.get(room)!.archived).toBeFalsy();

    // Resolved again: archived 24 hours later, once; the room is read-only, the post says so.
    await resolve(hh);
    hh.clock.advance(24 * HOUR - MINUTE);
    await hh.bot.clocks.tick();
    await settle(hh);
    expect(hh.fake.callsTo("conversations.archive")).toHaveLength(0);
    hh.clock.advance(MINUTE);
    await hh.bot.clocks.tick();
    await settle(hh);
    await eventually(async () => (await esc(hh)).warRoomArchivedAt !== null, "the room archived");
    expect(hh.fake.callsTo("conversations.archive")).toHaveLength(1);
    expect(hh.fake.workspace.channels.get(room)!.archived).toBe(true);
    expect(await hh.fake.interactions.compose("U0DANA", room, "one more thing")).toEqual({ ok: false, error: "is_archived" });
  });

  it("is archived through the scheduler after a restart of the bot", async () => {
    extra.database = await testDatabase();
    extra.slack = await startTestSlack({ botEvents: readManifest().botEvents, users: PEOPLE });
    const first = await start({ database: extra.database, slack: extra.slack });
    await opened(first);
    const room = (await esc(first)).warRoomChannelId!;
    await resolve(first);
    const resolvedAt = first.clock.now();
    await first.stop();
    h = undefined;

    const again = await start({ database: extra.database, slack: extra.slack });
    again.clock.set(new Date(resolvedAt + 25 * HOUR).toISOString());
    await again.bot.clocks.tick();
    await settle(again);
    await eventually(() => extra.slack!.workspace.channels.get(room)?.archived === true, "the room archived after the restart");
    expect(extra.slack.callsTo("conversations.archive")).toHaveLength(1);
  });

  it("of a restricted escalation is private, with only the people allowed to see it", async () => {
    const hh = await start();
    expect((await hh.slack.interaction(sev1({ category: "security", summary: "Customer reports a data breach of driver records" }))).status).toBe(200);
    await hh.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC" && !c.args.thread_ts);
    await settle(hh);
    await eventually(async () => (await esc(hh)).warRoomChannelId, "the room");
    const e = await esc(hh);
    expect(String(hh.fake.callsTo("conversations.create")[0]?.args.is_private)).toBe("true");
    const channel = hh.fake.workspace.channels.get(e.warRoomChannelId!)!;
    expect(channel.isPrivate).toBe(true);
    // The security officer and managers; not Customer Success, nor the engineering on-call.
    expect(channel.members).toEqual(expect.arrayContaining(["U0OMAR", "U0DANA"]));
    expect(channel.members).not.toContain("U0GRACE");
    expect(channel.members).not.toContain("U0ENGONCALL");
  });
});
