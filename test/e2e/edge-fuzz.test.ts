import { createHash } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { HTTPModuleFunctions } from "@slack/bolt";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connection.js";
import { ACTION, CALLBACK, checklistBlockId, ESCALATE_FIELD as E, LIFT_FIELD as L, RESOLVE_FIELD as R, UPDATE_FIELD as U } from "../../src/slack/ids.js";
import { checkPayload } from "../../src/slack/payload-schemas.js";
import { selectSql } from "../support/db.js";
import { eventually } from "../support/eventually.js";
import { escalationSubmission, SIGNING_SECRET, startHarness, type Harness } from "../support/harness.js";
import { encode, mutate, prng, rawMutation, type Encoding } from "../support/payload-mutations.js";
import { signedMetadata, signedRef } from "../support/refs.js";
import { blockAction, signedHeaders, slashCommandFields, viewSubmission } from "../support/signed-request.js";
import { BOT_USER_ID, TEST_APP_ID, TEST_TEAM_ID } from "../support/test-slack.js";

/**
 * The edge under fire: thousands of correctly signed mutations of every payload type the app
 * receives (commands, clicks on each of its buttons, each of its forms, closed forms, shortcuts,
 * message shortcuts, the events it subscribes to or soon will, URL verification, types it does not
 * take) and bodies that are no payload at all. Every one is answered within 1 s, none with a 5xx,
 * and those the edge refuses change nothing in the database and each leave one log line.
 */

const SEED = 20_240_601;
const MUTATIONS_PER_BASE = 100;
const RAW_PER_BASE = 8;
const CONCURRENCY = 8;
const MAX_MS = 1_000;

interface Base {
  name: string;
  encoding: Encoding;
  body: object;
}

