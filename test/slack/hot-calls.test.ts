import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTENER_RETRY_CONFIG } from "../../src/slack/app.js";
import { classifyDeliveryError, isUnreachableChannel } from "../../src/slack/delivery-error.js";
import { deliveryClient } from "../../src/slack/delivery-setup.js";
import { HotCaller, useHotCalls } from "../../src/slack/hot-calls.js";
import { reportingSlackErrors } from "../../src/slack/slack-error-reporting.js";
import { slackLogger, type SlackLogger } from "../../src/slack/slack-logger.js";
import { captureLogs } from "../support/log-capture.js";
import { startTestSlack, type Fault, type SlackEmulator } from "../support/test-slack.js";

/**
 * The hot-call path against a local fake Slack (real HTTP) that answers as scripted: each fault
 * is met once by @slack/web-api's WebClient configured as the bot configured it before, once by the
 * client the bot uses now, and both must come out the same (the error, its class and fields, how
 * delivery-error.ts classifies it, the metrics reports, the attempts, the log lines), and as expected.
 */

const TOKEN = "xoxb-hot-calls-test";
const TEAM = "T0HOT";

type Answer = { status: number; body: string; headers?: Record<string, string> } | "hang" | "drop";
interface Seen {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };
const json = (body: object, headers: Record<string, string> = {}): Answer => ({ status: 200, body: JSON.stringify(body), headers: { ...JSON_TYPE, ...headers } });

