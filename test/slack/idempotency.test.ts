import { App, type Receiver } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { ReceiptRepo } from "../../src/db/receipt-repo.js";
import { slackLogger } from "../../src/slack/slack-logger.js";
import { captureLogs } from "../support/log-capture.js";
import { installIdempotency, requestKey } from "../../src/slack/idempotency.js";
import { ManualClock } from "../support/clock.js";
import { eventually } from "../support/eventually.js";
import { repoOn, testDb } from "../support/db.js";

/**
 * The idempotency middleware in a real Bolt App, driven with `app.processEvent` as a receiver drives
 * it (the end-to-end replay tests are in test/e2e/replay.test.ts), on a migrated database.
 */

const noReceiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

let db: Db;
let receipts: ReceiptRepo;
let clock: ManualClock;
let logs: string[];
let app: App;

/** Another bot process on the same database, started now. */
function newProcess(): App {
  // Every process's lines in one record, as on a shared log.
  const { logger } = captureLogs("info", logs);
  const started = new App({ receiver: noReceiver, authorize: async () => ({ botToken: "xoxb-x", botUserId: "UBOT", botId: "BBOT" }), logger: slackLogger(logger, "bolt") });
  started.error(async () => {});
  installIdempotency(started, { db, clock, logger });
  return started;
}

beforeEach(async () => {
  db = await testDb();
  receipts = repoOn(db, ReceiptRepo);
  clock = new ManualClock();
  logs = [];
  app = newProcess();
});
afterEach(() => db.close());

const submission = (viewId = "V1", hash = "h1") => ({
  type: "view_submission",
  team: { id: "T1" },
  user: { id: "U1" },
  trigger_id: "t1",
  view: { id: viewId, hash, callback_id: "form", private_metadata: "", state: { values: {} } },
});

const click = (actionTs: string) => ({
  type: "block_actions",
  team: { id: "T1" },
  user: { id: "U1" },
  trigger_id: "t2",
  container: { type: "message", message_ts: "1.2", channel_id: "C1" },
  channel: { id: "C1" },
  actions: [{ type: "button", action_id: "press", block_id: "b", value: "1", action_ts: actionTs }],
});

/** Sends `body` as a receiver would; resolves with what the app acked (null: not acked). */
async function sendTo(target: App, body: object): Promise<unknown> {
  let answer: unknown = null;
  await target.processEvent({ body: structuredClone(body) as Record<string, unknown>, ack: async (response?: unknown) => void (answer = response ?? "") });
  return answer;
}
const send = (body: object) => sendTo(app, body);

describe("requestKey", () => {
  it.each([
    ["an event by its event_id", { type: "event_callback", event_id: "Ev1", event: { type: "channel_created" } }, "event:Ev1"],
    ["a slash command by its trigger", { command: "/escalate", trigger_id: "123.456", user_id: "U1" }, "command:123.456"],
    ["a shortcut by its trigger", { type: "shortcut", callback_id: "open_escalation", trigger_id: "123.457" }, "shortcut:123.457"],
    ["a message shortcut by its trigger", { type: "message_action", callback_id: "escalate_message", trigger_id: "123.458" }, "shortcut:123.458"],
    ["a click by who, what, where and when", click("1700.000001"), "action:U1:press:b:1.2:1700.000001"],
    ["a form by view id and hash", submission("V9", "abc"), "view:V9:abc"],
    ["an options request: never", { type: "block_suggestion", action_id: "x", value: "a" }, undefined],
    ["a closed form: never", { type: "view_closed", view: { id: "V1" } }, undefined],
    ["an event without an id: never", { type: "event_callback", event: {} }, undefined],
    ["a click without action_ts: never", { ...click("x"), actions: [{ action_id: "press" }] }, undefined],
    ["not an object", "payload", undefined],
  ])("%s", (_what, body, key) => {
    expect(requestKey(body)).toBe(key);
  });
});