const team = { id: TEST_TEAM_ID, domain: "sandbox" };
const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEST_TEAM_ID });
const text = (id: string, value: string) => ({ [id]: { [id]: { type: "plain_text_input", value } } });
const select = (id: string, value: string) => ({ [id]: { [id]: { type: "static_select", selected_option: { text: { type: "plain_text", text: value }, value } } } });
const envelope = (event: Record<string, unknown>) => ({
  token: "x",
  team_id: TEST_TEAM_ID,
  api_app_id: TEST_APP_ID,
  type: "event_callback",
  event_id: "Ev0BASE",
  event_time: 1_700_000_000,
  authorizations: [{ enterprise_id: null, team_id: TEST_TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
  event: { event_ts: "1700000000.000200", ...event },
});

/** A valid request of every kind the app receives, aimed at escalation 1 posted at `place`. */
function bases(h: Harness, place: { channel: string; ts: string }): Base[] {
  const ref = signedRef(h);
  const at = { channelId: place.channel, messageTs: place.ts, userId: "U0ENG", blockId: "escalation_actions" };
  const button = (actionId: string, value = ref) => blockAction({ actionId, value, ...at });
  const withAction = (actionId: string, action: Record<string, unknown>, blockId = "escalation_actions") => {
    const body = blockAction({ actionId, value: "", ...at });
    return { ...body, actions: [{ ...body.actions[0], ...action, block_id: blockId }] };
  };
  const option = (value: string) => ({ text: { type: "plain_text", text: value }, value });
  const form = (callbackId: string, values: object) => viewSubmission({ callbackId, values: values as never, privateMetadata: signedMetadata(h), userId: "U0ENG", viewId: "V0FORM" });
  const modalClick = { ...button("escalation_some_new_action"), container: { type: "view", view_id: "V0FORM" }, channel: undefined, message: undefined, view: form(CALLBACK.updateModal, {}).view };
  const level = h.bot.policy.levels.at(-1)!.id;
  const message = { type: "message", channel: place.channel, user: "U0AGENT", text: "Any news on the upload bug?", ts: "1700000001.000100", channel_type: "channel" };
  const command = (commandText: string) => slashCommandFields({ text: commandText, response_url: h.fake.responseUrl, channel_id: place.channel });
  return [
    ...["", "help", "list", "ESC-0001", "Acme Corp photo uploads fail with 503"].map((t, i): Base => ({ name: `command#${i}`, encoding: "form", body: { ...command(t) } })),
    ...[ACTION.acknowledge, ACTION.resolve, ACTION.postUpdate, ACTION.escalate, ACTION.retryDelivery, ACTION.liftRestriction, ACTION.openThread, "escalation_some_new_action"].map(
      (id): Base => ({ name: `block_actions:${id}`, encoding: "payload", body: button(id) }),
    ),
    { name: `block_actions:${ACTION.snooze}`, encoding: "payload", body: withAction(ACTION.snooze, { type: "static_select", selected_option: option(`${ref}:60`) }) },
    { name: `block_actions:${ACTION.checklist}`, encoding: "payload", body: withAction(ACTION.checklist, { type: "checkboxes", selected_options: [] }, checklistBlockId(ref)) },
    { name: "block_actions:in_a_modal", encoding: "payload", body: modalClick },
    { name: `view_submission:${CALLBACK.escalationModal}`, encoding: "payload", body: escalationSubmission({}, { viewId: "V0NEWESC" }) },
    { name: `view_submission:${CALLBACK.updateModal}`, encoding: "payload", body: form(CALLBACK.updateModal, { ...select(U.status, "investigating"), ...text(U.done, "Restarted the upload workers") }) },
    { name: `view_submission:${CALLBACK.escalateModal}`, encoding: "payload", body: form(CALLBACK.escalateModal, { ...select(E.level, level), ...text(E.reason, "Needs the platform team") }) },
    { name: `view_submission:${CALLBACK.resolveModal}`, encoding: "payload", body: form(CALLBACK.resolveModal, { ...text(R.resolution, "Fixed"), ...text(R.rootCause, "A full disk") }) },
    { name: `view_submission:${CALLBACK.liftRestrictionModal}`, encoding: "payload", body: form(CALLBACK.liftRestrictionModal, { ...text(L.reason, "Not a security matter") }) },
    { name: "view_submission:some_new_form", encoding: "payload", body: form("some_new_form", {}) },
    { name: "view_closed", encoding: "payload", body: { type: "view_closed", team, user: user("U0ENG"), api_app_id: TEST_APP_ID, is_cleared: false, view: form(CALLBACK.updateModal, {}).view } },
    { name: "shortcut", encoding: "payload", body: { type: "shortcut", token: "x", action_ts: "1700000002.000001", team, user: user("U0AGENT"), callback_id: "open_escalation", trigger_id: "trig-shortcut" } },
    {
      name: "message_action",
      encoding: "payload",
      body: {
        type: "message_action",
        token: "x",
        action_ts: "1700000002.000002",
        team,
        user: user("U0AGENT"),
        channel: { id: place.channel, name: "fleet-support" },
        callback_id: "escalate_message",
        trigger_id: "trig-message-action",
        message_ts: message.ts,
        message: { type: "message", user: "U0AGENT", ts: message.ts, text: message.text },
        response_url: h.fake.responseUrl,
      },
    },
    { name: "event:channel_created", encoding: "json", body: envelope({ type: "channel_created", channel: { id: "C0NEW", name: "incident-room", created: 1_700_000_000, creator: "U0AGENT" } }) },
    { name: "event:member_joined_channel", encoding: "json", body: envelope({ type: "member_joined_channel", user: BOT_USER_ID, channel: "C0NEW", channel_type: "C", team: TEST_TEAM_ID }) },
    { name: "event:message", encoding: "json", body: envelope(message) },
    { name: "event:message_thread_reply", encoding: "json", body: envelope({ ...message, ts: "1700000003.000100", thread_ts: place.ts, parent_user_id: BOT_USER_ID }) },
    { name: "event:message_bot_message", encoding: "json", body: envelope({ type: "message", subtype: "bot_message", channel: place.channel, bot_id: "B0OTHER", text: "Deploy finished", ts: "1700000004.000100" }) },
    {
      name: "event:message_changed",
      encoding: "json",
      body: envelope({ type: "message", subtype: "message_changed", hidden: true, channel: place.channel, ts: "1700000005.000100", message: { ...message, text: "edited" }, previous_message: message }),
    },
    { name: "event:app_home_opened", encoding: "json", body: envelope({ type: "app_home_opened", user: "U0AGENT", channel: "D0AGENT", tab: "home" }) },
    { name: "event:reaction_added", encoding: "json", body: envelope({ type: "reaction_added", user: "U0AGENT", reaction: "eyes", item: { type: "message", channel: place.channel, ts: place.ts } }) },
    { name: "url_verification", encoding: "json", body: { token: "x", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" } },
    { name: "unknown:app_rate_limited", encoding: "json", body: { token: "x", type: "app_rate_limited", team_id: TEST_TEAM_ID, minute_rate_limited: 1_700_000_000, api_app_id: TEST_APP_ID } },
    { name: "unknown:block_suggestion", encoding: "payload", body: { type: "block_suggestion", user: user("U0AGENT"), team, action_id: "x", block_id: "y", value: "ac" } },
  ];
}

/** What Slack would not send twice: each request gets its own, so repeats do not hide behind the receipts. */
function freshIds(body: object, n: number): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, any>;
  if (typeof copy.trigger_id === "string") copy.trigger_id = `trig-fuzz-${n}`;
  if (typeof copy.event_id === "string") copy.event_id = `EvFUZZ${n}`;
  if (copy.actions?.[0]?.action_ts) copy.actions[0].action_ts = `${1_700_000_000 + n}.000001`;
  if (copy.view?.hash && copy.type === "view_submission") copy.view.hash = `h${n}`;
  return copy;
}

type Expected = "unreadable" | "refused" | "challenge" | "accepted";
interface Request {
  name: string;
  body: string;
  contentType: string;
  expected: Expected;
}

/** What the edge must make of a body: parsed the way Bolt parses it, then judged by the edge's own rules. */
function expectation(body: string, contentType: string): Expected {
  let parsed: unknown;
  try {
    parsed = HTTPModuleFunctions.parseHTTPRequestBody({ rawBody: Buffer.from(body), headers: { "content-type": contentType } } as never);
  } catch {
    return "unreadable";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "unreadable";
  if ((parsed as { type?: unknown }).type === "url_verification") return "challenge";
  return checkPayload(parsed).ok ? "accepted" : "refused";
}

const request = (name: string, sent: { body: string; contentType: string }): Request => ({ name, ...sent, expected: expectation(sent.body, sent.contentType) });

/** Each base as it is, then its mutations and raw breakages, the same on every run. */
function requests(all: readonly Base[]): Request[] {
  const rand = prng(SEED);
  const out: Request[] = [];
  let n = 0;
  for (const base of all) {
    out.push(request(base.name, encode(base.encoding, freshIds(base.body, n++))));
    for (let i = 0; i < MUTATIONS_PER_BASE; i++) out.push(request(`${base.name}~${i}`, encode(base.encoding, mutate(rand, freshIds(base.body, n++), { stringsOnly: base.encoding === "form" }))));
    for (let i = 0; i < RAW_PER_BASE; i++) out.push(request(`${base.name}~raw${i}`, rawMutation(rand, base.encoding, freshIds(base.body, n++))));
  }
  return out;
}

interface Answered extends Request {
  status: number;
  reply: string;
  ms: number;
}

/**
 * Sends `list`, CONCURRENCY at a time, each signed as Slack signs it. New connections for each batch:
 * one left idle while the test built its requests may have been closed by the server by now.
 */
async function sendAll(url: string, list: readonly Request[]): Promise<Answered[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const answered: Answered[] = [];
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const r = list[next++]!;
      const started = performance.now();
      const { status, reply } = await post(agent, url, r.body, { ...signedHeaders(SIGNING_SECRET, r.body), "content-type": r.contentType });
      answered.push({ ...r, status, reply, ms: performance.now() - started });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return answered;
}

/** Status 0 when the server dropped the connection or never answered: the worst outcome. */
function post(agent: Agent, url: string, body: string, headers: Record<string, string>): Promise<{ status: number; reply: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, reply: Buffer.concat(chunks).toString() }));
      res.on("error", (err) => resolve({ status: 0, reply: String(err) }));
    });
    req.on("error", (err) => resolve({ status: 0, reply: String(err) }));
    // Slack gives up after 3 s; a request still unanswered after 5 s never will be.
    req.setTimeout(5_000, () => req.destroy(new Error("no answer within 5 s")));
    req.end(body);
  });
}