/** Answers the scripted answers in turn (the last one again once they run out) and notes each request. */
class FakeSlack {
  readonly seen: Seen[] = [];
  private answers: Answer[] = [];
  private readonly hung = new Set<ServerResponse>();
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeSlack> {
    const fake: FakeSlack = new FakeSlack(createServer((req, res) => fake.handle(req.url ?? "", req.headers, req, res)));
    await new Promise<void>((r) => fake.server.listen(0, "127.0.0.1", r));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  script(...answers: Answer[]): void {
    this.answers = answers;
    this.seen.length = 0;
  }

  private handle(url: string, headers: IncomingHttpHeaders, req: NodeJS.ReadableStream, res: ServerResponse): void {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      this.seen.push({ method: url.replace(/^\/api\//, ""), headers, body });
      const answer = (this.answers.length > 1 ? this.answers.shift() : this.answers[0]) ?? json({ ok: true });
      if (answer === "drop") return void res.socket?.destroy();
      if (answer === "hang") return void this.hung.add(res);
      // No Date header: the two clients' answers must be byte for byte the same.
      res.sendDate = false;
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/** Whatever a call ended with, in the terms the bot's code reads it. */
interface Outcome {
  result?: unknown;
  error?: Record<string, unknown>;
  classified?: unknown;
  unreachable?: boolean;
  reports: string[];
  attempts: number;
  logs: { level: number; msg: unknown }[];
}

function describeError(err: unknown): Record<string, unknown> {
  const e = err as Record<string, unknown> & Error;
  const original = e.original as Error | undefined;
  return {
    class: e.constructor.name,
    message: e.message,
    code: e.code,
    data: e.data,
    retryAfter: e.retryAfter,
    statusCode: e.statusCode,
    statusMessage: e.statusMessage,
    headers: e.headers,
    body: e.body,
    original: original ? { class: original.constructor.name, name: original.name, message: original.message } : undefined,
    attemptNumber: e.attemptNumber,
    retriesLeft: e.retriesLeft,
  };
}

type Config = "listener" | "deliverer";
type Kind = "web-api" | "hot-calls";

/**
 * The listeners' client (Bolt's clientOptions, the team id) or the deliverer's (deliveryClient),
 * as `web-api` (before) or `hot-calls` (now), with its log lines and metrics reports kept.
 */
function client(config: Config, kind: Kind, url: string, timeoutMs = 10_000) {
  const reports: string[] = [];
  const onError = (method: string, code: string) => reports.push(`${method} ${code}`);
  const logs = captureLogs("info");
  const logger = slackLogger(logs.logger, config === "listener" ? "bolt" : "web-api");
  let c: WebClient;
  if (config === "listener") {
    c = new WebClient(TOKEN, { slackApiUrl: url, logger, retryConfig: LISTENER_RETRY_CONFIG, rejectRateLimitedCalls: true, fetch: reportingSlackErrors(url, onError), teamId: TEAM });
    if (kind === "hot-calls") useHotCalls(c, new HotCaller({ token: TOKEN, teamId: TEAM, slackApiUrl: url, retryConfig: LISTENER_RETRY_CONFIG, logger, onError }));
  } else if (kind === "hot-calls") {
    c = deliveryClient({ slackBotToken: TOKEN, slackApiUrl: url }, { logger: logs.logger, onSlackError: onError }, timeoutMs);
  } else {
    // src/slack/delivery-setup.ts before the hot-call path.
    c = new WebClient(TOKEN, { slackApiUrl: url, logger, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: timeoutMs, fetch: reportingSlackErrors(url, onError) });
  }
  return { client: c, reports, logs };
}

const CALLS: Record<string, (c: WebClient) => Promise<unknown>> = {
  "views.open": (c) => c.views.open({ trigger_id: "1.2.abc", view: { type: "modal", title: { type: "plain_text", text: "Escalate" }, blocks: [] } }),
  "chat.postMessage": (c) => c.chat.postMessage({ channel: "C0TIER2", text: "ESC-0001 opened", blocks: [{ type: "section", text: { type: "mrkdwn", text: "*ESC-0001*" } }] }),
  "chat.update": (c) => c.chat.update({ channel: "C0TIER2", ts: "1700000000.000100", text: "ESC-0001 acknowledged" }),
};

let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(() => fake.stop());

async function outcome(config: Config, kind: Kind, method: string, answers: Answer[], url = fake.url, timeoutMs?: number): Promise<Outcome> {
  fake.script(...answers);
  const { client: c, reports, logs } = client(config, kind, url, timeoutMs);
  const out: Outcome = { reports, attempts: 0, logs: [] };
  try {
    out.result = await CALLS[method]!(c);
  } catch (err) {
    out.error = describeError(err);
    out.classified = classifyDeliveryError(err);
    out.unreachable = isUnreachableChannel(err);
  }
  out.attempts = fake.seen.length;
  out.logs = logs.json.map((line) => JSON.parse(line) as { level: number; msg: unknown; name: string }).map(({ level, msg }) => ({ level, msg }));
  return out;
}

/** The same call through both clients: they must agree; returns the hot-call path's outcome. */
async function bothAgree(config: Config, method: string, answers: Answer[], opts: { url?: string; timeoutMs?: number } = {}): Promise<Outcome> {
  const before = await outcome(config, "web-api", method, answers, opts.url, opts.timeoutMs);
  const now = await outcome(config, "hot-calls", method, answers, opts.url, opts.timeoutMs);
  expect(now).toEqual(before);
  // And it was the hot-call path that answered (the client form-encodes).
  for (const seen of fake.seen) expect(seen.headers["content-type"]).toBe("application/json; charset=utf-8");
  return now;
}

describe("the hot-call path fails as the Web API client did", () => {
  it("returns Slack's answer with the same response_metadata", async () => {
    const answer = json({ ok: true, channel: "C0TIER2", ts: "1700000000.000200", message: { text: "ESC-0001 opened" } }, { "x-oauth-scopes": "chat:write, commands", "retry-after": "2" });
    const out = await bothAgree("deliverer", "chat.postMessage", [answer]);
    expect(out.result).toEqual({
      ok: true,
      channel: "C0TIER2",
      ts: "1700000000.000200",
      message: { text: "ESC-0001 opened" },
      response_metadata: { scopes: ["chat:write", "commands"], retryAfter: 2 },
    });
    expect(out.reports).toEqual([]);
  });

  it.each([
    ["channel_not_found", { retry: true, code: "channel_not_found", waitsForChannel: true }, true],
    ["invalid_auth", { retry: true, code: "invalid_auth", auth: true }, false],
    ["token_revoked", { retry: true, code: "token_revoked", auth: true }, false],
    ["internal_error", { retry: true, code: "internal_error" }, false],
    ["invalid_blocks", { retry: false, code: "invalid_blocks" }, false],
  ])("Slack's ok:false %s is a platform error with data.error, not retried", async (code, classified, unreachable) => {
    for (const config of ["listener", "deliverer"] as const) {
      const out = await bothAgree(config, "chat.postMessage", [json({ ok: false, error: code })]);
      expect(out.error).toMatchObject({ class: "WebAPIPlatformError", code: "slack_webapi_platform_error", data: { ok: false, error: code } });
      expect(out.classified).toEqual(classified);
      expect(out.unreachable).toBe(unreachable);
      expect(out.attempts).toBe(1);
      expect(out.reports).toEqual([`chat.postMessage ${code}`]);
    }
  });

  it("logs Slack's warnings and [ERROR]/[WARN] messages from response_metadata the same way", async () => {
    const answer = json({ ok: false, error: "invalid_arguments", response_metadata: { warnings: ["missing_charset"], messages: ["[ERROR] must provide a string [json-pointer:/text]", "[WARN] odd"] } });
    const out = await bothAgree("deliverer", "chat.update", [answer]);
    expect(out.logs).toEqual([
      // The client hands logger.warn to forEach, so the index and the list come along.
      { level: 40, msg: 'missing_charset 0 ["missing_charset"]' },
      { level: 50, msg: "must provide a string [json-pointer:/text]" },
      { level: 40, msg: "odd" },
    ]);
    expect(out.error).toMatchObject({ class: "WebAPIPlatformError", data: { error: "invalid_arguments" } });
  });

  it("a 429 with Retry-After is a rate-limited error at once, for the caller to retry later", async () => {
    for (const config of ["listener", "deliverer"] as const) {
      const out = await bothAgree(config, "views.open", [{ status: 429, body: '{"ok":false,"error":"ratelimited"}', headers: { ...JSON_TYPE, "retry-after": "7" } }]);
      expect(out.error).toMatchObject({ class: "WebAPIRateLimitedError", code: "slack_webapi_rate_limited_error", retryAfter: 7 });
      expect(out.classified).toEqual({ retry: true, code: "ratelimited", retryAfterMs: 7_000 });
      expect(out.attempts).toBe(1);
      expect(out.reports).toEqual(["views.open ratelimited"]);
    }
  });

  it("a 429 without a usable Retry-After is the client's plain error, not retried", async () => {
    const out = await bothAgree("listener", "views.open", [{ status: 429, body: "slow down", headers: { "content-type": "text/plain", "retry-after": "soon" } }]);
    expect(out.error).toMatchObject({ class: "Error", message: `Retry header did not contain a valid timeout (url: ${fake.url}views.open, retry-after header: soon)` });
    expect(out.attempts).toBe(1);
  });

  it("a 5xx is an HTTP error after the listener's two quick retries, with p-retry's backoff", async () => {
    const started = Date.now();
    const out = await bothAgree("listener", "views.open", [{ status: 503, body: '{"ok":false,"error":"service_unavailable"}', headers: { ...JSON_TYPE, "x-slack-req-id": "abc" } }]);
    // 200 ms, then 300 ms (factor 1.5), for each of the two clients.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 500 - 20);
    expect(out.error).toMatchObject({ class: "WebAPIHTTPError", statusCode: 503, statusMessage: "Service Unavailable", body: { ok: false, error: "service_unavailable" }, attemptNumber: 3, retriesLeft: 0 });
    expect((out.error!.headers as Record<string, string>)["x-slack-req-id"]).toBe("abc");
    expect(out.classified).toEqual({ retry: true, code: "http_503" });
    expect(out.attempts).toBe(3);
    expect(out.reports).toEqual(["views.open http_503", "views.open http_503", "views.open http_503"]);
  });

  it("a 5xx then an answer succeeds on the retry; the deliverer does not retry", async () => {
    const flaky: Answer[] = [{ status: 500, body: "oops", headers: { "content-type": "text/plain" } }, json({ ok: true, view: { id: "V1" } })];
    const listener = await bothAgree("listener", "views.open", flaky);
    expect(listener.result).toEqual({ ok: true, view: { id: "V1" }, response_metadata: {} });
    expect(listener.attempts).toBe(2);
    expect(listener.reports).toEqual(["views.open http_500"]);
    const deliverer = await bothAgree("deliverer", "chat.postMessage", flaky);
    expect(deliverer.error).toMatchObject({ class: "WebAPIHTTPError", statusCode: 500, body: "oops" });
    expect(deliverer.attempts).toBe(1);
  });

  it("an answer that is not JSON is a platform error whose error is the body", async () => {
    const out = await bothAgree("deliverer", "chat.postMessage", [{ status: 200, body: "<html>bad gateway</html>", headers: { "content-type": "text/html" } }]);
    expect(out.error).toMatchObject({ class: "WebAPIPlatformError", data: { ok: false, error: "<html>bad gateway</html>", response_metadata: {} } });
    expect(out.classified).toEqual({ retry: false, code: "<html>bad gateway</html>" });
    expect(out.reports).toEqual([]);
    const cut = await bothAgree("deliverer", "chat.postMessage", [{ status: 200, body: '{"ok":tr', headers: JSON_TYPE }]);
    expect(cut.error).toMatchObject({ class: "WebAPIPlatformError", data: { error: '{"ok":tr' } });
  });

  it("a dropped connection is a request error, retried, then given up", async () => {
    const out = await bothAgree("listener", "chat.update", ["drop"]);
    expect(out.error).toMatchObject({ class: "WebAPIRequestError", code: "slack_webapi_request_error", original: { class: "TypeError", message: "fetch failed" }, attemptNumber: 3 });
    expect(out.classified).toEqual({ retry: true, code: "network: fetch failed" });
    expect(out.attempts).toBe(3);
    expect(out.reports).toEqual(["chat.update network", "chat.update network", "chat.update network"]);
    expect(out.logs).toEqual(Array.from({ length: 3 }, () => ({ level: 40, msg: "http request failed fetch failed" })));
  });

  it("no server at SLACK_API_URL is a request error", async () => {
    const closed = await FakeSlack.start();
    const url = closed.url;
    await closed.stop();
    const out = await bothAgree("deliverer", "chat.postMessage", [json({ ok: true })], { url });
    expect(out.error).toMatchObject({ class: "WebAPIRequestError", original: { message: "fetch failed" } });
    expect(out.reports).toEqual(["chat.postMessage network"]);
  });

  it("a redirect is refused as fetch refused it", async () => {
    const out = await bothAgree("deliverer", "chat.update", [{ status: 302, body: "", headers: { location: "https://elsewhere.example/api/chat.update" } }]);
    expect(out.error).toMatchObject({ class: "WebAPIRequestError", original: { message: "fetch failed" } });
  });

  it("a hung call fails after the deliverer's timeout, as a TimeoutError", async () => {
    const started = Date.now();
    const out = await bothAgree("deliverer", "chat.postMessage", ["hang"], { timeoutMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 300 - 20);
    expect(out.error).toMatchObject({ class: "WebAPIRequestError", original: { class: "DOMException", name: "TimeoutError", message: "The operation was aborted due to timeout" } });
    expect(out.classified).toEqual({ retry: true, code: "network: The operation was aborted due to timeout" });
    expect(out.reports).toEqual(["chat.postMessage timeout"]);
  });
});

describe("what the hot-call path sends", () => {
  it("the arguments as JSON with the team id, the token as a bearer header, the client's User-Agent", async () => {
    fake.script(json({ ok: true, view: { id: "V1" } }));
    const { client: web } = client("listener", "web-api", fake.url);
    await CALLS["views.open"]!(web);
    const { client: hot } = client("listener", "hot-calls", fake.url);
    await CALLS["views.open"]!(hot);
    const [before, now] = fake.seen;
    expect(now!.method).toBe("views.open");
    expect(now!.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(now!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(now!.headers["user-agent"]).toBe(before!.headers["user-agent"]);
    expect(JSON.parse(now!.body)).toEqual({ team_id: TEAM, trigger_id: "1.2.abc", view: { type: "modal", title: { type: "plain_text", text: "Escalate" }, blocks: [] } });
    // The same arguments the client form-encoded.
    const form = Object.fromEntries(new URLSearchParams(before!.body));
    expect({ ...form, view: JSON.parse(form.view!) }).toEqual(JSON.parse(now!.body));
  });

  it("a token given with the call is the one sent, in the header only", async () => {
    fake.script(json({ ok: true }));
    const { client: hot } = client("deliverer", "hot-calls", fake.url);
    await hot.chat.postMessage({ channel: "C1", text: "hi", token: "xoxb-other-workspace", thread_ts: undefined });
    expect(fake.seen[0]!.headers.authorization).toBe("Bearer xoxb-other-workspace");
    expect(JSON.parse(fake.seen[0]!.body)).toEqual({ channel: "C1", text: "hi" });
  });

  it("reuses its connections", async () => {
    fake.script(json({ ok: true }));
    const { client: hot } = client("deliverer", "hot-calls", fake.url);
    for (let i = 0; i < 5; i++) await CALLS["chat.update"]!(hot);
    expect(new Set(fake.seen.map((s) => s.headers.connection))).toEqual(new Set(["keep-alive"]));
    const ports = new Set<number>();
    const server = (fake as unknown as { server: Server }).server;
    const onConnection = (socket: { remotePort?: number }) => ports.add(socket.remotePort!);
    server.on("connection", onConnection);
    await Promise.all(Array.from({ length: 3 }, () => CALLS["chat.update"]!(hot)));
    for (let i = 0; i < 5; i++) await CALLS["chat.update"]!(hot);
    server.off("connection", onConnection);
    // Three in flight need at most three connections, however many calls follow.
    expect(ports.size).toBeLessThanOrEqual(3);
  });
});

describe("its log lines", () => {
  /** A logger that fails the call if anything is logged at debug: the level is info. */
  const strictInfo = (): SlackLogger & { debugCalls: number } => {
    const l = {
      debugCalls: 0,
      debug: () => {
        l.debugCalls++;
      },
      info: () => {},
      warn: () => {},
      error: () => {},
      setLevel: () => {},
      getLevel: () => "info" as ReturnType<SlackLogger["getLevel"]>,
      setName: () => {},
    };
    return l;
  };

  it("builds no debug line at info", async () => {
    fake.script(json({ ok: true, view: { id: "V1" } }));
    const logger = strictInfo();
    const hot = useHotCalls(new WebClient(TOKEN, { slackApiUrl: fake.url, logger: strictInfo() }), new HotCaller({ token: TOKEN, slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger }));
    await CALLS["views.open"]!(hot);
    expect(logger.debugCalls).toBe(0);
  });

  it("at debug, says what it sent and got with tokens and typed text redacted", async () => {
    fake.script(json({ ok: true, channel: "C1", ts: "1.5", message: { text: "Globex breach" } }));
    const logs = captureLogs("debug");
    const logger = slackLogger(logs.logger, "web-api");
    logger.setLevel("debug" as Parameters<SlackLogger["setLevel"]>[0]);
    const hot = useHotCalls(new WebClient(TOKEN, { slackApiUrl: fake.url, logger }), new HotCaller({ token: TOKEN, slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger }));
    await hot.chat.postMessage({ channel: "C1", text: "Globex breach", token: "xoxb-other-workspace" });
    const text = [...logs.json, ...logs.lines].join("\n");
    expect(text).toContain("apiCall('chat.postMessage') start");
    expect(text).toContain("http request body");
    expect(text).toContain("http request result");
    expect(text).not.toMatch(/xoxb-|Globex/);
  });
});

describe("against the emulator, over HTTP", () => {
  let slack: SlackEmulator;
  beforeAll(async () => {
    slack = await startTestSlack();
  });
  afterAll(() => slack.stop());

  /** The client as each path builds it, on the emulator; `c.call` as the bot's code calls it. */
  const both = (config: Config) => ({ "web-api": client(config, "web-api", slack.url), "hot-calls": client(config, "hot-calls", slack.url) });
  /** An answer with what differs between two calls (ids, timestamps) blanked. */
  const shape = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (key, v: unknown) => (["ts", "id", "view_id", "hash", "root_view_id", "event_ts", "trigger_id"].includes(key) && typeof v === "string" ? "*" : v));

  it("opens the form with a fresh trigger id, once, as the client does", async () => {
    const clients = both("listener");
    const answers: Record<Kind, unknown[]> = { "web-api": [], "hot-calls": [] };
    for (const kind of ["web-api", "hot-calls"] as const) {
      const trigger = slack.views.issueTrigger("U0AGENT");
      const open = () => clients[kind].client.views.open({ trigger_id: trigger, view: { type: "modal", callback_id: "escalation", title: { type: "plain_text", text: "Escalate" }, blocks: [] } });
      answers[kind].push(await open());
      // A trigger id is good once.
      answers[kind].push(describeError(await open().catch((e: unknown) => e)));
    }
    expect(shape(answers["hot-calls"])).toEqual(shape(answers["web-api"]));
    expect(answers["hot-calls"][0]).toMatchObject({ ok: true, view: { callback_id: "escalation" } });
    expect(answers["hot-calls"][1]).toMatchObject({ class: "WebAPIPlatformError", data: { error: "exchanged_trigger_id" } });
    expect(clients["hot-calls"].reports).toEqual(["views.open exchanged_trigger_id"]);
    const opened = slack.calls.filter((c) => c.method === "views.open");
    expect(opened.map((c) => c.args.team_id)).toEqual([TEAM, TEAM, TEAM, TEAM]);
  });

  it("posts and updates a message, and is refused as the client is", async () => {
    const clients = both("deliverer");
    const answers: Record<Kind, unknown[]> = { "web-api": [], "hot-calls": [] };
    for (const kind of ["web-api", "hot-calls"] as const) {
      const c = clients[kind].client;
      const posted = await c.chat.postMessage({ channel: "C0TIER2", text: `ESC-0001 opened by ${kind}`, blocks: [{ type: "section", text: { type: "mrkdwn", text: "*ESC-0001* :rotating_light:" } }] });
      answers[kind].push(posted);
      answers[kind].push(await c.chat.update({ channel: "C0TIER2", ts: posted.ts!, text: `ESC-0001 acknowledged by ${kind}` }));
      expect(slack.workspace.message("C0TIER2", posted.ts!)?.text).toBe(`ESC-0001 acknowledged by ${kind}`);
      for (const refused of [
        () => c.chat.postMessage({ channel: "C0NOPE", text: "lost" }),
        () => c.chat.update({ channel: "C0TIER2", ts: "1.000001", text: "no such message" }),
        () => c.chat.postMessage({ channel: "C0TIER2", text: "too many", blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) }),
      ]) {
        const err = await refused().catch((e: unknown) => e);
        answers[kind].push({ error: describeError(err), classified: classifyDeliveryError(err) });
      }
    }
    // The same answers, but for the text each client posted (which names it).
    const blank = (kind: Kind) => shape(JSON.parse(JSON.stringify(answers[kind]).replaceAll(kind, "KIND")));
    expect(blank("hot-calls")).toEqual(blank("web-api"));
    expect(answers["hot-calls"][1]).toMatchObject({ ok: true, channel: "C0TIER2", text: "ESC-0001 acknowledged by hot-calls" });
    expect(answers["hot-calls"].slice(2).map((a) => (a as { classified: unknown }).classified)).toEqual([
      { retry: true, code: "channel_not_found", waitsForChannel: true },
      { retry: false, code: "message_not_found" },
      { retry: false, code: "invalid_blocks" },
    ]);
    expect(clients["hot-calls"].reports).toEqual(clients["web-api"].reports);
  });

  it.each<[string, Fault, unknown]>([
    ["a revoked token", { error: "token_revoked" }, { retry: true, code: "token_revoked", auth: true }],
    ["a rate limit", { status: 429, retryAfterSec: 3 }, { retry: true, code: "ratelimited", retryAfterMs: 3_000 }],
    ["a server error", { status: 500 }, { retry: true, code: "http_500" }],
    ["a lost answer", { dropResponse: true }, { retry: true, code: "network: fetch failed" }],
    ["a hung call", { delayMs: 2_000 }, { retry: true, code: "network: The operation was aborted due to timeout" }],
  ])("meets the emulator's %s as the client does", async (_, fault, classified) => {
    const seen: Record<Kind, unknown> = { "web-api": undefined, "hot-calls": undefined };
    for (const kind of ["web-api", "hot-calls"] as const) {
      slack.fail("chat.postMessage", fault);
      const { client: c, reports } = client("deliverer", kind, slack.url, 300);
      const err = await c.chat.postMessage({ channel: "C0TIER2", text: "ESC-0002 opened" }).catch((e: unknown) => e);
      seen[kind] = { classified: classifyDeliveryError(err), reports };
    }
    expect(seen["hot-calls"]).toEqual(seen["web-api"]);
    expect((seen["hot-calls"] as { classified: unknown }).classified).toEqual(classified);
  });
});
