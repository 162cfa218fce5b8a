import { afterEach, describe, expect, it } from "vitest";
import { ACTION, CALLBACK, DRAFT_FIELD, draftBlockId } from "../../src/slack/ids.js";
import { allRows } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { filledForm } from "../support/forms.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";
import { BOT_USER_ID, DEFAULT_CHANNELS } from "../support/test-slack.js";

/**
 * Draft customer update end to end: the post's button opens the playbook's template that fits, filled
 * in with the gaps left visible; the Template menu draws it again from another (views.update from a
 * block_actions in the modal, as the emulator sends it); Mark as sent keeps the text on the timeline
 * and in the thread, escaped; blanks left in are asked about once; nothing goes to a customer.
 */

let h: Harness;
afterEach(async () => {
  await h?.stop();
});

type Block = { block_id?: string; type: string; text?: { text: string }; element?: { initial_value?: string; initial_option?: { value: string } } };
type View = { id: string; callback_id: string; blocks: Block[] };
const initial = (view: View, blockId: string) => view.blocks.find((b) => b.block_id === blockId)?.element?.initial_value;
const TEXT = (template: string) => draftBlockId("text", template);
const SUBJECT = (template: string) => draftBlockId("subject", template);
const input = (blockId: string, value: string) => ({ [blockId]: { [blockId]: value } });

async function start(opts: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness({ fake: { users: [{ id: "U0SARAH", name: "sarah", realName: "Sarah Chen", tz: "America/Los_Angeles" }], ...opts.fake } });
}

/** An escalation opened from the form; its post. */
async function open(summary = "Drivers cannot upload inspection photos (NET-002)") {
  await h.slack.interaction(escalationSubmission({ summary, contact: "Jane Doe" }));
  const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
  return { channel: String(post.args.channel), ts: String(post.response?.ts) };
}

/** Draft customer update pressed on the post by `userId`; the modal it opened, as Slack holds it. */
async function draftFrom(post: { channel: string; ts: string }, userId: string, triggerId: string): Promise<View> {
  await h.slack.interaction(blockAction({ actionId: ACTION.draftCustomerUpdate, value: signedRef(h), userId, channelId: post.channel, messageTs: post.ts, triggerId }));
  const opened = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === triggerId);
  expect(opened.response?.ok).toBe(true);
  return opened.response!.view as View;
}

const sent = async () => (await allRows(h.bot.db, "timelineEvents")).filter((e) => e.kind === "customer_update_sent");

