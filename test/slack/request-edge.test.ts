import { parse as parseForm } from "node:querystring";
import { App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { beforeEach, describe, expect, it } from "vitest";
import { slackLogger } from "../../src/slack/slack-logger.js";
import { captureLogs } from "../support/log-capture.js";
import { checkPayload } from "../../src/slack/payload-schemas.js";
import { installRequestEdge } from "../../src/slack/request-edge.js";
import { blockAction, slashCommandFields, viewSubmission } from "../support/signed-request.js";

/**
 * The edge's rules on parsed payloads (what the fuzz in test/e2e/edge-fuzz.test.ts sends thousands
 * of), and the edge in a real Bolt App driven with `app.processEvent` as a receiver drives it.
 */

const click = () => blockAction({ actionId: "escalation_acknowledge", value: "ESC-0001.x" });
const form = () => viewSubmission({ callbackId: "resolve_modal", values: {} });
const event = (e: Record<string, unknown>) => ({ type: "event_callback", team_id: "T0SANDBOX", event_id: "Ev1", event: e });
const message = { type: "message", channel: "C1", user: "U1", text: "hi", ts: "1.2" };
const without = <T extends object>(o: T, key: keyof T) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

describe("checkPayload", () => {
  it.each([
    ["a command, as form fields parse", parseForm(new URLSearchParams({ ...slashCommandFields({ text: "list" }) }).toString())],
    ["a click on any action id, in a message", blockAction({ actionId: "an_action_added_later", value: "v" })],
    ["a click in a modal (no channel, no message)", { ...without(click(), "channel"), message: undefined, container: { type: "view", view_id: "V1" }, view: form().view }],
    ["a submission of any form", viewSubmission({ callbackId: "a_form_added_later", values: { b: { a: { type: "plain_text_input", value: null } } } })],
    ["a closed form", { type: "view_closed", user: { id: "U1" }, team: null, view: form().view }],
    ["a global shortcut", { type: "shortcut", callback_id: "open_escalation", trigger_id: "t", user: { id: "U1" }, team: { id: "T1" } }],
    ["a message shortcut", { type: "message_action", callback_id: "escalate_message", trigger_id: "t", user: { id: "U1" }, channel: { id: "C1" }, message: { ts: "1.2", text: "" } }],
    ["a channel message", event(message)],
    ["a thread reply", event({ ...message, thread_ts: "1.1" })],
    ["a bot's message", event({ type: "message", subtype: "bot_message", bot_id: "B1", channel: "C1", text: "x", ts: "1.2" })],
    ["an edit", event({ type: "message", subtype: "message_changed", hidden: true, channel: "C1", ts: "1.3", message: { ...message, text: "y" }, previous_message: message })],
    ["an event of a type nobody checks", event({ type: "reaction_added", user: "U1", item: { channel: "C1", ts: "1.2" } })],
  ])("lets through %s", (_, body) => {
    expect(checkPayload(body)).toMatchObject({ ok: true });
  });

  it.each([
    ["a command without its text", without(slashCommandFields(), "text"), "text: Invalid input: expected string, received undefined"],
    ["a command with its text sent twice", { ...slashCommandFields(), text: ["a", "b"] }, "text: Invalid input: expected string, received array"],
    ["a command whose response URL is no URL", slashCommandFields({ response_url: "nowhere" }), "response_url: Invalid URL"],
    ["a click without an action", { ...click(), actions: [] }, "actions: Too small: expected array to have >=1 items"],
    ["a click whose action has no id", { ...click(), actions: [without(click().actions[0]!, "action_id")] }, "actions.0.action_id: Invalid input: expected string, received undefined"],
    ["a button whose value is a number", { ...click(), actions: [{ ...click().actions[0], value: 42 }] }, "actions.0.value: Invalid input: expected string, received number"],
    ["ticked checkboxes without their selection", { ...click(), actions: [{ ...click().actions[0], type: "checkboxes" }] }, "actions.0: an element of this type carries its selection"],
    ["a click without its user", without(click(), "user"), "user: Invalid input: expected object, received undefined"],
    ["a click with channel null", { ...click(), channel: null }, "channel: Invalid input: expected object, received null"],
    ["a team id that names a prototype member", { ...click(), team: { id: "constructor" } }, "team.id: not a Slack team id"],
    ["a form whose state is a string", { ...form(), view: { ...form().view, state: { values: "x" } } }, "view.state.values: Invalid input: expected record, received string"],
    ["a form without its private_metadata", { ...form(), view: without(form().view, "private_metadata") }, "view.private_metadata: Invalid input: expected string, received undefined"],
    ["a message shortcut without the message's text", { type: "message_action", callback_id: "c", trigger_id: "t", user: { id: "U1" }, channel: { id: "C1" }, message: { ts: "1.2" } }, "message.text: Invalid input: expected string, received undefined"],
    ["an event that is a string", { ...event({}), event: "message" }, "event: Invalid input: expected object, received string"],
    ["an event whose user is null", event({ type: "reaction_added", user: null }), "event.user: Invalid input"],
    ["a message without its channel", event(without(message, "channel")), "event.channel: Invalid input: expected string, received undefined"],
    ["an event without its id", without(event(message), "event_id"), "event_id: Invalid input: expected string, received undefined"],
    ["a shortcut carrying actions", { type: "shortcut", callback_id: "c", trigger_id: "t", user: { id: "U1" }, actions: [] }, "has the fields of a Bolt action payload"],
    ["a form carrying an event", { ...form(), event: message }, "has the fields of a Bolt event payload"],
    ["a click without its type", without(click(), "type"), "type: missing"],
    ["a JSON array", [], "not a JSON object"],
  ])("refuses %s as malformed", (_, body, problem) => {
    expect(checkPayload(body)).toEqual({ ok: false, reason: "malformed", type: expect.any(String), problem });
  });

  it.each([
    ["URL verification (Bolt's receiver answers it)", { type: "url_verification", challenge: "c" }, "url_verification"],
    ["an options request (no select of the app loads its options)", { type: "block_suggestion", action_id: "a", value: "x" }, "block_suggestion"],
    ["a legacy attachment click", { type: "interactive_message", actions: [{}], callback_id: "c" }, "interactive_message"],
    ["a rate-limit notice", { type: "app_rate_limited", team_id: "T1" }, "app_rate_limited"],
    ["an empty body", {}, "-"],
  ])("answers %s as a type the app does not take", (_, body, type) => {
    expect(checkPayload(body)).toEqual({ ok: false, reason: "unknown", type });
  });
});

const noReceiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

describe("installRequestEdge", () => {
  let logs: string[];
  let app: App;
  let ran: string[];
  beforeEach(() => {
    logs = [];
    ran = [];
    const { logger, lines } = captureLogs();
    logs = lines;
    app = new App({ receiver: noReceiver, authorize: async () => ({ botToken: "xoxb-x", botUserId: "UBOT", botId: "BBOT" }), logger: slackLogger(logger, "bolt") });
    app.error(async () => {});
    app.use(async ({ next }) => {
      ran.push("middleware");
      await next();
    });
    app.action("escalation_acknowledge", async ({ ack }) => {
      ran.push("listener");
      await ack();
    });
    app.action("escalation_broken", async () => {
      ran.push("listener");
      throw new Error("broken before its ack");
    });
    installRequestEdge(app, logger);
  });

  /** Sends `body` as a receiver would; resolves with every answer given to it. */
  async function send(body: unknown): Promise<unknown[]> {
    const answers: unknown[] = [];
    await app.processEvent({ body, ack: async (r?: unknown) => void answers.push(r ?? "") } as ReceiverEvent);
    return answers;
  }

  it("answers a malformed payload at once with a log line; no middleware or listener sees it", async () => {
    expect(await send({ ...click(), user: "U1" })).toEqual([""]);
    expect(ran).toEqual([]);
    expect(logs.join("\n")).toMatch(/WARN: request\.malformed type=block_actions problem="user: Invalid input: expected object, received string"/);
  });

  it("answers a type the app does not take, with a log line", async () => {
    expect(await send({ type: "app_rate_limited" })).toEqual([""]);
    expect(ran).toEqual([]);
    expect(logs.join("\n")).toMatch(/INFO: request\.unknown type=app_rate_limited/);
  });

  it("passes a valid payload on, and its listener's answer is the only one", async () => {
    expect(await send(click())).toEqual([""]);
    expect(ran).toEqual(["middleware", "listener"]);
  });

  it("answers a valid payload no listener takes (an action id nobody listens to) as soon as Bolt is done", async () => {
    expect(await send(blockAction({ actionId: "nobody_listens", value: "x" }))).toEqual([""]);
    expect(ran).toEqual(["middleware"]);
  });

  it("answers a payload whose listener threw before acking", async () => {
    expect(await send(blockAction({ actionId: "escalation_broken", value: "x" }))).toEqual([""]);
    expect(ran).toEqual(["middleware", "listener"]);
  });
});
