import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SlackEmulator } from "../../src/sandbox/emulator.js";
import { EMULATOR_IDS } from "../../src/sandbox/identity.js";
import { startTestSlack } from "../support/test-slack.js";
import { eventually } from "../support/eventually.js";

/**
 * What Slack does with an app's answers, checked against a small real Bolt app over signed HTTP:
 * response_action on submissions, response URLs, confirm-less clicks, and a slow app.
 */

const SECRET = "interactions-secret";
let fake: SlackEmulator;
let app: App;
/** Callback ids of the modals the app was told were closed. */
let closed: string[];

const input = (id: string, label = id) => ({
  type: "input",
  block_id: id,
  label: { type: "plain_text", text: label },
  element: { type: "plain_text_input", action_id: id },
});
const modal = (callback: string, title: string, blocks: unknown[] = [input("answer")]) => ({
  type: "modal" as const,
  callback_id: callback,
  title: { type: "plain_text" as const, text: title },
  submit: { type: "plain_text" as const, text: "Go" },
  blocks: blocks as never[],
});

let lateAck: Promise<unknown> | undefined;

beforeEach(async () => {
  fake = await startTestSlack({ users: [{ id: "U0ANN" }] });
  fake.interactions.setCommands([{ command: "/try" }]);
  app = new App({ token: "xoxb-try", signingSecret: SECRET, clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } } });
  app.command("/try", async ({ ack, command, client, respond }) => {
    if (command.text === "slow") {
      // Too late: Bolt has answered the request already and refuses the ack. Awaited after the
      // test, so the refusal lands in this file and not in whichever one runs next.
      lateAck = new Promise((resolve) => setTimeout(() => resolve(ack().catch(() => undefined)), 3_500));
      return;
    }
    await ack();
    if (command.text === "say") {
      await respond({ response_type: "ephemeral", text: "only you", blocks: [{ type: "actions", block_id: "eph", elements: [{ type: "button", action_id: "swap", text: { type: "plain_text", text: "Swap" }, value: "1" }] }] });
      return;
    }
    if (command.text === "announce") return void (await respond({ response_type: "in_channel", text: "for everyone" }));
    await client.views.open({ trigger_id: command.trigger_id, view: { ...modal("first", "First"), notify_on_close: true } });
  });
  app.action("swap", async ({ ack, respond, body }) => {
    await ack();
    const container = (body as unknown as { container: { is_ephemeral: boolean } }).container;
    await respond(container.is_ephemeral ? { replace_original: true, text: "swapped" } : { delete_original: true });
  });
  app.view("first", async ({ ack, view }) => {
    const answer = view.state.values.answer?.answer?.value;
    if (answer === "bad") return void (await ack({ response_action: "errors", errors: { answer: "Not that one" } }));
    if (answer === "next") return void (await ack({ response_action: "push", view: modal("second", "Second") }));
    if (answer === "swap") return void (await ack({ response_action: "update", view: modal("first", "Swapped") }));
    await ack();
  });
  app.view("second", async ({ ack }) => void (await ack({ response_action: "clear" })));
  closed = [];
  app.view({ type: "view_closed", callback_id: "first" }, async ({ ack }) => {
    await ack();
    closed.push("first");
  });
  const server = (await app.start(0)) as Server;
  fake.connectApp({ requestUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret: SECRET });
});
afterEach(async () => {
  await lateAck;
  lateAck = undefined;
  await app.stop();
  await fake.stop();
});

async function openFirst() {
  expect(await fake.interactions.compose("U0ANN", "C0TIER1", "/try")).toEqual({ ok: true });
  return eventually(() => fake.views.top("U0ANN"), "the modal");
}

describe("modal submissions", () => {
  it("shows the app's errors, then updates, pushes and clears as it answers", async () => {
    const first = await openFirst();
    expect(await fake.interactions.submitView("U0ANN", first.view.id, { answer: { answer: "bad" } })).toEqual({ kind: "errors", errors: { answer: "Not that one" } });
    expect(fake.views.top("U0ANN")?.view.id).toBe(first.view.id);

    expect(await fake.interactions.submitView("U0ANN", first.view.id, { answer: { answer: "swap" } })).toEqual({ kind: "updated" });
    const swapped = fake.views.top("U0ANN")!;
    expect(swapped.view.id).toBe(first.view.id);
    expect(swapped.view.title).toEqual({ type: "plain_text", text: "Swapped" });

    expect(await fake.interactions.submitView("U0ANN", swapped.view.id, { answer: { answer: "next" } })).toEqual({ kind: "pushed" });
    const second = fake.views.top("U0ANN")!;
    expect(second.view.previous_view_id).toBe(first.view.id);
    expect(await fake.interactions.submitView("U0ANN", second.view.id, { answer: { answer: "done" } })).toEqual({ kind: "cleared" });
    expect(fake.views.top("U0ANN")).toBeUndefined();
  });

  it("tells the app a modal was closed when it asked to be told", async () => {
    const first = await openFirst();
    expect(await fake.interactions.closeView("U0ANN", first.view.id)).toEqual({ ok: true });
    await eventually(() => closed[0], "the app to hear of the close");
    expect(closed).toEqual(["first"]);
    expect(fake.views.top("U0ANN")).toBeUndefined();
  });

  it("refuses a required field left empty before the app hears of it", async () => {
    const first = await openFirst();
    expect(await fake.interactions.submitView("U0ANN", first.view.id, { answer: { answer: null } })).toEqual({ kind: "errors", errors: { answer: expect.any(String) } });
    expect(fake.views.top("U0ANN")?.view.id).toBe(first.view.id);
  });
});

describe("response URLs", () => {
  it("answers privately by default, and replaces an ephemeral message from a click on it", async () => {
    await fake.interactions.compose("U0ANN", "C0TIER1", "/try say");
    const eph = await eventually(() => fake.ephemerals.visibleTo("U0ANN", "C0TIER1")[0], "the private answer");
    expect(eph).toMatchObject({ text: "only you", from: EMULATOR_IDS.botUserId });
    expect(await fake.interactions.messageAction("U0ANN", { channel: "C0TIER1", messageTs: eph!.ts, ephemeral: true }, { blockId: "eph", actionId: "swap" })).toEqual({ ok: true });
    await eventually(() => fake.ephemerals.visibleTo("U0ANN", "C0TIER1").find((m) => m.text === "swapped"), "the replaced answer");
    expect(fake.ephemerals.visibleTo("U0ANN", "C0TIER1").map((m) => m.text)).toEqual(["swapped"]);
  });

  it("posts in the channel for in_channel answers", async () => {
    await fake.interactions.compose("U0ANN", "C0TIER1", "/try announce");
    await eventually(() => fake.messages.size > 0, "the channel message");
    expect([...fake.messages.values()].map((m) => m.text)).toEqual(["for everyone"]);
  });
});

describe("a slow app", () => {
  it("is told it timed out after three seconds, as Slack tells the person", async () => {
    expect(await fake.interactions.compose("U0ANN", "C0TIER1", "/try slow")).toEqual({ ok: false, error: "operation_timeout" });
    expect(fake.ephemerals.visibleTo("U0ANN", "C0TIER1")[0]?.text).toContain('failed with the error "operation_timeout"');
  });
});
