import { describe, expect, it } from "vitest";
import type { EscalationRow, TimelineEventRow } from "../../src/db/schema.js";
import type { TimelineEvent } from "../../src/domain/timeline-event.js";
import { ACTION, CALLBACK, ROOM_ACTIONS_BLOCK } from "../../src/slack/ids.js";
import { buildEscalationMessage } from "../../src/slack/views/escalation-message.js";
import { buildCommanderModal, buildRoomNotice, buildRoomSummary, buildRoomTopic, roomSummaryButtons } from "../../src/slack/views/war-room.js";
import { fleetPolicy } from "../support/policy.js";
import { testRefs } from "../support/refs.js";
import { T0, escalationRow } from "../support/escalation-row.js";

/** The war room's views: topic, pinned summary (its buttons from a list), what is said in the room, the commander form. */

const ctx = { policy: fleetPolicy, now: T0, refs: testRefs };
const noExtras = { threadUrl: undefined, conferenceUrl: undefined, notInvited: [] as string[] };

const row = escalationRow;

const text = (x: unknown) => JSON.stringify(x);

describe("the war room's views", () => {
  it("the topic says status and commander, within Slack's 250 characters", () => {
    expect(buildRoomTopic(row(), fleetPolicy)).toBe("ESC-0042 · Sev 1 · Critical · Waiting for acknowledgement · No commander yet");
    expect(buildRoomTopic(row({ status: "acknowledged", acknowledgedBy: "U2", commanderId: "U3" }), fleetPolicy)).toBe("ESC-0042 · Sev 1 · Critical · Acknowledged · Commander: <@U3>");
    expect(buildRoomTopic(row({ status: "resolved" }), fleetPolicy).length).toBeLessThanOrEqual(250);
  });

  it("the summary escapes what people typed, links the thread, shows the conference link only when given, and names who could not be invited", () => {
    const plain = buildRoomSummary(row({ summary: "<!channel> uploads fail" }), ctx, noExtras);
    expect(text(plain)).toContain("&lt;!channel&gt; uploads fail");
    expect(text(plain)).not.toContain("<!channel>");
    expect(text(plain)).toContain("Acme &lt;Corp&gt; &amp; Co");
    expect(text(plain)).not.toMatch(/Conference link|Could not be invited/);
    const full = buildRoomSummary(row(), ctx, { threadUrl: "https://x/p1", conferenceUrl: "https://zoom.example/j/1", notInvited: ["<@U9>: their account is deactivated"] });
    expect(text(full)).toContain("<https://x/p1|Open the thread>");
    expect(text(full)).toContain("<https://zoom.example/j/1|Conference link>");
    expect(text(full)).toContain("• <@U9>: their account is deactivated");
    expect(text(full)).toContain("every 15 min");
  });

  it("a public room of an escalation that became restricted keeps only a pointer; a private room shows the details", () => {
    const secret = row({ restricted: true, channel: "#security-alerts", customer: "Zebracorp", summary: "ZEBRA-LEAK", status: "resolved", resolution: "ZEBRA-FIX" });
    expect(text(buildRoomSummary(secret, ctx, { ...noExtras, private: false }))).not.toMatch(/Zebracorp|ZEBRA/);
    expect(text(buildRoomSummary(secret, ctx, { ...noExtras, private: false }))).toContain("its details are kept in #security-alerts");
    expect(text(buildRoomSummary(secret, ctx, { ...noExtras, private: true }))).toMatch(/Zebracorp.*ZEBRA-LEAK/);
    const event: TimelineEventRow = { id: 1, escalationId: 42, at: T0, actor: "U2", kind: "resolved", detail: { afterMs: 1, withinSla: true, resolution: "ZEBRA-FIX" } };
    expect(buildRoomNotice(secret, event, ctx, false).text).not.toContain("ZEBRA");
    expect(buildRoomNotice(secret, event, ctx, true).text).toContain("ZEBRA-FIX");
  });

  it("its buttons come from one list: the commander while it is on, the customer's draft and Export throughout", () => {
    const ids = (esc: EscalationRow) => roomSummaryButtons(esc, testRefs, fleetPolicy).map((b) => [b.action_id, (b.text as { text: string }).text]);
    const draftAndExport = [
      [ACTION.draftCustomerUpdate, "Draft customer update"],
      [ACTION.export, "Export"],
    ];
    expect(ids(row())).toEqual([[ACTION.assignCommander, "Assign commander"], ...draftAndExport]);
    expect(ids(row({ commanderId: "U3" }))).toEqual([[ACTION.assignCommander, "Change commander"], ...draftAndExport]);
    expect(ids(row({ status: "resolved" }))).toEqual(draftAndExport);
    const actions = buildRoomSummary(row(), ctx, noExtras).blocks.find((b) => b.type === "actions") as { block_id?: string; elements: { value?: string }[] };
    expect(actions.block_id).toBe(ROOM_ACTIONS_BLOCK);
    expect(actions.elements.map((e) => testRefs.verify(e.value))).toEqual([42, 42, 42]);
  });

  it("the post shows the room and its commander, and offers Assign commander while the room is open", () => {
    const withRoom = row({ warRoomChannelId: "C0ROOM", warRoomName: "esc-0042-acme", commanderId: "U3" });
    const msg = buildEscalationMessage(withRoom, ctx);
    expect(text(msg.blocks)).toContain("War room: <#C0ROOM> · Commander: <@U3>");
    expect(text(msg.blocks)).toContain(ACTION.assignCommander);
    const archived = buildEscalationMessage({ ...withRoom, warRoomArchivedAt: T0 }, ctx);
    expect(text(archived.blocks)).toContain("<#C0ROOM> (archived)");
    expect(text(archived.blocks)).not.toContain(ACTION.assignCommander);
    expect(text(buildEscalationMessage(row(), ctx).blocks)).not.toContain(ACTION.assignCommander);
  });

  it("what is said in the room: the reminder, the commander, the outcome with the archive time", () => {
    const event = (e: TimelineEvent, actor: string | null = null): TimelineEventRow => ({ id: 1, escalationId: 42, at: T0, actor, ...e });
    expect(buildRoomNotice(row(), event({ kind: "room_status_reminder", detail: { to: "U3", sinceMs: 15 * 60_000, nextStatusDue: T0 } }), ctx).text).toBe(
      ":bell: <@U3>: time for a status on ESC-0042 (every 15 min); the last one was 15 min ago. Post it here.",
    );
    expect(buildRoomNotice(row(), event({ kind: "commander_assigned", detail: { from: null, to: "U3" } }, "U2"), ctx).text).toBe(
      ":bust_in_silhouette: <@U3> is the incident commander of ESC-0042 (named by <@U2>).",
    );
    const resolved = buildRoomNotice(row(), event({ kind: "resolved", detail: { afterMs: 3_600_000, withinSla: true, resolution: "<b>rolled back</b>", rootCause: "bad deploy" } }, "U2"), ctx).text;
    expect(resolved).toContain("ESC-0042 was resolved by <@U2> after 1 h");
    expect(resolved).toContain("&lt;b&gt;rolled back&lt;/b&gt;");
    expect(resolved).toContain(`This room will be archived <!date^${(T0 + 24 * 3_600_000) / 1000}^`);
  });

  it("the commander form starts with whoever opened it and carries the signed reference", () => {
    const modal = buildCommanderModal(row(), testRefs, "U7");
    expect(modal.callback_id).toBe(CALLBACK.commanderModal);
    expect(testRefs.verifyMetadata(modal.private_metadata!)).toBe(42);
    expect(text(modal.blocks)).toContain('"initial_user":"U7"');
    expect(text(buildCommanderModal(row({ commanderId: "U3" }), testRefs, "U7").blocks)).toContain('"initial_user":"U3"');
  });
});
