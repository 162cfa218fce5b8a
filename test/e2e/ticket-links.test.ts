import { afterEach, describe, expect, it } from "vitest";
import { CALLBACK, ESCALATION_FIELD as F } from "../../src/slack/ids.js";
import { escalationValues, startHarness, type Harness } from "../support/harness.js";
import { eventually } from "../support/eventually.js";
import { viewSubmission } from "../support/signed-request.js";

/**
 * Ticket links against the emulator, with the default playbook (Fleet: Zendesk, a help-centre
 * request link on its ticket portal): the form's ticket reference is a link on the routed post, in
 * `/escalate ESC-…` and in the exported package; a reference that is an injection attempt is shown
 * as typed, escaped, and links nowhere.
 */

const PORTAL = "https://support.fleetmanagement.com/hc/requests/";

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

/** Submits the escalation form with a ticket reference and returns the routed post once sent. */
async function openWithTicket(ticketRef: string, summary: string) {
  const values = { ...escalationValues({ severity: "sev2", summary }), [F.ticketRef]: { [F.ticketRef]: { type: "plain_text_input", value: ticketRef } } };
  const reply = await h.slack.interaction(
    viewSubmission({ callbackId: CALLBACK.escalationModal, values: values as Parameters<typeof viewSubmission>[0]["values"], privateMetadata: JSON.stringify({ channelId: "C0TIER1" }), userId: "U0AGENT" }),
  );
  expect(reply.status).toBe(200);
  const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).includes(summary));
  return { channel: post.args.channel as string, ts: post.response?.ts as string, blocks: JSON.stringify(post.args.blocks) };
}

async function command(text: string) {
  const before = h.fake.callsTo("response_url").length;
  const res = await h.slack.slashCommand({ text, response_url: h.fake.responseUrl, user_id: "U0SARAH", channel_id: "C0TIER1" });
  expect(res.status).toBe(200);
  const [answer] = (await h.fake.waitForCount("response_url", before + 1, 15_000)).slice(before);
  return { text: String(answer!.args.text), blocks: JSON.stringify(answer!.args.blocks ?? []) };
}

describe("ticket links", () => {
  it("the form's ticket reference is a link on the post, in /escalate status and in the export", async () => {
    h = await startHarness();
    const post = await openWithTicket("#12345", "Photo uploads fail with 503");
    const link = `<${PORTAL}12345|#12345>`;
    expect(post.blocks).toContain(JSON.stringify(`*Zendesk ticket*\n${link}`).slice(1, -1));
    // The message as the workspace holds it (what the sandbox page renders) has the same link.
    expect(JSON.stringify(h.fake.messages.get(`${post.channel}:${post.ts}`)?.blocks)).toContain(link);

    const status = await command("ESC-0001");
    expect(status.blocks).toContain(`:ticket: Zendesk ticket: ${link}`);

    await h.bot.deliverer.drain();
    expect((await command("export ESC-0001")).text).toContain("ESC-0001 exported");
    const file = await eventually(() => {
      const reply = h.fake.workspace.replies(post.channel, post.ts).find((m) => m.files && m.files.length > 0);
      return reply && Buffer.from(reply.files![0]!.data, "base64").toString("utf8");
    }, "the exported package in the thread");
    expect(file).toContain(`- **Ticket:** [#12345](${PORTAL}12345)`);
    expect(file).toContain(`Ticket: #12345 (${PORTAL}12345)`);
  });

  it("an injection attempt in the reference is shown as typed, escaped, and links nowhere", async () => {
    h = await startHarness();
    const post = await openWithTicket("1|<!channel>", "Drivers cannot log in");
    expect(post.blocks).toContain(JSON.stringify("*Zendesk ticket*\n1|&lt;!channel&gt;").slice(1, -1));
    expect(post.blocks).not.toContain("<!channel>");
    expect(post.blocks).not.toContain(PORTAL);
    const status = await command("ESC-0001");
    expect(status.blocks).toContain(":ticket: Zendesk ticket: 1|&lt;!channel&gt;");
    expect(status.blocks).not.toContain("<!channel>");
  });
});
