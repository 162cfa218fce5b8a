import { afterEach, describe, expect, it } from "vitest";
import type { BlockAction } from "@slack/bolt";
import { ACTION, MORE } from "../../src/slack/ids.js";
import { moreValue } from "../../src/slack/views/escalation-actions.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction } from "../support/signed-request.js";
import { eventually } from "../support/eventually.js";
import { signedRef } from "../support/refs.js";
import { BOT_USER_ID, DEFAULT_CHANNELS } from "../support/test-slack.js";

/**
 * Export from Slack against the emulator: the post's More actions → Export, the resolved post's
 * Export button and `/escalate export ESC-…` put the escalation package (with the bug report) in the
 * escalation's thread through files.uploadV2 (an upload URL, the bytes, completeUploadExternal); the
 * person gets a private word. A restricted escalation is refused to an outsider with nothing
 * uploaded; an unknown id and a missing scope are said clearly.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

async function openOne(fields: Parameters<typeof escalationSubmission>[0] = {}) {
  const reply = await h.slack.interaction(escalationSubmission({ severity: "sev2", summary: "Photo uploads fail with 503", impact: "10 drivers blocked", ...fields }));
  expect(reply.status).toBe(200);
  const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
  return { channel: post.args.channel as string, ts: post.response?.ts as string };
}

/** The file shared in the thread of `post`, once there. */
async function sharedFile(post: { channel: string; ts: string }) {
  return eventually(() => {
    const reply = h.fake.workspace.replies(post.channel, post.ts).find((m) => m.files && m.files.length > 0);
    return reply && { message: reply, file: reply.files![0]!, text: Buffer.from(reply.files![0]!.data, "base64").toString("utf8") };
  }, "a file in the escalation's thread");
}

const ephemeralTo = (user: string, pattern: RegExp) =>
  h.fake.waitFor("chat.postEphemeral", (c) => c.args.user === user && pattern.test(String(c.args.text)));

async function command(text: string, userId: string, channelId = "C0TIER1") {
  const before = h.fake.callsTo("response_url").length;
  const res = await h.slack.slashCommand({ text, response_url: h.fake.responseUrl, user_id: userId, channel_id: channelId });
  expect(res.status).toBe(200);
  const [answer] = (await h.fake.waitForCount("response_url", before + 1, 15_000)).slice(before);
  return String(answer!.args.text);
}

function chooseExport(post: { channel: string; ts: string }, userId: string) {
  const payload = blockAction({ actionId: ACTION.more, value: "", userId, channelId: post.channel, messageTs: post.ts }) as unknown as BlockAction;
  const value = moreValue(MORE.export, signedRef(h));
  payload.actions = [{ type: "overflow", action_id: ACTION.more, block_id: "escalation_actions", selected_option: { text: { type: "plain_text", text: "Export" }, value }, action_ts: `${Date.now() / 1000}` }];
  return h.slack.interaction(payload);
}

