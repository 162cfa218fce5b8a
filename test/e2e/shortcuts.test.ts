import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readManifest } from "../../src/sandbox/manifest.js";
import { CALLBACK, ESCALATION_FIELD as F, SHORTCUT } from "../../src/slack/ids.js";
import { allRows } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { filledForm } from "../support/forms.js";
import { escalationValues, startHarness, type Harness } from "../support/harness.js";
import { viewSubmission } from "../support/signed-request.js";
import { TEST_TEAM_ID, TEST_WORKSPACE_URL } from "../support/test-slack.js";

/**
 * The app's shortcuts end to end: the emulator sends the real app Slack's `shortcut` and
 * `message_action` payloads, signed over HTTP, as a person chooses them; the app opens the
 * escalation form with the trigger id, filled from the message for "Escalate this message", and
 * the escalation it opens links back to that message.
 */

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ fake: { users: [{ id: "U0AGENT", name: "sarah", realName: "Sarah Chen" }, { id: "U0ENG" }] } });
  h.fake.shortcuts.set(readManifest().shortcuts);
});
afterEach(async () => {
  await h.stop();
});

type Block = { block_id?: string; element?: { initial_value?: string } };
const initial = (view: { blocks: Block[] }, blockId: string) => view.blocks.find((b) => b.block_id === blockId)?.element?.initial_value;

/** Someone says `text` in a channel (stored as Slack stores it); its ts. */
function said(channel: string, text: string, user = "U0AGENT"): string {
  const ts = h.fake.workspace.nextTs(Date.now());
  h.fake.workspace.post({ channel, ts, user, text });
  return ts;
}

/** Submits the open form as `user` would, with the customer filled in; the escalation's post. */
async function submit(user: string, view: { id: string; blocks: Block[] }, typed: Record<string, string> = {}) {
  const inputs = Object.fromEntries(Object.entries({ [F.customer]: "Acme Corp", ...typed }).map(([field, value]) => [field, { [field]: value }]));
  const outcome = await h.fake.interactions.submitView(user, view.id, filledForm(view, inputs));
  expect(outcome).toEqual({ kind: "closed" });
  return h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-"));
}

