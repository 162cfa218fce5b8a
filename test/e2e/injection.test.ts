import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTION, ESCALATE_FIELD as E, ESCALATION_FIELD as F, RESOLVE_FIELD as R, UPDATE_FIELD as U, policyFieldBlockId } from "../../src/slack/ids.js";
import { startHarness, tempDatabasePath, type Harness } from "../support/harness.js";
import { blockAction, viewSubmission, type ViewStateValues } from "../support/signed-request.js";
import { TEST_WORKSPACE_URL, type RecordedCall } from "../support/test-slack.js";
import { signedRef } from "../support/refs.js";

/**
 * Text typed into the bot that tries to form Slack markup: pings, a user-group ping, a channel link,
 * a link disguised as the bot's own "Open the thread", and HTML-looking text with an ampersand.
 */
const HOSTILE = "<!channel> <!here> <@U0ATTACKER> <!subteam^S0EVIL> <#C0SECRET> <https://evil.example|Open the thread> & <b>bold</b>";
/** Any of the hostile markup as Slack would read it (raw, not escaped). */
const RAW_HOSTILE = /<!channel>|<!here>|<@U0ATTACKER|<!subteam\^S0EVIL|<#C0SECRET|<https:\/\/evil\.example|<b>|<\/b>/;

/** Each field's text says which field it came from, so a failure names the field that leaked. */
const typed = (field: string) => `${field}: ${HOSTILE}`;
/** How Slack must be sent it: &, < and > escaped, so it shows as typed and forms no markup. */
const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const shown = (field: string) => escaped(typed(field));

/** The default playbook, plus a free-text field of its own (the default has only number fields). */
function playbookWithTextField(): string {
  const file = `${tempDatabasePath()}.yml`;
  const source = readFileSync(new URL("../../policies/fleet-management.yml", import.meta.url), "utf8");
  const withField = source.replace(/^fields:\n/m, "fields:\n  - id: account_notes\n    label: Account notes\n    kind: text\n");
  expect(withField).not.toBe(source);
  writeFileSync(file, withField);
  return file;
}

const MIN = 60_000;
const PEOPLE = [
  { id: "U0MGR", email: "support-manager@fleetmanagement.com" },
  { id: "U0VP", email: "vp-eng@fleetmanagement.com" },
  { id: "U0CSM", email: "success@fleetmanagement.com" },
  { id: "U0ONCALL", email: "engineering@fleetmanagement.com" },
];

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ fake: { users: PEOPLE }, env: { POLICY_FILE: playbookWithTextField() } });
});
afterEach(async () => {
  await h.stop();
});

const input = (id: string, value: string | null) => ({ [id]: { [id]: { type: "plain_text_input", value } } });
const select = (id: string, value: string | null) => ({
  [id]: { [id]: { type: "static_select", selected_option: value ? { text: { type: "plain_text" as const, text: value }, value } : null } },
});
const checked = (id: string, values: string[]) => ({
  [id]: { [id]: { type: "checkboxes", selected_options: values.map((value) => ({ text: { type: "plain_text" as const, text: value }, value })) } },
});
const radio = (id: string, value: string) => ({
  [id]: { [id]: { type: "radio_buttons", selected_option: { text: { type: "plain_text" as const, text: value }, value } } },
});

/** Every free-text box of the escalation form, each filled with hostile text. */
const TEXT_FIELDS = {
  [F.customer]: "customer",
  [F.summary]: "summary",
  [F.impact]: "impact",
  [F.customerContact]: "contact",
  [F.troubleshooting]: "troubleshooting",
  [F.errorMessages]: "error messages",
  [F.environment]: "environment",
  [F.reproSteps]: "steps",
  [F.workaround]: "workaround",
  [F.ticketRef]: "ticket",
  [policyFieldBlockId("account_notes")]: "account notes",
} as const;