describe("a request handled once", () => {
  it("runs the listener once and answers each repeat with the first answer", async () => {
    let runs = 0;
    app.view("form", async ({ ack }) => {
      runs++;
      await ack({ response_action: "clear" });
    });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await send(submission()));
    expect(runs).toBe(1);
    expect(answers).toEqual(Array(5).fill({ response_action: "clear" }));
    expect((await receipts.find("view:V1:h1"))?.outcome).toEqual({ answered: true, response: { response_action: "clear" } });
    expect(logs.filter((l) => l.includes("request.repeat") && l.includes("first=answered"))).toHaveLength(4);
  });

  it("a repeat that arrives while the first is still being handled gets an empty ack at once", async () => {
    let runs = 0;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    app.action("press", async ({ ack }) => {
      runs++;
      await ack();
      await finished;
    });
    const first = send(click("1.000001"));
    const repeats = await Promise.all([1, 2, 3, 4].map(() => send(click("1.000001"))));
    expect(repeats).toEqual(["", "", "", ""]);
    finish();
    expect(await first).toBe("");
    expect(runs).toBe(1);
    expect(logs.filter((l) => l.includes("request.repeat") && l.includes("first=in_flight"))).toHaveLength(4);
  });

  it("a form answered with errors saved nothing: the same view submitted again is handled", async () => {
    let runs = 0;
    app.view("form", async ({ ack }) => {
      runs++;
      await ack(runs === 1 ? { response_action: "errors", errors: { done: "Say what was done." } } : undefined);
    });
    expect(await send(submission())).toEqual({ response_action: "errors", errors: { done: "Say what was done." } });
    expect(await receipts.find("view:V1:h1")).toBeUndefined();
    expect(await send(submission())).toBe("");
    expect(await send(submission())).toBe("");
    expect(runs).toBe(2);
  });

  it("a listener that threw before acking gives the key up, so the retry is handled", async () => {
    let runs = 0;
    app.action("press", async ({ ack }) => {
      runs++;
      if (runs === 1) throw new Error("database is locked");
      await ack();
    });
    await send(click("2.000001"));
    expect(await receipts.find("action:U1:press:b:1.2:2.000001")).toBeUndefined();
    expect(await send(click("2.000001"))).toBe("");
    expect(runs).toBe(2);
  });

  it("a listener that threw after acking keeps the key: its answer was given and its work may be done", async () => {
    let runs = 0;
    app.action("press", async ({ ack }) => {
      runs++;
      await ack();
      throw new Error("chat.postEphemeral failed");
    });
    await send(click("3.000001"));
    expect(await send(click("3.000001"))).toBe("");
    expect(runs).toBe(1);
  });

  it("an event is handled once per event_id; a new event_id is a new event", async () => {
    const seen: string[] = [];
    app.event("channel_created", async ({ body }) => void seen.push(String(body.event_id)));
    const event = (id: string) => ({ type: "event_callback", team_id: "T1", event_id: id, event: { type: "channel_created", channel: { id: "C9", name: "x" } } });
    for (let i = 0; i < 5; i++) await send(event("Ev1"));
    await send(event("Ev2"));
    expect(seen).toEqual(["Ev1", "Ev2"]);
  });

  it("an unfinished claim of this process is taken over after 30 s, not before (its handler hung)", async () => {
    let runs = 0;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    app.view("form", async ({ ack }) => {
      runs++;
      if (runs > 1) return void (await ack());
      await ack({ response_action: "clear" });
      await finished;
    });
    const hung = send(submission());
    expect(await send(submission())).toBe("");
    expect(runs).toBe(1);
    clock.advance(31_000);
    await send(submission());
    expect(runs).toBe(2);
    expect((await receipts.find("view:V1:h1"))?.outcome).toEqual({ answered: true });
    // The hung handler ends at last: the claim is no longer its own, so it leaves the receipt alone.
    finish();
    await hung;
    expect((await receipts.find("view:V1:h1"))?.outcome).toEqual({ answered: true });
  });

  it("a claim left unfinished by a process that was killed is taken over: at once on SQLite, once stale among PostgreSQL replicas", async () => {
    // The killed process claimed the click and died before finishing it.
    expect(await receipts.claim("action:U1:press:b:1.2:6.000001", { holder: "4242:dead", claim: "1" }, clock.now(), { staleBefore: 0, othersBefore: 0 })).toBe(true);
    clock.advance(1_000);
    const next = newProcess();
    let runs = 0;
    next.action("press", async ({ ack }) => {
      runs++;
      await ack();
    });
    await sendTo(next, click("6.000001"));
    if (db.engine === "postgres") {
      // Replicas share the database: the claim's owner may be alive and still at work.
      expect(runs).toBe(0);
      clock.advance(30_000);
      await sendTo(next, click("6.000001"));
    }
    expect(runs).toBe(1);
    expect((await receipts.find("action:U1:press:b:1.2:6.000001"))?.outcome).toEqual({ answered: true });
  });

  it("another process's unfinished claim made after this one started is left to it (it is alive)", async () => {
    const other = newProcess();
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    let otherRuns = 0;
    other.action("press", async ({ ack }) => {
      otherRuns++;
      await ack();
      await finished;
    });
    let runs = 0;
    app.action("press", async ({ ack }) => {
      runs++;
      await ack();
    });
    clock.advance(1_000);
    const first = sendTo(other, click("7.000001"));
    expect(await send(click("7.000001"))).toBe("");
    finish();
    await first;
    expect([otherRuns, runs]).toEqual([1, 0]);
  });

  it("receipts older than a day are deleted", async () => {
    app.action("press", async ({ ack }) => void (await ack()));
    await db.transaction(async ({ q, t }) => {
      await q.insert(t.requestReceipts).values({ key: "old", createdAt: clock.now() - 25 * 3_600_000, outcome: { answered: true } });
      await q.insert(t.requestReceipts).values({ key: "recent", createdAt: clock.now() - 23 * 3_600_000, outcome: { answered: true } });
    });
    await send(click("5.000001"));
    // Pruning runs beside the request (on PostgreSQL, on a connection of its own): wait for the old one to go.
    const keys = async () => (await db.read(({ q, t }) => q.select({ key: t.requestReceipts.key }).from(t.requestReceipts))).map((r) => r.key).sort();
    await eventually(async () => !(await keys()).includes("old"), "the old receipt to be pruned");
    expect(await keys()).toEqual(["action:U1:press:b:1.2:5.000001", "recent"]);
  });
});
