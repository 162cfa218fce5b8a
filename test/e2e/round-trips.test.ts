import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.js";
import { testEngine } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, startHarness, type Harness } from "../support/harness.js";
import { signedRef } from "../support/refs.js";
import { blockAction } from "../support/signed-request.js";

/**
 * Every statement the bot sends its database for one modal submit and one Acknowledge click, in
 * order, BEGIN and COMMIT included. On PostgreSQL each is a round trip to the server, and the paced
 * ack latency follows their number (README, Benchmarks): a statement more on either path shows here
 * as a diff of this list. The same sequence runs on SQLite, where a single write still takes a
 * transaction of its own and no advisory lock is needed.
 *
 * Recorded where each engine's driver takes a statement (pg's Client.query, better-sqlite3's
 * Statement), in this process: the delivery thread has drivers of its own and is not counted. The
 * emulator sends no events (its posts would reach the app's listeners and be counted with them).
 */

/** What a statement does to which table, or BEGIN / COMMIT / lock. */
function label(sql: string): string {
  const text = sql.replace(/\s+/g, " ").trim();
  const control = /^(BEGIN|COMMIT|ROLLBACK)\b/i.exec(text);
  if (control) return control[1]!.toUpperCase();
  if (/pg_advisory_xact_lock/i.test(text)) return "lock";
  const write = /^(insert into|update|delete from) "?(\w+)"?/i.exec(text);
  if (write) return `${write[1]!.split(" ")[0]!.toLowerCase()} ${write[2]}`;
  const read = /^select .*? from "?(\w+)"?/i.exec(text);
  return read ? `select ${read[1]}` : text.slice(0, 40);
}

let recording: string[] | undefined;
const undo: (() => void)[] = [];

/** Records each statement the engine's driver is given while `recording` is set. */
function recordStatements(): void {
  if (testEngine() === "postgres") {
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as string | { text?: string } | undefined;
      recording?.push(label(typeof q === "string" ? q : (q?.text ?? "")));
      return query.apply(this, args);
    };
    undo.push(() => (proto.query = query));
    return;
  }
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<"run" | "get" | "all" | "iterate", (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ["run", "get", "all", "iterate"] as const) {
    const original = proto[method];
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      recording?.push(label(this.source));
      return original.apply(this, args);
    };
    undo.push(() => (proto[method] = original));
  }
}

const postgres = testEngine() === "postgres";
/** A single statement: on its own on PostgreSQL, in a transaction of its own on SQLite (a snapshot for a read, the write lock for a write). */
const single = (statement: string) => (postgres ? [statement] : ["BEGIN", statement, "COMMIT"]);
const lock = postgres ? ["lock"] : [];

const SUBMIT = [
  ...single("insert request_receipts"), // the request's key claimed: a retried submit is answered from it
  "BEGIN",
  "select escalations", // by submission key: a second submit of this form finds the first escalation
  "insert escalations",
  "insert timeline_events",
  "insert outbox", // the post
  "insert outbox", // the reporter's confirmation, held until the post is made
  "insert timers", // its clocks, in one statement
  // Last, so that another opening of this customer waits only for these and the commit:
  ...lock, // this customer's openings one after another
  "select escalations", // the customer's recent escalations (a repeat?)
  "select outbox", // has the reporter opened their App Home?
  "COMMIT",
  // acked here
  ...single("update request_receipts"), // answered: repeats get the same answer
];

const CLICK = [
  ...single("insert request_receipts"),
  // acked here
  ...single("select escalations"), // what the button is bound to, where it may be used, who the clicker is to it
  "BEGIN",
  "select escalations", // for update
  "update escalations", // acknowledged, unless someone was first
  "delete timers", // the first-response clock stops
  "insert timeline_events",
  "insert outbox", // the post re-rendered and a reply in its thread, in one statement
  "select outbox", // App Homes to publish again
  "COMMIT",
  ...single("update request_receipts"),
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ fake: { botEvents: [] } });
  recordStatements();
});
afterAll(async () => {
  for (const fn of undo.splice(0)) fn();
  await h?.stop();
});

/** The statements of one request, from its sending until it has settled its receipt (its last write) and nothing more comes. */
async function statementsOf(send: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  recording = seen;
  try {
    await send();
    await eventually(() => seen.includes("update request_receipts"), "the request to settle");
    // Its COMMIT on SQLite, and anything after it, which would belong to this request too.
    for (let n = -1; n !== seen.length; ) {
      n = seen.length;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    recording = undefined;
  }
  return seen;
}

describe(`statements per request (${testEngine()})`, () => {
  it("a modal submit and an Acknowledge click make the statements listed, each once", async () => {
    // The first of each runs once first: whatever is read or built once per process is not counted.
    await h.slack.interaction(escalationSubmission({}, { viewId: "VWARM" }));
    const first = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-0001"));
    await h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h, 1), userId: "U0ENG", channelId: "C0TIER2", messageTs: first.response?.ts as string }));
    await eventually(async () => (await h.bot.escalations.get(1))?.acknowledgedBy === "U0ENG", "the first click");
    await h.bot.deliverer.drain();

    const submit = await statementsOf(() => h.slack.interaction(escalationSubmission({}, { viewId: "VCOUNTED" })));
    expect(submit).toEqual(SUBMIT);

    const post = await h.fake.waitFor("chat.postMessage", (c) => String(c.args.text).startsWith("ESC-0002"));
    await h.bot.deliverer.drain();
    const click = await statementsOf(() =>
      h.slack.interaction(blockAction({ actionId: ACTION.acknowledge, value: signedRef(h, 2), userId: "U0ENG", channelId: "C0TIER2", messageTs: post.response?.ts as string })),
    );
    expect(click).toEqual(CLICK);
    expect((await h.bot.escalations.get(2))?.acknowledgedBy).toBe("U0ENG");
  });
});