function escalationForm(severity: string): ViewStateValues {
  return {
    ...Object.fromEntries(Object.entries(TEXT_FIELDS).flatMap(([blockId, name]) => Object.entries(input(blockId, typed(name))))),
    ...select(F.tier, "enterprise"),
    ...select(F.severity, severity),
    ...select(F.category, null),
    ...select(F.sentiment, "frustrated"),
    ...input(policyFieldBlockId("customers_affected"), "1"),
    ...input(policyFieldBlockId("refund_amount"), null),
    ...checked(F.customerRequested, []),
  } as ViewStateValues;
}

async function tickAt(offsetMs: number) {
  h.clock.advance(offsetMs);
  await h.bot.clocks.tick(h.clock.now());
  await h.bot.deliverer.drain();
}

/** A button on the escalation's post, clicked; resolves with the form it opens, if any. */
async function click(actionId: string, user: string, post: RecordedCall, opensForm = true): Promise<RecordedCall | undefined> {
  const triggerId = `trig-${actionId}-${Math.random().toString(36).slice(2, 8)}`;
  const at = { channelId: String(post.args.channel), messageTs: String(post.response?.ts) };
  const reply = await h.slack.interaction(blockAction({ actionId, value: signedRef(h), userId: user, ...at, triggerId }));
  expect(reply.status).toBe(200);
  return opensForm ? h.fake.waitFor("views.open", (c) => c.args.trigger_id === triggerId) : undefined;
}

async function submit(form: RecordedCall, values: ViewStateValues, user: string): Promise<void> {
  const view = form.args.view as { callback_id: string; private_metadata: string };
  const viewId = `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const reply = await h.slack.interaction(viewSubmission({ callbackId: view.callback_id, privateMetadata: view.private_metadata, values, userId: user, viewId }));
  expect(reply.status).toBe(200);
  expect(reply.body).toBe("");
  await h.bot.deliverer.drain();
}

async function command(text: string): Promise<RecordedCall> {
  const before = h.fake.callsTo("response_url").length;
  const reply = await h.slack.slashCommand({ text, response_url: h.fake.responseUrl, user_id: "U0AGENT" });
  expect(reply.status).toBe(200);
  return (await h.fake.waitForCount("response_url", before + 1))[before]!;
}

/** Every string in a call's arguments with where it is, e.g. `blocks[3].text.text`. */
function stringsOf(value: unknown, path = ""): { path: string; text: string; parent: Record<string, unknown> | undefined }[] {
  const out: { path: string; text: string; parent: Record<string, unknown> | undefined }[] = [];
  const walk = (v: unknown, p: string, parent: Record<string, unknown> | undefined) => {
    if (typeof v === "string") out.push({ path: p, text: v, parent });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`, parent));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k, v as Record<string, unknown>);
  };
  walk(value, path, undefined);
  return out;
}

/**
 * A plain-text input's pre-filled value is shown literally by Slack (never read as markup), so the
 * person's own words go there raw.
 */
const isPlainTextInitialValue = (s: { path: string; parent: Record<string, unknown> | undefined }) =>
  s.path.endsWith(".initial_value") && s.parent?.type === "plain_text_input";

/**
 * Markup the bot itself forms: mentions of people in the workspace, links to its channels, dates,
 * and links into the workspace. Anything else between < and > came from somewhere it should not.
 */