/** Row count and a digest of the rows of every table (the delivery thread's leases: count only, it renews them). */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  return db.read(async (tx) => {
    const tables =
      db.engine === "sqlite"
        ? await selectSql<{ name: string }>(tx, sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
        : await selectSql<{ name: string }>(tx, sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`);
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const rows = await selectSql<Record<string, unknown>>(tx, sql.raw(`SELECT * FROM "${name}"`));
      const content = name === "leases" ? "" : rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v))).sort().join("\n");
      out[name] = `${rows.length} rows, ${createHash("sha256").update(content).digest("hex").slice(0, 16)}`;
    }
    return out;
  });
}

/**
 * Once every listener still at work after its ack is done (each settles its request's receipt when
 * it ends: Retry delivery waits up to 4 s for its outcome) and what they queued is delivered.
 */
async function quiet(h: Harness): Promise<void> {
  const unfinished = sql`SELECT count(*) AS n FROM request_receipts WHERE CAST(outcome AS TEXT) NOT LIKE '%"answered"%'`;
  await eventually(async () => Number((await h.bot.db.read((tx) => selectSql<{ n: number | string }>(tx, unfinished)))[0]!.n) === 0, "the listeners to finish", 30_000);
  await h.bot.deliverer.drain();
}

/** The edge's lines, and Bolt's own for JSON it cannot parse. */
const EDGE_LINE = /request\.(malformed|unknown|unreadable)|Malformed request body/;

let h: Harness;
let place: { channel: string; ts: string };
beforeAll(async () => {
  h = await startHarness({ fake: { users: [{ id: "U0AGENT" }, { id: "U0ENG" }] } });
  // One open escalation, posted: what a click or form that got through could change.
  await h.slack.interaction(escalationSubmission());
  await h.bot.deliverer.drain();
  const esc = await h.bot.escalations.get(1);
  place = { channel: esc!.messageChannelId!, ts: esc!.messageTs! };
});
afterAll(async () => {
  await h?.stop();
});

describe("the edge under thousands of signed mutations", () => {
  it("answers every one within 1 s, never 5xx, and what it refuses changes nothing and is logged", { timeout: 180_000 }, async () => {
    const all = bases(h, place);
    for (const base of all) {
      const unknown = base.name.startsWith("unknown:") || base.name === "url_verification";
      expect(checkPayload(base.body), base.name).toMatchObject({ ok: !unknown });
    }
    const list = requests(all);
    const url = `${h.baseUrl}/slack/events`;
    const started = performance.now();

    // Warm first, as a running app is: the first requests of a kind compile what later ones reuse
    // (the playbook's phrase patterns cost a few hundred ms on the first text, and again on the
    // first beyond Latin-1). Only their status is checked.
    const command = all.find((b) => b.name === "command#0")!;
    const warm = [...all, ...all, { ...command, body: { ...command.body, text: "Acme 💥 photo uploads fail" } }];
    const warmed = await sendAll(url, warm.map((b, i) => request(b.name, encode(b.encoding, freshIds(b.body, 1e6 + i)))));
    expect(warmed.filter((a) => a.status === 0 || a.status >= 500)).toEqual([]);
    await quiet(h);

    // Refused first, against a database with one live escalation whose buttons and forms they imitate.
    const refused = list.filter((r) => r.expected !== "accepted");
    const before = await fingerprint(h.bot.db);
    const linesBefore = h.logs.filter((l) => EDGE_LINE.test(l)).length;
    const refusedAnswers = await sendAll(url, refused);
    await quiet(h);
    expect(await fingerprint(h.bot.db)).toEqual(before);
    // One line each, except URL verification, which Bolt answers itself.
    expect(h.logs.filter((l) => EDGE_LINE.test(l)).length - linesBefore).toBe(refused.filter((r) => r.expected !== "challenge").length);

    const acceptedAnswers = await sendAll(url, list.filter((r) => r.expected === "accepted"));
    const answers = [...refusedAnswers, ...acceptedAnswers];
    const slowest = answers.reduce((a, b) => (b.ms > a.ms ? b : a));
    const count = (e: Expected) => answers.filter((a) => a.expected === e).length;
    const figures = {
      requests: answers.length,
      accepted: count("accepted"),
      refused: count("refused"),
      unreadable: count("unreadable"),
      maxMs: Math.round(slowest.ms),
      p99Ms: Math.round(answers.map((a) => a.ms).sort((a, b) => a - b)[Math.floor(answers.length * 0.99)]!),
      status5xx: answers.filter((a) => a.status >= 500).length,
      seconds: Math.round((performance.now() - started) / 1000),
    };
    console.info(`edge fuzz: ${JSON.stringify(figures)}`);

    expect(answers.length).toBeGreaterThan(3_500);
    // A fuzz that everything passes (or nothing does) would prove little.
    expect(figures.accepted).toBeGreaterThan(answers.length * 0.1);
    expect(figures.refused).toBeGreaterThan(answers.length * 0.3);
    expect(answers.filter((a) => a.status >= 500 || a.status === 0).map((a) => `${a.name}: ${a.status} ${a.reply.slice(0, 80)}`)).toEqual([]);
    expect(slowest.ms, `slowest: ${slowest.name}`).toBeLessThan(MAX_MS);
    const wrong = answers.filter((a) => {
      if (a.expected === "unreadable") return a.status !== 400;
      if (a.expected === "refused") return a.status !== 200 || a.reply !== "";
      return a.status !== 200;
    });
    expect(wrong.slice(0, 5).map((a) => `${a.name} (${a.expected}): ${a.status} ${a.reply.slice(0, 80)}`)).toEqual([]);
    // Nothing that got through broke Bolt's routing or a listener.
    expect(h.logs.filter((l) => /request\.failed|unhandled listener error|An unhandled error/.test(l)).slice(0, 5)).toEqual([]);
  });
});
