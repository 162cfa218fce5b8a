import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlockAction } from "@slack/bolt";
import { ACTION, CALLBACK, LINK_FIELD as L, MORE, RECLASSIFY_FIELD as C, RESOLVE_FIELD as R, UNLINK_FIELD as U, UPDATE_FIELD as P } from "../../src/slack/ids.js";
import { moreValue } from "../../src/slack/views/escalation-actions.js";
import { allRows } from "../support/db.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";
import { eventually } from "../support/eventually.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { DEFAULT_CHANNELS } from "../support/test-slack.js";

/**
 * Linked escalations ("Same issue as…") through the real app over signed HTTP against the emulator:
 * the parent's post lists the other customers, its severity rises to the child's ("linked ESC-…"),
 * the playbook's multiple-customers rule applies at its count, updates and the resolution reach
 * the children, and every refusal keeps the form open with its reason.
 */

let h: Harness;
/** Each escalation's post: where its buttons are. */
const posts = new Map<number, { channel: string; ts: string }>();
let clicks = 0;

async function open(n: number, fields: Parameters<typeof escalationSubmission>[0]): Promise<void> {
  await h.slack.interaction(escalationSubmission(fields));
  const id = `ESC-000${n}`;
  const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith(id));
  posts.set(n, { channel: post.args.channel as string, ts: post.response?.ts as string });
}

beforeEach(async () => {
  posts.clear();
  // #security-alerts holds its own people only: others may not see a restricted escalation.
  const channels = DEFAULT_CHANNELS.map((c) => (c.id === "C0SEC" ? { ...c, is_private: true, members: ["U0BOT", "U0SECURITY"] } : c));
  h = await startHarness({ fake: { channels } });
  await open(1, { customer: "Acme Corp", tier: "standard", severity: "sev3", summary: "Photo uploads time out", impact: "Drivers retry uploads" });
  await open(2, { customer: "Beta Inc", tier: "enterprise", severity: "sev2", summary: "Inspection photos never arrive", impact: "10 drivers blocked" });
  // Two escalations opened and posted: on a busy machine this takes longer than a hook's default.
}, 30_000);
afterEach(async () => {
  await h.stop();
});

const esc = async (id: number) => (await h.bot.escalations.get(id))!;
const events = async (id: number) => (await allRows(h.bot.db, "timelineEvents")).filter((e) => e.escalationId === id);
const settle = () => h.bot.deliverer.drain();
const latestPost = (n: number) => JSON.stringify(h.fake.callsTo("chat.update").filter((c) => c.args.ts === posts.get(n)!.ts).at(-1)?.args.blocks);
const threadOf = (n: number) => h.fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === posts.get(n)!.ts).map((c) => String(c.args.text));

async function handled(send: () => Promise<unknown>): Promise<void> {
  const before = h.logs.length;
  await send();
  await eventually(() => h.logs.slice(before).some((l) => l.includes("outcome=")), "the listener's outcome");
}

/** A choice in escalation `n`'s "More actions" menu. */
function more(n: number, choice: (typeof MORE)[keyof typeof MORE], userId: string, triggerId?: string) {
  const { channel, ts } = posts.get(n)!;
  const payload = blockAction({ actionId: ACTION.more, value: "", userId, channelId: channel, messageTs: ts, ...(triggerId ? { triggerId } : {}) }) as unknown as BlockAction;
  const value = moreValue(choice, signedRef(h, n));
  payload.actions = [{ type: "overflow", action_id: ACTION.more, block_id: "escalation_actions", selected_option: { text: { type: "plain_text", text: choice }, value }, action_ts: String(++clicks) }];
  return handled(() => h.slack.interaction(payload));
}

function click(n: number, actionId: string, userId: string, triggerId: string) {
  const { channel, ts } = posts.get(n)!;
  return handled(() => h.slack.interaction(blockAction({ actionId, value: signedRef(h, n), userId, channelId: channel, messageTs: ts, triggerId })));
}

const text = (blockId: string, value: string | null) => ({ [blockId]: { [blockId]: { type: "plain_text_input", value } } });
const select = (blockId: string, value: string) => ({ [blockId]: { [blockId]: { type: "static_select", selected_option: { text: { type: "plain_text", text: value }, value } } } });
const checked = (blockId: string) => ({ [blockId]: { [blockId]: { type: "checkboxes", selected_options: [{ text: { type: "plain_text", text: "yes" }, value: "yes" }] } } });
const submit = (n: number, callbackId: string, values: object, userId = "U0ALEX") =>
  h.slack.interaction(viewSubmission({ callbackId, values: values as ViewStateValues, privateMetadata: signedMetadata(h, n), userId, viewId: `V${++clicks}${callbackId}` }));

