/**
 * The same-work anchor for the end-to-end benchmark: the obvious minimal Bolt app that does, per
 * request, what the bot must do and nothing more, in a process of its own, set up as bare Bolt is
 * (HTTPReceiver, signature checks, ack before processing, no conversation store):
 *
 * - `/escalate`: ack, then views.open with the command's trigger id and the bot's own modal
 *   (built by the bot's pure view function, so the payload is the same size);
 * - the Acknowledge button: ack, then one transaction writing one row (first click wins), then one
 *   chat.update of the clicked message (the bot updates the escalation's post from its outbox);
 * - the escalation modal's submit: one transaction writing one row, then the ack (the bot commits
 *   before it closes the form), then one chat.postMessage (the bot posts from its outbox).
 *
 * Its database is of the bot's engine, set up as the bot's: a SQLite file in WAL mode
 * (better-sqlite3, synchronous = NORMAL) or PostgreSQL (a `pg` pool with its defaults).
 * argv[2] is the Web API URL, argv[3] JSON { DATABASE_PATH } or { DATABASE_URL }.
 *
 * Requests: counts → what it did since the last ask (rows written, Slack calls made and failed).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel, type BlockAction, type ButtonAction } from "@slack/bolt";
import Database from "better-sqlite3";
import pg from "pg";
import { createLogger } from "../src/logger.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "../src/policy/loader.js";
import { EVENTS_PATH } from "../src/slack/app.js";
import { ACTION, CALLBACK, COMMAND, ESCALATION_FIELD } from "../src/slack/ids.js";
import { slackLogger } from "../src/slack/slack-logger.js";
import { buildEscalationModal } from "../src/slack/views/escalation-modal.js";
import { userText } from "../src/slack/views/slack-format.js";
import { SIGNING_SECRET } from "../test/support/harness.js";
import { serveParent } from "./processes.js";

export interface AnchorReady {
  url: string;
}

export interface AnchorCounts {
  rowsWritten: number;
  slackCalls: number;
  slackFailures: number;
}

/** Where the anchor posts new escalations (the default playbook's Tier 2 channel in the emulator). */
const ESCALATIONS_CHANNEL = "C0TIER2";

interface AnchorStore {
  /** Records the escalation of a submitted form; false when that form was already recorded. */
  open(submissionKey: string, userId: string, form: string, at: number): Promise<boolean>;
  /** Records who acknowledged an escalation; false when someone already had. */
  acknowledge(ref: string, userId: string, at: number): Promise<boolean>;
}

const TABLES = [
  "CREATE TABLE IF NOT EXISTS escalations (submission_key TEXT PRIMARY KEY, reporter_id TEXT NOT NULL, form TEXT NOT NULL, created_at BIGINT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS acknowledgements (escalation_ref TEXT PRIMARY KEY, user_id TEXT NOT NULL, acknowledged_at BIGINT NOT NULL)",
];

function sqliteStore(path: string): AnchorStore {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  for (const sql of TABLES) db.exec(sql);
  // One statement is one transaction.
  const open = db.prepare("INSERT INTO escalations VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
  const acknowledge = db.prepare("INSERT INTO acknowledgements VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  return {
    open: async (key, userId, form, at) => open.run(key, userId, form, at).changes === 1,
    acknowledge: async (ref, userId, at) => acknowledge.run(ref, userId, at).changes === 1,
  };
}

async function postgresStore(url: string): Promise<AnchorStore> {
  const pool = new pg.Pool({ connectionString: url });
  for (const sql of TABLES) await pool.query(sql);
  return {
    open: async (key, userId, form, at) =>
      (await pool.query("INSERT INTO escalations VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", [key, userId, form, at])).rowCount === 1,
    acknowledge: async (ref, userId, at) =>
      (await pool.query("INSERT INTO acknowledgements VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", [ref, userId, at])).rowCount === 1,
  };
}

const slackApiUrl = process.argv[2];
const database = JSON.parse(process.argv[3] ?? "{}") as { DATABASE_PATH?: string; DATABASE_URL?: string };
if (!slackApiUrl || !(database.DATABASE_PATH || database.DATABASE_URL)) {
  throw new Error('usage: same-work-anchor-child.ts <Web API URL> \'{"DATABASE_PATH": ...} or {"DATABASE_URL": ...}\'');
}
const store = database.DATABASE_URL ? await postgresStore(database.DATABASE_URL) : sqliteStore(database.DATABASE_PATH!);
const policy = loadPolicyFile(DEFAULT_POLICY_FILE);

const counts: AnchorCounts = { rowsWritten: 0, slackCalls: 0, slackFailures: 0 };
const calling = async (call: Promise<unknown>) => {
  counts.slackCalls++;
  try {
    await call;
  } catch (err) {
    counts.slackFailures++;
    throw err;
  }
};

// At "error", as the bot's and bare Bolt's in the benchmark.
const logger = slackLogger(createLogger({ level: "error", format: "json" }), "bolt");
const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: EVENTS_PATH, logger, processBeforeResponse: false });
const app = new App({ token: "xoxb-bench", receiver, logger, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl }, deferInitialization: true, convoStore: false });
await app.init();

app.command(COMMAND, async ({ ack, body, client }) => {
  await ack();
  const view = buildEscalationModal({ policy, summary: body.text || undefined, channelId: body.channel_id });
  await calling(client.views.open({ trigger_id: body.trigger_id, view }));
});

app.action<BlockAction<ButtonAction>>(ACTION.acknowledge, async ({ ack, body, action, client }) => {
  await ack();
  if (!(await store.acknowledge(action.value ?? "", body.user.id, Date.now()))) return;
  counts.rowsWritten++;
  const channel = body.channel?.id;
  const ts = body.message?.ts;
  if (channel && ts) await calling(client.chat.update({ channel, ts, text: `Acknowledged by <@${body.user.id}>`, blocks: [] }));
});

app.view(CALLBACK.escalationModal, async ({ ack, body, view, client }) => {
  const created = await store.open(view.id, body.user.id, JSON.stringify(view.state.values), Date.now());
  await ack();
  if (!created) return;
  counts.rowsWritten++;
  const summary = view.state.values[ESCALATION_FIELD.summary]?.[ESCALATION_FIELD.summary]?.value ?? "";
  await calling(client.chat.postMessage({ channel: ESCALATIONS_CHANNEL, text: `New escalation from <@${body.user.id}>: ${userText(summary)}` }));
});

app.error(async (error) => {
  logger.error("same-work anchor:", error);
});
const server = (await app.start(0)) as Server;

serveParent(
  {
    counts: () => {
      const taken = { ...counts };
      Object.assign(counts, { rowsWritten: 0, slackCalls: 0, slackFailures: 0 });
      return taken;
    },
  },
  { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${EVENTS_PATH}` } satisfies AnchorReady,
  () => app.stop(),
);