function isBotMarkup(token: string): boolean {
  if (/^@U[A-Z0-9]+$/.test(token)) return h.fake.workspace.users.has(token.slice(1));
  if (/^#C[A-Z0-9]+$/.test(token)) return h.fake.workspace.channels.has(token.slice(1));
  if (/^!date\^\d+\^[^|]+\|[^|]+$/.test(token)) return true;
  return token.startsWith(TEST_WORKSPACE_URL) && /^[^|]+\|(Open the thread|ESC-\d{4})$/.test(token);
}

/** What Slack would read as markup in the calls the bot made, that the bot did not mean. */
function forgedMarkup(calls: readonly RecordedCall[]): string[] {
  const problems: string[] = [];
  for (const call of calls) {
    for (const s of stringsOf(call.args)) {
      if (isPlainTextInitialValue(s)) continue;
      const where = `${call.method} ${String(call.args.channel ?? call.args.user ?? "")} ${s.path}`;
      if (RAW_HOSTILE.test(s.text)) problems.push(`${where}: ${s.text}`);
      for (const [, token] of s.text.matchAll(/<([^<>]*)>/g)) {
        if (!isBotMarkup(token!)) problems.push(`${where}: <${token}> in ${s.text}`);
      }
    }
  }
  return problems;
}

/** All of a call's text, top-level and in blocks, as Slack renders it from. */
const allText = (c: RecordedCall) => stringsOf(c.args).map((s) => s.text).join("\n");

describe("text typed into the bot never forms Slack markup", () => {
  it("through every field and every message of an escalation's life", async () => {
    // `/escalate <text>`: the form opens with the text as its summary, as typed, and the suggestion.
    const prefill = await h.slack.slashCommand({ text: typed("prefill"), trigger_id: "trig-prefill", response_url: h.fake.responseUrl });
    expect(prefill.status).toBe(200);
    const form = await h.fake.waitFor("views.open", (c) => c.args.trigger_id === "trig-prefill");
    const summaryBox = (form.args.view.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === F.summary);
    expect(summaryBox?.element?.initial_value).toBe(typed("prefill"));

    // Opened with every free-text box hostile: the post and the confirmation.
    await submit(form, escalationForm("sev2"), "U0AGENT");
    const post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0001"));
    const ts = post.response?.ts as string;
    expect.soft(post.args.text).toContain(escaped("customer: <!channel>"));
    for (const name of Object.values(TEXT_FIELDS)) expect.soft(allText(post), name).toContain(shown(name));

    // A Sev 1 from the same form: cross-posted to the other channels of its route, and the manager is DMed at once.
    await submit(form, escalationForm("sev1"), "U0AGENT");
    const sev1Post = await h.fake.waitFor("chat.postMessage", (c) => !c.args.thread_ts && String(c.args.text).startsWith("ESC-0002"));
    const crossPosts = h.fake.callsTo("chat.postMessage").filter((c) => String(c.args.text).startsWith("ESC-0002") && c.args.channel !== sev1Post.args.channel);
    expect(crossPosts.length).toBeGreaterThan(0);
    for (const crossPost of crossPosts) expect.soft(crossPost.args.text).toContain(escaped("customer: <!channel>"));
    const openingDm = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.channel).startsWith("D") && allText(c).includes("Management escalation: ESC-0002"));
    expect.soft(allText(openingDm)).toContain(shown("impact"));

    // Nobody acknowledges ESC-0001 in time: it climbs and the managers get its summary by DM.
    await tickAt((await h.bot.escalations.get(1))!.firstResponseDue - h.clock.now());
    const missedDm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0MGR" && allText(c).includes("Management escalation: ESC-0001"));
    expect.soft(allText(missedDm)).toContain(shown("customer"));
    expect.soft(allText(missedDm)).toContain(shown("troubleshooting"));

    await click(ACTION.acknowledge, "U0ENG", post, false);
    await h.fake.waitFor("chat.update", (c) => allText(c).includes("Acknowledged* by <@U0ENG>"));

    // Post update, shareable with the customer, so the reporter hears of it by DM.
    const updateForm = (await click(ACTION.postUpdate, "U0ENG", post))!;
    expect.soft(allText(updateForm)).toContain(shown("summary"));
    await submit(updateForm, { ...select(U.status, "investigating"), ...input(U.done, typed("done")), ...input(U.next, typed("next")), ...radio(U.customerVisible, "yes") }, "U0ENG");
    const updateNotice = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts && allText(c).includes("posted an update"));
    expect.soft(updateNotice.args.text).toContain(shown("done"));
    expect.soft(updateNotice.args.text).toContain(shown("next"));
    const reporterUpdate = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0AGENT" && allText(c).includes("you can share"));
    expect.soft(reporterUpdate.args.text).toContain(shown("done"));

    // A reminder, snoozed from its menu.
    await tickAt((await h.bot.escalations.get(1))!.nextUpdateDue! - h.clock.now());
    await h.slack.interaction({
      ...blockAction({ actionId: ACTION.snooze, value: "", userId: "U0ENG", channelId: String(post.args.channel), messageTs: ts }),
      actions: [{ type: "static_select", action_id: ACTION.snooze, block_id: "reminder_actions", selected_option: { text: { type: "plain_text", text: "Snooze 30 min" }, value: `${signedRef(h)}:30` }, action_ts: "1" }],
    });
    await h.fake.waitFor("chat.postEphemeral", (c) => String(c.args.text).includes(":zzz:"));

    // Escalated by hand with a hostile reason: the handoff, the thread, and the managers' DM.
    const escalateForm = (await click(ACTION.escalate, "U0ENG", post))!;
    await submit(escalateForm, { ...select(E.level, "management"), ...input(E.reason, typed("reason")) }, "U0ENG");
    const handoff = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0MGMT" && allText(c).includes("*ESC-0001*") && allText(c).includes("escalated to *Management*"));
    expect.soft(allText(handoff)).toContain(shown("reason"));
    const escalatedNotice = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts && allText(c).includes("escalated to *Management* by"));
    expect.soft(escalatedNotice.args.text).toContain(shown("reason"));
    const reasonDm = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.channel).startsWith("D") && String(c.args.text).startsWith("Management escalation ESC-0001 (Sev 2 · High): Tier 3 → Management"));
    expect.soft(reasonDm.args.text).toContain(shown("reason"));

    // The SLA is breached before it is resolved: more DMs carrying the customer and summary.
    await tickAt((await h.bot.escalations.get(1))!.resolutionDue - h.clock.now() + MIN);

    // `/escalate list` and `/escalate ESC-0001` while open.
    const list = await command("list");
    expect.soft(allText(list)).toContain(escaped("customer: <!channel>"));
    const status = await command("ESC-0001");
    expect.soft(allText(status)).toContain(escaped("reason: <!channel>"));

    // Resolved with hostile resolution, root cause and prevention.
    const resolveForm = (await click(ACTION.resolve, "U0ENG", post))!;
    await submit(resolveForm, { ...input(R.resolution, typed("resolution")), ...input(R.rootCause, typed("root cause")), ...input(R.prevention, typed("prevention")) }, "U0ENG");
    const resolvedNotice = await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts && allText(c).includes("resolved ESC-0001"));
    for (const name of ["resolution", "root cause", "prevention"]) expect.soft(resolvedNotice.args.text).toContain(shown(name));
    const reporterResolved = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "DU0AGENT" && allText(c).includes("was resolved"));
    expect.soft(reporterResolved.args.text).toContain(shown("resolution"));
    const finalPost = await h.fake.waitFor("chat.update", (c) => allText(c).includes("Resolved* by"));
    expect.soft(allText(finalPost)).toContain(shown("prevention"));
    expect(allText(await command("ESC-0001"))).toContain("Resolved");

    // Every call the bot made: no hostile markup anywhere, on every surface it spoke through.
    for (const update of h.fake.callsTo("chat.update")) expect.soft(update.args.text).toContain(escaped("customer: <!channel>"));
    const managerDms = h.fake.callsTo("chat.postMessage").filter((c) => String(c.args.text).startsWith("Management escalation"));
    expect(new Set(managerDms.map((c) => c.args.channel)).size).toBeGreaterThan(1);
    const methods = new Set(h.fake.calls.map((c) => c.method));
    for (const m of ["chat.postMessage", "chat.update", "chat.postEphemeral", "views.open", "response_url"]) expect(methods).toContain(m);
    expect(forgedMarkup(h.fake.calls)).toEqual([]);
  });
});