/** Links escalation `child` to `parent` through the form, as picked in its list. */
async function link(child: number, parent: number, note?: string) {
  const reply = await submit(child, CALLBACK.linkModal, { ...select(L.escalation, `ESC-000${parent}`), ...text(L.typedId, null), ...text(L.note, note ?? null) });
  expect(reply.status).toBe(200);
  expect(reply.body).toBe("");
  await eventually(async () => (await esc(child)).parentId === parent || undefined, "the link");
  await settle();
}

describe("linked escalations", { timeout: 30_000 }, () => {
  it("Same issue as… lists the customers on the parent, raises its severity and applies the multiple-customers rule", async () => {
    await more(2, MORE.link, "U0ALEX", "trig-link");
    const form = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-link");
    expect(form.args.view.callback_id).toBe(CALLBACK.linkModal);
    const offered = JSON.stringify(form.args.view.blocks);
    expect(offered).toContain("ESC-0001 · Acme Corp · Sev 3 · Medium · Photo uploads time out");
    expect(offered).not.toContain("ESC-0002 ·");

    await link(2, 1, "Same blob storage timeouts since 08:05");
    const parent = await esc(1);
    // At least the child's severity, as a reclassification with its reason; Fleet's rule at 2 customers.
    expect(parent.severity).toBe("sev2");
    expect(parent.reclassification).toMatchObject({ fromSeverity: "sev3", reason: "linked ESC-0002" });
    expect(parent.fields).toMatchObject({ customers_affected: 2 });
    expect(parent.flags).toContain("related-tickets");
    const kinds = (await events(1)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["linked", "reclassified", "customers_linked"]));
    const rule = (await events(1)).find((e) => e.kind === "customers_linked")!;
    expect(rule.detail).toMatchObject({ customers: 2, field: "customers_affected", reasons: expect.arrayContaining([expect.stringContaining("More than one customer affected")]) });

    // The parent's post lists the customer and tier with a link to its thread; the child's names its parent.
    const parentPost = latestPost(1);
    expect(parentPost).toContain("*Also affects:* Beta Inc (Enterprise) · <https://");
    expect(parentPost).toContain("|ESC-0002>");
    expect(latestPost(2)).toContain("Same issue as <https://");
    // Both threads are told; the parent's hears of the raise and the rule.
    await eventually(() => threadOf(2).find((t) => t.includes("linked ESC-0002 to ESC-0001 (Acme Corp, Standard)")), "the child's notice");
    await eventually(() => threadOf(1).find((t) => t.includes("linked ESC-0002 (Beta Inc, Enterprise) to ESC-0001")), "the parent's notice");
    await eventually(() => threadOf(1).find((t) => t.includes("linked ESC-0002") && t.includes("Sev 3 · Medium → Sev 2 · High")), "the raise");
    await eventually(() => threadOf(1).find((t) => t.includes("now affects 2 customers")), "the rule's notice");
    // Tier 3 is told, as the rule says.
    await eventually(() => h.fake.posted("C0ENG").find((c) => String(c.args.text).startsWith("ESC-0001")), "Tier 3's notice");

    // /escalate ESC-0001 shows its linked escalations.
    await h.slack.slashCommand({ text: "ESC-0001", response_url: h.fake.responseUrl });
    const status = await h.fake.waitFor("response_url", (c) => JSON.stringify(c.args).includes("Also affects"));
    expect(JSON.stringify(status.args)).toContain("Beta Inc (Enterprise)");
    await h.slack.slashCommand({ text: "ESC-0002", response_url: h.fake.responseUrl });
    await h.fake.waitFor("response_url", (c) => JSON.stringify(c.args).includes("Same issue as ESC-0001"));
  });

  it("refuses itself, a circle and a resolved one with the reason in the form; a linked one links to its parent", async () => {
    const self = await submit(2, CALLBACK.linkModal, { ...text(L.typedId, "ESC-0002") });
    expect(self.json()).toMatchObject({ response_action: "errors", errors: { [L.typedId]: expect.stringContaining("cannot be the same issue as itself") } });
    await link(2, 1);
    const circle = await submit(1, CALLBACK.linkModal, { ...select(L.escalation, "ESC-0002") });
    expect(circle.json()).toMatchObject({ response_action: "errors", errors: { [L.escalation]: expect.stringContaining("linking back would make a circle") } });
    expect((await esc(1)).parentId).toBeNull();

    await open(3, { customer: "Gamma Ltd", tier: "standard", severity: "sev3", summary: "Uploads stall" });
    await h.bot.escalations.resolve(3, { userId: "U0MGR", roles: new Set(["support-manager"]), channels: new Set() }, { resolution: "Fixed", rootCause: "Bug" });
    await open(4, { customer: "Delta Co", tier: "standard", severity: "sev3", summary: "Uploads fail" });
    const resolved = await submit(4, CALLBACK.linkModal, { ...text(L.typedId, "ESC-0003") });
    expect(resolved.json()).toMatchObject({ response_action: "errors", errors: { [L.typedId]: expect.stringContaining("ESC-0003 is already resolved") } });
    const missing = await submit(4, CALLBACK.linkModal, { ...text(L.typedId, "ESC-0099") });
    expect(missing.json()).toMatchObject({ response_action: "errors", errors: { [L.typedId]: expect.stringContaining("does not exist") } });
    const nothing = await submit(4, CALLBACK.linkModal, {});
    expect(nothing.json()).toMatchObject({ response_action: "errors", errors: { [L.typedId]: expect.stringContaining("Choose the escalation") } });

    // ESC-0002 is linked to ESC-0001: choosing it links ESC-0004 to ESC-0001, and says so.
    expect((await submit(4, CALLBACK.linkModal, select(L.escalation, "ESC-0002"))).body).toBe("");
    await eventually(async () => (await esc(4)).parentId === 1 || undefined, "the link to the root");
    expect((await events(4)).find((e) => e.kind === "linked")?.detail).toMatchObject({ parentId: 1, childId: 4, viaChild: 2 });
    await settle();
    await eventually(() => threadOf(4).find((t) => t.includes("(ESC-0002 is linked to it)")), "the child's notice");
  });

  it("an update on the parent is offered to the children and counts as theirs; resolving the parent resolves them with its outcome", async () => {
    await link(2, 1);
    await click(1, ACTION.postUpdate, "U0ALEX", "trig-update");
    const form = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-update");
    expect(JSON.stringify(form.args.view.blocks)).toContain("Also post this update in the threads of ESC-0002");
    const update = { ...select(P.status, "identified"), ...text(P.done, "Blob storage pool exhausted"), ...text(P.next, null), ...checked(P.children) };
    expect((await submit(1, CALLBACK.updateModal, update)).status).toBe(200);
    await eventually(async () => (await events(2)).find((e) => e.kind === "progress_update"), "the child's update");
    const shared = (await events(2)).find((e) => e.kind === "progress_update")!;
    expect(shared.detail).toMatchObject({ done: "Blob storage pool exhausted", fromParent: 1 });
    expect((await esc(2)).lastUpdateBy).toBe("U0ALEX");
    await settle();
    await eventually(() => threadOf(2).find((t) => t.includes("posted an update on ESC-0001, shared with ESC-0002")), "the update in the child's thread");

    await click(1, ACTION.resolve, "U0ALEX", "trig-resolve");
    const resolveForm = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-resolve");
    expect(JSON.stringify(resolveForm.args.view.blocks)).toContain("Also resolve ESC-0002 with the same outcome");
    await submit(1, CALLBACK.resolveModal, { ...text(R.resolution, "Pool size raised"), ...text(R.rootCause, "Pool too small"), ...text(R.prevention, null), ...checked(R.children) });
    await eventually(async () => (await esc(2)).status === "resolved" || undefined, "the child resolved");
    expect(await esc(2)).toMatchObject({ resolution: "Pool size raised", rootCause: "Pool too small", resolvedBy: "U0ALEX" });
    expect((await events(2)).find((e) => e.kind === "resolved")?.detail).toMatchObject({ withParent: 1 });
    await settle();
    await eventually(() => threadOf(2).find((t) => t.includes("resolved ESC-0002 together with ESC-0001")), "the child's resolution notice");
  });

  it("without the box ticked, the children keep their own update and stay open", async () => {
    await link(2, 1);
    await submit(1, CALLBACK.updateModal, { ...select(P.status, "identified"), ...text(P.done, "Looking at the pool") });
    await eventually(async () => (await events(1)).find((e) => e.kind === "progress_update"), "the parent's update");
    await submit(1, CALLBACK.resolveModal, { ...text(R.resolution, "Fixed"), ...text(R.rootCause, "Bug"), ...text(R.prevention, null) });
    await eventually(async () => (await esc(1)).status === "resolved" || undefined, "the parent resolved");
    await settle();
    expect((await events(2)).some((e) => e.kind === "progress_update")).toBe(false);
    expect((await esc(2)).status).not.toBe("resolved");
    // Resolved on its own later, the child shows as resolved in the parent's list.
    expect(latestPost(1)).not.toContain("(resolved)");
    await h.bot.escalations.resolve(2, { userId: "U0MGR", roles: new Set(["support-manager"]), channels: new Set() }, { resolution: "Fixed", rootCause: "Bug" });
    await settle();
    await eventually(() => latestPost(1).includes("|ESC-0002> (resolved)") || undefined, "the parent's list updated");
  });

  it("a child raised by hand later raises its parent too", async () => {
    await link(2, 1);
    await submit(2, CALLBACK.reclassifyModal, { ...select(C.severity, "sev1"), ...select(C.category, "general"), ...text(C.reason, "every driver is blocked") });
    await eventually(async () => (await esc(1)).severity === "sev1" || undefined, "the parent following");
    expect((await esc(1)).reclassification).toMatchObject({ fromSeverity: "sev2", reason: "linked ESC-0002" });
    // A less severe change of the child leaves the parent where it is.
    await submit(2, CALLBACK.reclassifyModal, { ...select(C.severity, "sev3"), ...select(C.category, "general"), ...text(C.reason, "a workaround exists") });
    await eventually(async () => (await esc(2)).severity === "sev3" || undefined, "the child lowered");
    expect((await esc(1)).severity).toBe("sev1");
  });

  it("unlinks from the child's menu and from the parent's form; the raised severity stays", async () => {
    await link(2, 1);
    await more(2, MORE.unlink, "U0ALEX");
    await eventually(async () => (await esc(2)).parentId === null || undefined, "the unlink");
    await settle();
    expect((await esc(1)).severity).toBe("sev2");
    expect((await events(1)).some((e) => e.kind === "unlinked")).toBe(true);
    expect((await events(2)).some((e) => e.kind === "unlinked")).toBe(true);
    expect(latestPost(1)).not.toContain("Also affects");
    await eventually(() => threadOf(1).find((t) => t.includes("unlinked ESC-0002 from ESC-0001") && t.includes("severity the link raised here stays")), "the parent's notice");

    // The parent's own menu: a form to choose which one.
    await link(2, 1);
    await more(1, MORE.unlink, "U0ALEX", "trig-unlink");
    const form = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-unlink");
    expect(form.args.view.callback_id).toBe(CALLBACK.unlinkModal);
    expect((await submit(1, CALLBACK.unlinkModal, select(U.child, "ESC-0002"))).body).toBe("");
    await eventually(async () => (await esc(2)).parentId === null || undefined, "the parent's unlink");
    const again = await submit(1, CALLBACK.unlinkModal, select(U.child, "ESC-0002"));
    expect(again.json()).toMatchObject({ response_action: "errors", errors: { [U.child]: expect.stringContaining("no longer linked") } });
  });

  it("the same customer twice is not several customers; a restricted child shows on the parent only as a count", async () => {
    await open(3, { customer: " acme  corp ", tier: "standard", severity: "sev3", summary: "Uploads fail again" });
    await link(3, 1);
    expect((await events(1)).some((e) => e.kind === "customers_linked")).toBe(false);
    expect((await esc(1)).fields).not.toHaveProperty("customers_affected");

    await open(4, { customer: "Secret Bank", tier: "enterprise", severity: "sev3", summary: "Someone accessed another fleet's data", category: "security" });
    expect((await esc(4)).restricted).toBe(true);
    // A person who may not see the restricted one does not get it in the picker, nor by its id.
    await more(2, MORE.link, "U0ALEX", "trig-stranger");
    const picker = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-stranger");
    expect(JSON.stringify(picker.args.view.blocks)).toContain("ESC-0003");
    expect(JSON.stringify(picker.args.view.blocks)).not.toContain("ESC-0004");
    const typed = await submit(2, CALLBACK.linkModal, text(L.typedId, "ESC-0004"), "U0ALEX");
    expect(typed.json()).toMatchObject({ response_action: "errors", errors: { [L.typedId]: expect.stringContaining("you may not see it") } });

    // Its security officer links it: the parent's post and thread never name its customer or the note.
    await submit(4, CALLBACK.linkModal, { ...text(L.typedId, "ESC-0001"), ...text(L.note, "exfiltration through uploads") }, "U0SECURITY");
    await eventually(async () => (await esc(4)).parentId === 1 || undefined, "the restricted link");
    await settle();
    expect(latestPost(1)).toContain("1 restricted escalation");
    expect(latestPost(1)).not.toContain("Secret Bank");
    await eventually(() => threadOf(1).find((t) => t.includes("linked ESC-0004")), "the parent's notice");
    expect(threadOf(1).join("\n")).not.toMatch(/Secret Bank|exfiltration/);
  });
});