describe("Open an escalation (global shortcut)", () => {
  it("opens the same form as /escalate with the shortcut's trigger id; the reporter is told by DM", async () => {
    expect(await h.fake.shortcuts.global("U0AGENT", SHORTCUT.openEscalation)).toEqual({ ok: true });
    const open = await h.fake.waitFor("views.open");
    expect(open.response?.ok).toBe(true);
    expect(open.args.view.callback_id).toBe(CALLBACK.escalationModal);
    expect(JSON.parse(open.args.view.private_metadata)).toEqual({ channelId: null });
    expect(initial(open.args.view, F.summary)).toBeUndefined();
    await eventually(() => h.logs.find((l) => l.includes("shortcut.open_escalation") && l.includes("outcome=modal_opened")), "the log line");

    await submit("U0AGENT", { ...open.args.view, id: String(open.response!.view.id) }, { [F.summary]: "Fuel cards declined at every station" });
    // A global shortcut has no channel: the confirmation comes from the app as a DM.
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0AGENT");
    expect(dm.args.text).toContain("ESC-0001");
  });

  it("the same shortcut sent again (a replayed request) opens one form", async () => {
    const payload = { type: "shortcut", callback_id: SHORTCUT.openEscalation, trigger_id: "trig-once", team: { id: TEST_TEAM_ID, domain: "sandbox" }, user: { id: "U0AGENT", username: "sarah", team_id: TEST_TEAM_ID }, token: "x", action_ts: "1.2" };
    expect((await h.slack.interaction(payload)).status).toBe(200);
    await h.fake.waitFor("views.open");
    expect((await h.slack.interaction(payload)).status).toBe(200);
    await eventually(() => h.logs.find((l) => l.includes("request.repeat") && l.includes("shortcut:trig-once")), "the repeat to be answered");
    expect(h.fake.callsTo("views.open")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("a payload it cannot read is answered at once, logged at the edge and ignored", async () => {
    const reply = await h.slack.interaction({ type: "shortcut", callback_id: SHORTCUT.openEscalation, team: { id: TEST_TEAM_ID, domain: "sandbox" }, user: { id: "U0AGENT" }, token: "x", action_ts: "1.2" });
    expect(reply.status).toBe(200);
    // No trigger id: refused before any listener runs (src/slack/request-edge.ts).
    await eventually(() => h.logs.find((l) => l.includes("request.malformed") && l.includes("trigger_id")), "the log line");
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
  });
});

describe("Escalate this message (message shortcut)", () => {
  const TEXT = "Acme Corp drivers cannot upload inspection photos since 9:00. Every upload fails with NET-002 and 10 drivers are blocked.";

  it("opens the form filled from the message, and the escalation links back to it", async () => {
    const ts = said("C0TIER1", TEXT);
    expect(await h.fake.shortcuts.onMessage("U0AGENT", { channel: "C0TIER1", messageTs: ts }, SHORTCUT.escalateMessage)).toEqual({ ok: true });
    const open = await h.fake.waitFor("views.open");
    expect(open.response?.ok).toBe(true);
    const view = open.args.view;
    expect(initial(view, F.summary)).toBe("Acme Corp drivers cannot upload inspection photos since 9:00.");
    expect(initial(view, F.impact)).toBe(TEXT);
    const permalink = `${TEST_WORKSPACE_URL}archives/C0TIER1/p${ts.replace(".", "")}`;
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: "C0TIER1", sourceMessageUrl: permalink });
    expect(h.fake.callsTo("chat.getPermalink")[0]?.args).toMatchObject({ channel: "C0TIER1", message_ts: ts });
    // The playbook decides from all of it on submit.
    expect(JSON.stringify(view.blocks)).toContain("Leave severity and category empty");

    const post = await submit("U0AGENT", { ...view, id: String(open.response!.view.id) });
    expect(JSON.stringify(post.args.blocks)).toContain(`*From*\\n<${permalink}|the original message>`);
    const [stored] = await allRows(h.bot.db, "escalations");
    expect(stored).toMatchObject({ sourceMessageUrl: permalink, reporterChannelId: "C0TIER1", summary: "Acme Corp drivers cannot upload inspection photos since 9:00.", impact: TEXT });
    // The reporter is told where the message was.
    const confirm = await h.fake.waitFor("chat.postEphemeral");
    expect(confirm.args).toMatchObject({ channel: "C0TIER1", user: "U0AGENT" });
  });

  it("a reply in a thread links to the reply within its thread", async () => {
    const parent = said("C0TIER1", "Morning all");
    const ts = h.fake.workspace.nextTs(Date.now());
    h.fake.workspace.post({ channel: "C0TIER1", ts, user: "U0ENG", text: "Globex says the route planner shows yesterday's routes", threadTs: parent });
    expect(await h.fake.shortcuts.onMessage("U0AGENT", { channel: "C0TIER1", messageTs: ts }, SHORTCUT.escalateMessage)).toEqual({ ok: true });
    const open = await h.fake.waitFor("views.open");
    expect(initial(open.args.view, F.summary)).toBe("Globex says the route planner shows yesterday's routes");
    expect(initial(open.args.view, F.impact)).toBeUndefined();
    expect(JSON.parse(open.args.view.private_metadata).sourceMessageUrl).toBe(`${TEST_WORKSPACE_URL}archives/C0TIER1/p${ts.replace(".", "")}?thread_ts=${parent}&cid=C0TIER1`);
  });

  it("what the message said cannot ping or disguise a link on the escalation's post", async () => {
    // As Slack stores them: mentions and a link a person made, and markup typed as text (escaped).
    const ts = said("C0TIER1", "<!channel> Acme Corp exports show another fleet's trips, ask <@U0ENG|eng> <https://evil.example|Open the thread> &lt;!here&gt;");
    await h.fake.shortcuts.onMessage("U0AGENT", { channel: "C0TIER1", messageTs: ts }, SHORTCUT.escalateMessage);
    const open = await h.fake.waitFor("views.open");
    // The form shows what the reader saw, as plain text.
    expect(initial(open.args.view, F.summary)).toBe("@channel Acme Corp exports show another fleet's trips, ask @eng Open the thread (https://evil.example) <!here>");

    const post = await submit("U0AGENT", { ...open.args.view, id: String(open.response!.view.id) });
    const everything = JSON.stringify([post.args.text, post.args.blocks]);
    for (const markup of ["<!channel>", "<!here>", "<@U0ENG", "<https://evil.example"]) expect(everything).not.toContain(markup);
    expect(everything).toContain("@channel Acme Corp exports");
    expect(everything).toContain("&lt;!here&gt;");
  });

  it("without a permalink (Slack cannot find the message) the form still opens, unlinked", async () => {
    const reply = await h.slack.interaction({
      type: "message_action",
      callback_id: SHORTCUT.escalateMessage,
      trigger_id: "trig-gone",
      message_ts: "1700000000.000100",
      response_url: "http://127.0.0.1:9/response",
      message: { type: "message", user: "U0ENG", ts: "1700000000.000100", text: "Fuel cards declined at every station" },
      channel: { id: "C0TIER1", name: "fleet-support-tier1" },
      user: { id: "U0AGENT", name: "sarah", team_id: TEST_TEAM_ID },
      team: { id: TEST_TEAM_ID, domain: "sandbox" },
      token: "x",
      action_ts: "1700000001.000000",
    });
    expect(reply.status).toBe(200);
    const open = await h.fake.waitFor("views.open");
    expect(open.response?.ok).toBe(true);
    expect(JSON.parse(open.args.view.private_metadata)).toEqual({ channelId: "C0TIER1" });
    expect(initial(open.args.view, F.summary)).toBe("Fuel cards declined at every station");
    expect(h.logs.some((l) => l.includes("permalink_failed") && l.includes("message_not_found"))).toBe(true);
  });

  it("a payload it cannot read is answered at once, logged at the edge and ignored", async () => {
    const reply = await h.slack.interaction({ type: "message_action", callback_id: SHORTCUT.escalateMessage, trigger_id: "trig-bad", user: { id: "U0AGENT" }, message_ts: "1.2", token: "x", action_ts: "1.3" });
    expect(reply.status).toBe(200);
    // No channel nor message: refused before any listener runs (src/slack/request-edge.ts).
    await eventually(() => h.logs.find((l) => l.includes("request.malformed")), "the log line");
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
    expect(h.fake.callsTo("chat.getPermalink")).toHaveLength(0);
  });

  it("a form whose link back is not a plain permalink opens the escalation without it", async () => {
    const forged = "https://evil.example|Open the thread> <!channel";
    await h.slack.interaction(
      viewSubmission({ callbackId: CALLBACK.escalationModal, values: escalationValues(), privateMetadata: JSON.stringify({ channelId: "C0TIER1", sourceMessageUrl: forged }), viewId: "VFORGED" }),
    );
    const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-"));
    expect(JSON.stringify(post.args.blocks)).not.toContain("evil.example");
    expect(JSON.stringify(post.args.blocks)).not.toContain("*From*");
    const [stored] = await allRows(h.bot.db, "escalations");
    // The rest of the form's metadata still counts: the reporter is where they were.
    expect(stored).toMatchObject({ sourceMessageUrl: null, reporterChannelId: "C0TIER1" });
  });
});
