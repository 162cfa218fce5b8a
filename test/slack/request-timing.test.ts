import { App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import { beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../support/log-capture.js";
import { slackLogger } from "../../src/slack/slack-logger.js";
import { installRequestEdge, type RequestTiming } from "../../src/slack/request-edge.js";
import { blockAction, viewSubmission } from "../support/signed-request.js";

/** The edge's timing hook (what GET /metrics' request histograms record), in a real Bolt App. */

const noReceiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("request timing at the edge", () => {
  let app: App;
  let seen: { what: "acked" | "handled"; kind: string; seconds: number }[];
  beforeEach(() => {
    seen = [];
    const timing: RequestTiming = {
      acked: (kind, seconds) => seen.push({ what: "acked", kind, seconds }),
      handled: (kind, seconds) => seen.push({ what: "handled", kind, seconds }),
    };
    app = new App({ receiver: noReceiver, authorize: async () => ({ botToken: "xoxb-x", botUserId: "UBOT", botId: "BBOT" }), logger: slackLogger(silentLogger(), "bolt") });
    app.error(async () => {});
    app.action("escalation_acknowledge", async ({ ack }) => {
      await ack();
      await ack(); // a second ack is not a second answer
      await sleep(40);
    });
    app.action("escalation_broken", async () => {
      throw new Error("broken before its ack");
    });
    installRequestEdge(app, silentLogger(), timing);
  });

  const send = (body: unknown) => app.processEvent({ body, ack: async () => {} } as ReceiverEvent);

  it("records the ack once, when it is given, and the handling when the listener is done, by payload type", async () => {
    await send(blockAction({ actionId: "escalation_acknowledge", value: "ESC-0001.x" }));
    expect(seen.map((s) => `${s.what} ${s.kind}`)).toEqual(["acked block_actions", "handled block_actions"]);
    const [acked, handled] = seen as [(typeof seen)[0], (typeof seen)[0]];
    // The listener sleeps 40 ms after its ack: the ack is timed before it, the handling after.
    expect(acked.seconds).toBeGreaterThan(0);
    expect(handled.seconds - acked.seconds).toBeGreaterThanOrEqual(0.035);
  });

  it("times the answer the edge gives for a listener that threw, or for no listener at all", async () => {
    await send(blockAction({ actionId: "escalation_broken", value: "x" }));
    await send(viewSubmission({ callbackId: "nobody_listens", values: {} }));
    expect(seen.map((s) => `${s.what} ${s.kind}`)).toEqual(["acked block_actions", "handled block_actions", "acked view_submission", "handled view_submission"]);
  });

  it("files a payload the edge refuses under `refused`, whatever type it claims", async () => {
    await send({ type: "a_type_slack_adds_later" });
    await send({ ...blockAction({ actionId: "escalation_acknowledge", value: "x" }), user: "U1" });
    expect(seen.map((s) => `${s.what} ${s.kind}`)).toEqual(["acked refused", "acked refused"]);
  });
});
