import { afterEach, describe, expect, it } from "vitest";
import { ACTION, CALLBACK, ESCALATION_FIELD as F, RESOLVE_FIELD as R, UPDATE_FIELD as U } from "../../src/slack/ids.js";
import { eventually } from "../support/eventually.js";
import { filledForm } from "../support/forms.js";
import { SIGNING_SECRET, startHarness, type Harness } from "../support/harness.js";

/**
 * Logs never carry restricted text or secrets, at any level: a restricted (security) escalation's
 * whole life with LOG_LEVEL=debug, where Bolt and the Web API client log whole request and response
 * bodies, and not one line may hold a token, the signing secret or a word people typed.
 */
const BOT_TOKEN = "xoxb-test-token";
const APP_TOKEN = "xapp-1-redaction-test";

// Words that appear nowhere but in what people type, so any trace of them in a log is a leak.
const CUSTOMER = "Zanzibar Freightways";
const SUMMARY = "The dispatcher can see another user's data in the Quillfeather trip report";
const IMPACT = "Marmalade depot records exposed";
const UPDATE = "Rotated the Pemberton credentials";
const RESOLUTION = "Revoked the Oxbridge sessions";
const ROOT_CAUSE = "A Wolverhampton cache key shared between tenants";
const TYPED_WORDS = ["Zanzibar", "Freightways", "Quillfeather", "Marmalade", "Pemberton", "Oxbridge", "Wolverhampton", "dispatcher"];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Opens, acknowledges, updates and resolves a security escalation as people do it in Slack. */
async function restrictedEscalationLife(h: Harness): Promise<void> {
  const people = h.fake.interactions;
  people.setCommands([{ command: "/escalate" }]);
  // Over Socket Mode the command goes nowhere until the socket is up.
  await eventually(async () => (await people.compose("U0AGENT", "C0TIER1", `/escalate ${SUMMARY}`)).ok || undefined, "the command");
  const form = await eventually(() => h.fake.views.top("U0AGENT"), "the escalation form");
  const typed = { [F.customer]: { [F.customer]: CUSTOMER }, [F.impact]: { [F.impact]: IMPACT } };
  expect(await people.submitView("U0AGENT", form.view.id, filledForm(form.view, typed))).toEqual({ kind: "closed" });
  const post = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "C0SEC" && !c.args.thread_ts);
  const at = { channel: "C0SEC", messageTs: String(post.response?.ts) };
  // The details went where they belong: the restricted channel.
  expect(JSON.stringify(post.args)).toContain("Quillfeather");
  expect(JSON.stringify(post.args)).toContain(":lock: restricted");

  expect(await people.messageAction("U0ENG", at, { blockId: "escalation_actions", actionId: ACTION.acknowledge })).toEqual({ ok: true });
  await h.fake.waitFor("chat.update", (c) => JSON.stringify(c.args.blocks).includes("Acknowledged"));

  const modal = async (callbackId: string) => eventually(() => {
    const top = h.fake.views.top("U0ENG");
    return top?.view.callback_id === callbackId ? top : undefined;
  }, callbackId);
  expect(await people.messageAction("U0ENG", at, { blockId: "escalation_actions", actionId: ACTION.postUpdate })).toEqual({ ok: true });
  const update = await modal(CALLBACK.updateModal);
  const updateInputs = { [U.status]: { [U.status]: "fixing" }, [U.done]: { [U.done]: UPDATE }, [U.customerVisible]: { [U.customerVisible]: "no" } };
  expect(await people.submitView("U0ENG", update.view.id, filledForm(update.view, updateInputs))).toEqual({ kind: "closed" });
  await h.fake.waitFor("chat.postMessage", (c) => c.args.thread_ts === at.messageTs && String(c.args.text).includes("Pemberton"));

  expect(await people.messageAction("U0ENG", at, { blockId: "escalation_actions", actionId: ACTION.resolve })).toEqual({ ok: true });
  const resolve = await modal(CALLBACK.resolveModal);
  const resolveInputs = { [R.resolution]: { [R.resolution]: RESOLUTION }, [R.rootCause]: { [R.rootCause]: ROOT_CAUSE } };
  expect(await people.submitView("U0ENG", resolve.view.id, filledForm(resolve.view, resolveInputs))).toEqual({ kind: "closed" });
  await h.fake.waitFor("chat.update", (c) => JSON.stringify(c.args.blocks).includes("Oxbridge"));
  await h.bot.deliverer.drain();
}

/** The same entries as production writes them (JSON) and as the sandbox and a terminal show them (pretty). */
function expectNothingSecretIn(h: Harness): void {
  expect(h.jsonLogs).toHaveLength(h.logs.length);
  // Each entry is one JSON object whose level is pino's (a field named `level` would have replaced it).
  for (const l of h.jsonLogs) expect([20, 30, 40, 50], l).toContain(JSON.parse(l).level);
  for (const [logs, debugLevel] of [
    [h.logs, " DEBUG "],
    [h.jsonLogs, '"level":20,'],
  ] as const) {
    // Debug logging really was on, with bodies in it, and redaction acted on them.
    expect(logs.filter((l) => l.includes(debugLevel)).length).toBeGreaterThan(50);
    expect(logs.some((l) => l.includes("http request body:") && l.includes("C0SEC"))).toBe(true);
    expect(logs.some((l) => l.includes("[redacted]"))).toBe(true);

    const leaks = (needle: string) => logs.filter((l) => l.toLowerCase().includes(needle.toLowerCase()));
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, "xoxb-", "xapp-"]) expect(leaks(secret), secret).toEqual([]);
    for (const word of TYPED_WORDS) expect(leaks(word), word).toEqual([]);
  }
}

describe("logs at debug level", () => {
  it("over HTTP carry no token, no signing secret and no word of a restricted escalation", async () => {
    h = await startHarness({ env: { LOG_LEVEL: "debug" }, fake: { users: [{ id: "U0AGENT" }, { id: "U0ENG" }] } });
    await restrictedEscalationLife(h);
    expectNothingSecretIn(h);
  });

  it("over Socket Mode, where every envelope is logged whole, carry none either", async () => {
    h = await startHarness({ env: { LOG_LEVEL: "debug", SLACK_APP_TOKEN: APP_TOKEN }, fake: { users: [{ id: "U0AGENT" }, { id: "U0ENG" }] } });
    await restrictedEscalationLife(h);
    expectNothingSecretIn(h);
    expect(h.logs.some((l) => l.includes("Received a message on the WebSocket"))).toBe(true);
  });
});