describe("Export in Slack", () => {
  it("More actions → Export puts the package and the bug report in the thread as a Markdown file", async () => {
    h = await startHarness();
    const post = await openOne({ customersAffected: "4" });
    await h.bot.deliverer.drain();
    // The post's menu offers it.
    const menu = JSON.stringify(h.fake.messages.get(`${post.channel}:${post.ts}`)?.blocks);
    expect(menu).toContain(moreValue(MORE.export, signedRef(h)));

    expect((await chooseExport(post, "U0ENG")).status).toBe(200);
    const { message, file, text } = await sharedFile(post);
    expect(file.name).toBe("ESC-0001.md");
    expect(file.title).toBe("ESC-0001 · Escalation documentation");
    expect(message.user).toBe(BOT_USER_ID);
    expect(message.text).toBe(":memo: ESC-0001 exported by <@U0ENG>: the escalation package and the bug report for Jira.");
    expect(text).toContain("# ESC-0001 · Escalation documentation");
    expect(text).toContain("- **Issue Summary:** Photo uploads fail with 503");
    expect(text).toContain("- **Logs:** [Logs]");
    // People by their Slack names, with their ids.
    expect(text).toMatch(/\| u0agent \(U0AGENT\) \| Opened as Sev 2 · High/);
    expect(text).toContain("EXPECTED BEHAVIOR:\n[Expected behaviour]");
    expect(text).toContain("- Number of customers affected: 4");
    expect(text).toContain(`Slack thread: https://sandbox.slack.test/archives/${post.channel}/p${post.ts.replace(".", "")}`);
    // The three steps of files.uploadV2, into the post's thread.
    const [reserved] = h.fake.callsTo("files.getUploadURLExternal");
    expect(reserved!.args).toMatchObject({ filename: "ESC-0001.md", length: String(file.size) });
    expect(h.fake.callsTo("file_upload")).toHaveLength(1);
    expect(h.fake.callsTo("files.completeUploadExternal")[0]!.args).toMatchObject({ channel_id: post.channel, thread_ts: post.ts });
    await ephemeralTo("U0ENG", /ESC-0001 exported: `ESC-0001\.md` is in its thread in <#C0/);
  });

  it("/escalate export ESC-0001 json, the resolved post's Export button, and an unknown id", async () => {
    h = await startHarness();
    const post = await openOne();
    await h.bot.deliverer.drain();
    expect(await command("export ESC-0001 json", "U0SARAH")).toContain("ESC-0001 exported: `ESC-0001.json` is in its thread");
    const { file, text } = await sharedFile(post);
    expect(file.name).toBe("ESC-0001.json");
    const pkg = JSON.parse(text) as { id: string; zone: string; timeline: { kind: string; at: string }[]; bugReport: { body: string } };
    expect(pkg.id).toBe("ESC-0001");
    expect(pkg.zone).toBe("America/Los_Angeles");
    expect(pkg.timeline[0]).toMatchObject({ kind: "opened" });
    expect(pkg.timeline[0]!.at).toMatch(/-0[78]:00$/);
    expect(pkg.bugReport.body).toContain("[Actual behaviour]");

    expect(await command("export ESC-0099", "U0SARAH")).toBe("There is no ESC-0099.");
    expect(await command("export ESC-0001 pdf", "U0SARAH")).toContain("`/escalate export` needs the escalation's id");
    expect(h.fake.callsTo("files.completeUploadExternal")).toHaveLength(1);

    // Resolved: the post keeps an Export button.
    await h.bot.escalations.resolve(1, { userId: "U0MGR", roles: new Set(["support-manager"]), channels: new Set() }, { resolution: "Pool restarted", rootCause: "Pool exhausted" });
    await h.bot.deliverer.drain();
    const resolved = await eventually(() => {
      const blocks = JSON.stringify(h.fake.messages.get(`${post.channel}:${post.ts}`)?.blocks ?? []);
      return blocks.includes(ACTION.export) ? blocks : undefined;
    }, "the Export button on the resolved post");
    expect(resolved).toContain(ACTION.reopen);
    await h.slack.interaction(blockAction({ actionId: ACTION.export, value: signedRef(h), userId: "U0ENG", channelId: post.channel, messageTs: post.ts }));
    await eventually(() => h.fake.callsTo("files.completeUploadExternal").length === 2 || undefined, "a second export");
    const files = h.fake.workspace.replies(post.channel, post.ts).flatMap((m) => m.files ?? []);
    const latest = Buffer.from(files.at(-1)!.data, "base64").toString("utf8");
    expect(latest).toContain("- **Resolution:** Pool restarted");
  });

  it("a restricted escalation: an outsider is refused and nothing is uploaded; its people get it in its own channel", async () => {
    // #security-alerts holds only the security officer and the app.
    const channels = DEFAULT_CHANNELS.map((c) => (c.id === "C0SEC" ? { ...c, members: ["U0OMAR", BOT_USER_ID] } : c));
    h = await startHarness({ fake: { channels } });
    h.fake.addUser({ id: "U0OMAR" });
    h.fake.addUser({ id: "U0OUT" });
    const post = await openOne({ summary: "Customer can see another user's data", category: "security", severity: "sev1" });
    expect(post.channel).toBe("C0SEC");
    await h.bot.deliverer.drain();

    const refused = await command("export ESC-0001", "U0OUT");
    expect(refused).toBe(":lock: ESC-0001 is restricted: only the people allowed to see it can export it. Nothing was exported.");
    expect(refused).not.toMatch(/another user|Acme/);
    // A click from elsewhere (a copied button) is refused the same way.
    await h.slack.interaction(blockAction({ actionId: ACTION.export, value: signedRef(h), userId: "U0OUT", channelId: "C0TIER1", messageTs: post.ts }));
    await ephemeralTo("U0OUT", /is restricted: only the people allowed to see it can export it/);
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect(h.fake.callsTo("files.completeUploadExternal")).toHaveLength(0);

    // The security officer, in its channel, gets it in its thread there.
    expect((await chooseExport(post, "U0OMAR")).status).toBe(200);
    const { message, text } = await sharedFile(post);
    expect(message.channel).toBe("C0SEC");
    expect(text).toContain("RESTRICTED: keep in the places the playbook allows");
    expect(h.fake.callsTo("files.completeUploadExternal").every((c) => c.args.channel_id === "C0SEC")).toBe(true);
  });

  it("a public channel the app posts in without being a member: Slack's not_in_channel, said with the fix", async () => {
    // The app posts in #fleet-support-tier2 with chat:write.public, but sharing a file needs membership.
    const channels = DEFAULT_CHANNELS.map((c) => (c.id === "C0TIER2" ? { ...c, members: ["U0SARAH", "U0AGENT"] } : c));
    h = await startHarness({ fake: { channels } });
    const post = await openOne();
    await h.bot.deliverer.drain();
    expect(post.channel).toBe("C0TIER2");
    const said = await command("export ESC-0001", "U0SARAH");
    expect(said).toContain(":warning: ESC-0001 could not be exported: Slack says the app is not in <#C0TIER2> (`not_in_channel`)");
    expect(said).toContain("/invite @Escalation Bot");
    expect(h.fake.workspace.replies(post.channel, post.ts).some((m) => m.files)).toBe(false);
  });

  it("an app installed without files:write is told what to do; nothing is shared", async () => {
    const scopes = readManifest().scopes.filter((s) => s !== "files:write");
    h = await startHarness({ fake: { scopes } });
    const post = await openOne();
    await h.bot.deliverer.drain();
    expect(await command("export ESC-0001", "U0SARAH")).toContain("`missing_scope`: it needs `files:write`");
    expect(h.fake.workspace.replies(post.channel, post.ts).some((m) => m.files)).toBe(false);
  });
});