describe("Draft customer update", () => {
  it("opens the fitting template filled in with its gaps; another template on choice; Mark as sent records it and tells the thread", async () => {
    await start();
    const post = await open();
    const view = await draftFrom(post, "U0SARAH", "trig-draft");
    // Nothing posted yet: the initial response fits.
    expect(view.callback_id).toBe(CALLBACK.customerDraftModal);
    expect(initial(view, SUBJECT("initial-response"))).toBe("Ticket #[TICKET NUMBER] - Drivers cannot upload inspection photos (NET-002)");
    const body = initial(view, TEXT("initial-response"))!;
    expect(body).toContain("Dear Jane Doe,");
    expect(body).toContain("regarding Drivers cannot upload inspection photos (NET-002) and I'm here to help.");
    expect(body).toContain("- Assigned to: Sarah Chen");
    // The next update's time as the customer reads it, in the writer's zone; the ticket unknown: a gap, never a blank.
    expect(body).toMatch(/- Next update by: \w{3} \d+ \w{3} 2026, \d\d:\d\d (PST|PDT)/);
    expect(body).toContain("- Ticket #: [TICKET NUMBER]");
    expect(body).toContain("[within X hours/daily/etc.]");
    expect(JSON.stringify(view.blocks)).toContain("the playbook's initial response, which fits where it stands now");

    // Another template: the modal is drawn again from it.
    const chose = await h.fake.interactions.viewAction("U0SARAH", view.id, { blockId: DRAFT_FIELD.template, actionId: DRAFT_FIELD.template, value: "progress-update" }, filledForm(view));
    expect(chose).toEqual({ ok: true });
    const updated = await h.fake.waitFor("views.update");
    expect(updated.response?.ok).toBe(true);
    const progress = updated.response!.view as View;
    expect(progress.blocks.some((b) => b.block_id === TEXT("initial-response"))).toBe(false);
    expect(initial(progress, TEXT("progress-update"))).toContain("ESTIMATED RESOLUTION:\n[ETA]");
    expect(progress.blocks.find((b) => b.block_id === DRAFT_FIELD.template)?.element?.initial_option?.value).toBe("progress-update");

    // Marked sent with [ETA] still in it: asked once, the text kept and the blank named.
    const typed = "Dear Jane,\nThe fix is rolling out. ETA: [ETA]\n<!channel> & <https://evil.example|thread>";
    const form = filledForm(progress, { ...input(SUBJECT("progress-update"), "Update - uploads"), ...input(TEXT("progress-update"), typed) });
    expect(await h.fake.interactions.submitView("U0SARAH", progress.id, form)).toEqual({ kind: "updated" });
    const asking = h.fake.views.top("U0SARAH")!.view as unknown as View;
    expect(asking.callback_id).toBe(CALLBACK.customerDraftConfirmModal);
    expect(initial(asking, TEXT("progress-update"))).toBe(typed);
    expect(JSON.stringify(asking.blocks)).toContain("Still in the text:* [ETA]");
    expect(await sent()).toHaveLength(0);

    // Pressed again: it went out like this. Recorded with the blank named, and told in the thread, escaped.
    expect(await h.fake.interactions.submitView("U0SARAH", asking.id, filledForm(asking))).toEqual({ kind: "closed" });
    await eventually(async () => (await sent()).length === 1, "the event");
    const [event] = await sent();
    expect(event).toMatchObject({ actor: "U0SARAH", detail: { template: "progress-update", templateKind: "progress", label: "Progress update", subject: "Update - uploads", text: typed, gapsLeft: ["[ETA]"] } });
    const notice = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === post.ts && String(c.args.text).includes("Sent to customer"));
    expect(notice.args.text).toContain(":outbox_tray: *Sent to customer* by <@U0SARAH>: Progress update (ESC-0001)");
    const shown = JSON.stringify(notice.args.blocks);
    expect(shown).toContain("&lt;!channel&gt; &amp; &lt;https://evil.example|thread&gt;");
    expect(shown).not.toContain("<!channel>");
    expect(shown).toContain("Sent with blanks left in it: [ETA]");
    // Nothing went to anyone but the thread: no DM, no other channel.
    expect(h.fake.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes("The fix is rolling out")).map((c) => c.args.channel)).toEqual([post.channel]);

    // /escalate ESC-0001 lists it.
    const before = h.fake.callsTo("response_url").length;
    await h.slack.slashCommand({ text: "ESC-0001", user_id: "U0SARAH", response_url: h.fake.responseUrl });
    const [status] = (await h.fake.waitForCount("response_url", before + 1)).slice(before);
    expect(JSON.stringify(status!.args.blocks)).toContain("customer update sent by <@U0SARAH>");
  });

  it("empty text gets an inline error; a draft with every blank filled is recorded at once; the resolved post drafts the resolution", async () => {
    await start();
    const post = await open();
    const submit = (values: object, viewId: string) =>
      h.slack.interaction(viewSubmission({ callbackId: CALLBACK.customerDraftModal, values: values as ViewStateValues, privateMetadata: signedMetadata(h), userId: "U0SARAH", viewId }));
    const text = (blockId: string, value: string) => ({ [blockId]: { [blockId]: { type: "plain_text_input", value } } });
    const empty = await submit({ ...text(SUBJECT("initial-response"), "Ticket #1"), ...text(TEXT("initial-response"), "   ") }, "VEMPTY");
    expect(empty.json()).toMatchObject({ response_action: "errors", errors: { [TEXT("initial-response")]: expect.stringContaining("Write the message as you sent it") } });
    expect(await sent()).toHaveLength(0);

    // A double click on Mark as sent records it once.
    const values = { ...text(SUBJECT("initial-response"), "Ticket #1 - uploads"), ...text(TEXT("initial-response"), "Dear Jane, we are on it.") };
    const [done, again] = await Promise.all([submit(values, "VDONE"), submit(values, "VDONE")]);
    expect([done.status, again.status]).toEqual([200, 200]);
    expect(done.body).toBe("");
    await h.bot.deliverer.drain();
    await eventually(async () => (await sent()).length === 1, "the event");
    expect((await sent())[0]!.detail).toEqual({ template: "initial-response", templateKind: "initial", label: "Initial response", subject: "Ticket #1 - uploads", text: "Dear Jane, we are on it." });

    // Resolved: the post keeps the button, and the resolution fits.
    await h.bot.escalations.resolve(1, { userId: "U0MGR", roles: new Set(["support-manager"]), channels: new Set() }, { resolution: "Pool size raised", rootCause: "Connection pool exhausted" });
    await h.bot.deliverer.drain();
    const view = await draftFrom(post, "U0SARAH", "trig-resolved");
    const body = initial(view, TEXT("resolution"))!;
    expect(body).toContain("RESOLUTION:\nPool size raised");
    expect(body).toContain("ROOT CAUSE:\nConnection pool exhausted");
    expect(body).toContain("PREVENTION:\n[PREVENTION]");
  });

  it("a restricted escalation's draft: its security notice for those who may see it; refused to an outsider", async () => {
    const channels = [...DEFAULT_CHANNELS.filter((c) => c.id !== "C0SEC"), { id: "C0SEC", name: "security-alerts", is_private: true, members: [BOT_USER_ID, "U0SECOPS"] }];
    await start({ fake: { channels } });
    const post = await open("Customer says they can see another user's data in the trip report");
    expect(post.channel).toBe("C0SEC");
    const view = await draftFrom(post, "U0SECOPS", "trig-sec");
    expect(initial(view, TEXT("security-notice"))).toContain("We are writing to inform you of a security incident");

    // Someone outside the restricted channel, clicking there (a forged click): refused, nothing opened.
    await h.slack.interaction(blockAction({ actionId: ACTION.draftCustomerUpdate, value: signedRef(h), userId: "U0OUT", channelId: "C0SEC", messageTs: post.ts, triggerId: "trig-out" }));
    const refusal = await h.fake.waitFor("chat.postEphemeral", (c) => c.args.user === "U0OUT");
    expect(refusal.args.text).toContain(":lock: ESC-0001 is restricted: only the people who may see it");
    expect(h.fake.callsTo("views.open").filter((c) => c.args.trigger_id === "trig-out")).toHaveLength(0);
    // Nor may they record one with a form of their own.
    const forged = await h.slack.interaction(
      viewSubmission({
        callbackId: CALLBACK.customerDraftModal,
        values: { [TEXT("security-notice")]: { [TEXT("security-notice")]: { type: "plain_text_input", value: "All fine" } }, [SUBJECT("security-notice")]: { [SUBJECT("security-notice")]: { type: "plain_text_input", value: "x" } } },
        privateMetadata: signedMetadata(h),
        userId: "U0OUT",
        viewId: "VFORGED",
      }),
    );
    expect(forged.json()).toMatchObject({ response_action: "errors", errors: { [TEXT("security-notice")]: "You may not see this restricted escalation; nothing was recorded." } });
    expect(await sent()).toHaveLength(0);
  });
});
