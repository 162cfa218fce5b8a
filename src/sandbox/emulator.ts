/**
 * The local Slack: a Web API served over real HTTP, a Socket Mode WebSocket, response URLs, and the
 * people, channels and messages of an emulated workspace. The bot reaches it through SLACK_API_URL
 * exactly as it reaches Slack; the sandbox page, the tests and the benchmark all use this one.
 *
 * Where Slack's behaviour had to be chosen, the stricter real behaviour wins (conversations.list
 * lists public channels unless asked for more, chat.update needs a channel id, trigger ids expire),
 * so that bugs show up here rather than in production.
 */
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppLink, type AppEndpoint } from "./app-link.js";
import { Conversations } from "./conversations.js";
import { EphemeralStore } from "./ephemerals.js";
import { EventsApi, type SentEvent } from "./events-api.js";
import { EMULATOR_IDS } from "./identity.js";
import { Interactions } from "./interactions.js";
import { SocketHub } from "./socket-mode.js";
import { ViewStore } from "./views.js";
import { slackError, WebApi, type WorkspaceChange } from "./web-api.js";
import { Workspace, type WorkspaceChannel, type WorkspaceUser } from "./workspace.js";

// Captured at load so waits keep working when a test installs fake timers.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

type Json = Record<string, any>;

export interface RecordedCall {
  method: string;
  /** Request arguments; JSON-encoded nested values (blocks, view, ...) are parsed back to objects. */
  args: Json;
  /** Date.now() when the request arrived. */
  at: number;
  token?: string;
  /** The JSON body answered (or that would have been, for dropResponse). */
  response?: Json;
}

export interface Fault {
  /** HTTP status to answer with, e.g. 429 or 500. */
  status?: number;
  /** Slack error code returned with ok:false and HTTP 200, e.g. "channel_not_found". */
  error?: string;
  /** Retry-After for status 429 (default 1). */
  retryAfterSec?: number;
  /** How many matching calls the fault applies to (default 1; Infinity allowed). */
  times?: number;
  /** Only calls for which this returns true are faulted. */
  match?: (args: Json) => boolean;
  /** Apply the call normally, then destroy the socket without answering (a lost response). */
  dropResponse?: boolean;
  /** Apply the call normally, then answer only after this many ms (a slow or hung Slack). */
  delayMs?: number;
}

export interface ChannelSeed {
  id: string;
  name: string;
  is_private?: boolean;
  /** Default: everyone in the workspace (and the app) is a member. */
  members?: string[];
}

export interface UserSeed {
  id: string;
  email?: string;
  name?: string;
  realName?: string;
  title?: string;
  tz?: string;
}

export interface EmulatorOptions {
  channels?: readonly ChannelSeed[];
  users?: readonly UserSeed[];
  /** conversations.list page cap (default 100), so a caller must paginate. */
  pageSize?: number;
  /** Fixed seconds for message timestamps (deterministic tests); default: now(). */
  tsBaseSec?: number;
  /** Now for message timestamps; the sandbox moves it with time travel. */
  now?: () => number;
  /** Keep the workspace in this JSON-lines file across restarts. */
  journalPath?: string;
  /** Base of permalinks; default https://sandbox.slack.test/ . */
  workspaceUrl?: string;
  /** Granted bot scopes (a method without its scope answers missing_scope); default all. */
  scopes?: readonly string[];
  /**
   * The bot events the app subscribed to (its manifest's `bot_events`); only those are sent to it.
   * Default none, as for an app whose manifest subscribes to nothing.
   */
  botEvents?: readonly string[];
  /** Keep at most this many recorded calls (default: all, as tests want). */
  keepCalls?: number;
  host?: string;
  port?: number;
}

/** The "method" under which posts to the generic response URL are recorded. */
export const RESPONSE_URL_METHOD = "response_url";
const SOCKET_PATH = "/link/";

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

interface Waiter {
  check: () => boolean;
  fail: (err: Error) => void;
}

export class SlackEmulator {
  /** Web API base, e.g. http://127.0.0.1:4567/api/ (what SLACK_API_URL is set to). */
  readonly url: string;
  readonly workspace: Workspace;
  readonly views: ViewStore;
  readonly ephemerals = new EphemeralStore();
  readonly interactions: Interactions;
  /** Channels people (or the app) create and invite to, with the events Slack sends about them. */
  readonly conversations: Conversations;
  /** "change" (WorkspaceChange), "call" (RecordedCall) and "app_event" (SentEvent) events, for the sandbox page. */
  readonly events = new EventEmitter();
  readonly calls: RecordedCall[] = [];
  /** Calls answered by an injected fault instead of being applied. */
  readonly rejected: RecordedCall[] = [];

  private readonly api: WebApi;
  private readonly socket: SocketHub;
  private readonly link: AppLink;
  private readonly eventsApi: EventsApi;
  private readonly keepCalls: number;
  private faults = new Map<string, ActiveFault[]>();
  private waiters = new Set<Waiter>();

  private constructor(
    private readonly server: Server,
    origin: string,
    opts: EmulatorOptions,
  ) {
    this.url = `${origin}/api/`;
    this.keepCalls = opts.keepCalls ?? Number.POSITIVE_INFINITY;
    this.events.setMaxListeners(100);
    this.workspace = new Workspace(opts.journalPath);
    this.seed(opts);
    this.views = new ViewStore({ teamId: EMULATOR_IDS.teamId, appId: EMULATOR_IDS.appId, botId: EMULATOR_IDS.botId });
    this.socket = new SocketHub(EMULATOR_IDS.appId);
    this.link = new AppLink(this.socket);
    const fixedNow = opts.tsBaseSec !== undefined ? opts.tsBaseSec * 1000 : undefined;
    const now = fixedNow !== undefined ? () => fixedNow : (opts.now ?? Date.now);
    const onChange = (change: WorkspaceChange) => this.events.emit("change", change);
    const scopes = opts.scopes ? new Set(opts.scopes) : undefined;
    this.eventsApi = new EventsApi({
      link: this.link,
      subscribed: new Set(opts.botEvents ?? []),
      scopes,
      now,
      onSent: (sent) => this.events.emit("app_event", sent),
    });
    this.conversations = new Conversations({ workspace: this.workspace, events: this.eventsApi, now, onChange });
    this.api = new WebApi({
      workspace: this.workspace,
      views: this.views,
      ephemerals: this.ephemerals,
      now,
      workspaceUrl: opts.workspaceUrl ?? "https://sandbox.slack.test/",
      pageSize: opts.pageSize ?? 100,
      scopes,
      conversations: this.conversations,
      socketUrl: () => this.socket.issueUrl(`${origin.replace(/^http/, "ws")}${SOCKET_PATH}`),
      onChange,
    });
    this.interactions = new Interactions({
      workspace: this.workspace,
      views: this.views,
      ephemerals: this.ephemerals,
      api: this.api,
      link: this.link,
      now,
      responseUrlBase: `${origin}/response/`,
      conversations: this.conversations,
      onChange,
    });
  }

  static async start(opts: EmulatorOptions = {}): Promise<SlackEmulator> {
    // The handler needs the instance, which needs the URL, which needs the server listening.
    let emulator: SlackEmulator | undefined;
    const server = createServer((req, res) => {
      if (!emulator) return void res.writeHead(503).end();
      emulator.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`slack emulator internal error: ${String(err)}`);
      });
    });
    server.on("upgrade", (req, socket, head) => {
      if (emulator && req.url?.startsWith(SOCKET_PATH)) emulator.socket.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    emulator = new SlackEmulator(server, `http://127.0.0.1:${port}`, opts);
    return emulator;
  }

  /** Where the app takes HTTP requests (commands, interactions, events), signed with its secret. */
  connectApp(endpoint: AppEndpoint | undefined): void {
    this.link.connectHttp(endpoint);
  }

  // ---------------------------------------------------------------- world

  addChannel(seed: ChannelSeed): WorkspaceChannel {
    const channel: WorkspaceChannel = {
      id: seed.id,
      name: seed.name.replace(/^#/, "").toLowerCase(),
      isPrivate: seed.is_private ?? false,
      isIm: false,
      members: seed.members ?? [EMULATOR_IDS.botUserId],
      ...(seed.members === undefined ? { everyone: true } : {}),
    };
    this.workspace.putChannel(channel);
    this.events.emit("change", { type: "channels" } satisfies WorkspaceChange);
    return channel;
  }

  addUser(seed: UserSeed): WorkspaceUser {
    const name = seed.name ?? seed.id.toLowerCase();
    const user: WorkspaceUser = {
      id: seed.id,
      name,
      realName: seed.realName ?? name,
      tz: seed.tz ?? "UTC",
      isBot: false,
      ...(seed.email !== undefined ? { email: seed.email } : {}),
      ...(seed.title !== undefined ? { title: seed.title } : {}),
    };
    this.workspace.putUser(user);
    return user;
  }

  /** Accepts a trigger id chosen by a test playing Slack, as if `user` had just interacted. */
  registerTrigger(id: string, user: string): void {
    this.views.registerTrigger(id, user);
  }

  /** Latest state of each message, keyed `${channel}:${ts}`. */
  get messages() {
    return this.workspace.messages;
  }

  // ---------------------------------------------------------------- queries

  /** True while the app holds a Socket Mode connection (after which requests go over it). */
  get socketConnected(): boolean {
    return this.socket.connected;
  }

  /** The Events API callbacks sent to the app, oldest first, with its answers once in. */
  get appEvents(): readonly SentEvent[] {
    return this.eventsApi.sent;
  }

  /** A response URL whose posts are only recorded (as method "response_url"). */
  get responseUrl(): string {
    return `${this.url}${RESPONSE_URL_METHOD}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** chat.postMessage calls, optionally only those whose `channel` argument equals `channel`. */
  posted(channel?: string): RecordedCall[] {
    return this.callsTo("chat.postMessage").filter((c) => channel === undefined || c.args.channel === channel);
  }

  /** Resolves with the first matching call, recorded already or later; on timeout says what was seen. */
  waitFor(method: string, predicate?: (c: RecordedCall) => boolean, timeoutMs = 3000): Promise<RecordedCall> {
    return this.waitUntil(
      () => this.calls.find((c) => c.method === method && (predicate?.(c) ?? true)),
      `a ${method} call${predicate ? " matching the predicate" : ""}`,
      timeoutMs,
    );
  }

  waitForCount(method: string, n: number, timeoutMs = 3000): Promise<RecordedCall[]> {
    return this.waitUntil(
      () => {
        const matching = this.callsTo(method);
        return matching.length >= n ? matching.slice(0, n) : undefined;
      },
      `${n} ${method} call(s) (have ${this.callsTo(method).length})`,
      timeoutMs,
    );
  }

  // ---------------------------------------------------------------- control

  /** Injects a fault for upcoming calls of `method`, applied in the order added. */
  fail(method: string, fault: Fault): void {
    if (fault.status === undefined && fault.error === undefined && !fault.dropResponse && fault.delayMs === undefined) {
      throw new Error("SlackEmulator.fail: a fault needs status, error, dropResponse or delayMs");
    }
    const list = this.faults.get(method) ?? [];
    list.push({ fault, remaining: fault.times ?? 1 });
    this.faults.set(method, list);
  }

  /** Empties the workspace (people, channels, messages, modals) and starts it again with only the app. */
  wipe(): void {
    this.workspace.clear();
    this.views.reset();
    this.ephemerals.clear();
    this.reset();
    this.seed({});
    this.events.emit("change", { type: "channels" } satisfies WorkspaceChange);
  }

  /** Clears recorded calls and pending faults; the workspace stays. */
  reset(): void {
    this.calls.length = 0;
    this.rejected.length = 0;
    this.faults.clear();
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) w.fail(new Error("SlackEmulator stopped while waiting"));
    this.waiters.clear();
    this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
    this.workspace.close();
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    const responseUrl = /^\/response\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (responseUrl) {
      const args = parseJsonBody(body);
      const answer = await this.interactions.respond(responseUrl[1]!, args);
      this.record({ method: RESPONSE_URL_METHOD, args: args ?? {}, at, response: answer });
      sendJson(res, answer.ok ? 200 : 404, answer);
      return;
    }
    const m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, slackError("unknown_path"));
    const method = m[1]!;
    const { args, token } = parseArgs(url, req.headers, body);
    const call: RecordedCall = { method, args, at, ...(token !== undefined ? { token } : {}) };

    const fault = this.takeFault(method, args);
    if (fault && !fault.dropResponse && fault.delayMs === undefined) return this.answerWithFault(call, fault, res);

    // Replies to a response URL carry no token, as in Slack.
    call.response = method === RESPONSE_URL_METHOD ? { ok: true } : token === undefined ? slackError("not_authed") : this.api.handle(method, args, token);
    this.record(call);

    if (fault?.dropResponse) {
      req.socket.destroy();
      return;
    }
    // unref: a test that ends while a call hangs must not be kept waiting for it.
    if (fault?.delayMs !== undefined) await new Promise((r) => realSetTimeout(r, fault.delayMs).unref());
    sendJson(res, 200, call.response);
  }

  private takeFault(method: string, args: Json): Fault | undefined {
    const list = this.faults.get(method);
    if (!list) return undefined;
    const idx = list.findIndex((f) => f.remaining > 0 && (f.fault.match?.(args) ?? true));
    if (idx < 0) return undefined;
    const active = list[idx]!;
    active.remaining -= 1;
    if (active.remaining <= 0) list.splice(idx, 1);
    return active.fault;
  }

  private answerWithFault(call: RecordedCall, fault: Fault, res: ServerResponse): void {
    if (fault.status === 429) {
      call.response = slackError("ratelimited");
      this.reject(call);
      sendJson(res, 429, call.response, { "retry-after": String(fault.retryAfterSec ?? 1) });
    } else if (fault.status !== undefined && fault.status !== 200) {
      call.response = { ok: false, error: `http_${fault.status}` };
      this.reject(call);
      res.writeHead(fault.status, { "content-type": "text/plain" });
      res.end(`slack emulator: injected HTTP ${fault.status}`);
    } else {
      call.response = slackError(fault.error ?? "fatal_error");
      this.reject(call);
      sendJson(res, 200, call.response);
    }
  }

  private reject(call: RecordedCall): void {
    this.rejected.push(call);
    this.events.emit("call", call);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    if (this.calls.length > this.keepCalls) this.calls.splice(0, this.calls.length - this.keepCalls);
    this.events.emit("call", call);
    for (const w of [...this.waiters]) {
      try {
        if (w.check()) this.waiters.delete(w);
      } catch (err) {
        // A throwing predicate fails its own wait, not the HTTP request.
        this.waiters.delete(w);
        w.fail(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  private waitUntil<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const found = probe();
          if (found === undefined) return false;
          realClearTimeout(timer);
          resolve(found);
          return true;
        },
        fail: (err) => {
          realClearTimeout(timer);
          reject(err);
        },
      };
      const timer = realSetTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`SlackEmulator: timed out after ${timeoutMs}ms waiting for ${what}.\n${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private describe(): string {
    const summarize = (list: RecordedCall[]): string =>
      list.length === 0
        ? "(none)"
        : list
            .map((c) => {
              const where = typeof c.args.channel === "string" ? ` channel=${c.args.channel}` : "";
              const err = c.response && c.response.ok === false ? ` -> ${String(c.response.error)}` : "";
              return `${c.method}${where}${err}`;
            })
            .join(", ");
    return `Recorded calls: ${summarize(this.calls)}\nRejected (faulted) calls: ${summarize(this.rejected)}`;
  }

  private seed(opts: EmulatorOptions): void {
    const bot = this.workspace.users.get(EMULATOR_IDS.botUserId);
    if (!bot) {
      this.workspace.putUser({
        id: EMULATOR_IDS.botUserId,
        name: EMULATOR_IDS.botName,
        realName: "Escalation Bot",
        tz: "UTC",
        isBot: true,
        botId: EMULATOR_IDS.botId,
      });
    }
    for (const u of opts.users ?? []) if (!this.workspace.users.has(u.id)) this.addUser(u);
    for (const c of opts.channels ?? []) if (!this.workspace.channels.has(c.id)) this.addChannel(c);
  }
}

/**
 * Arguments arrive form-encoded, where @slack/web-api JSON-encodes every non-scalar value; decode
 * those back, except free-text fields that may legitimately look like JSON ("[P1] ...").
 */
const FREE_TEXT_FIELDS = new Set(["text", "markdown_text", "fallback", "title", "initial_comment", "query", "private_metadata"]);

function decodeFormValue(key: string, value: string): unknown {
  if (FREE_TEXT_FIELDS.has(key)) return value;
  const first = value.trimStart()[0];
  if (first !== "{" && first !== "[") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function parseArgs(url: URL, headers: IncomingMessage["headers"], body: string): { args: Json; token?: string } {
  const args: Json = {};
  for (const [k, v] of url.searchParams) args[k] = decodeFormValue(k, v);
  const contentType = headers["content-type"] ?? "";
  if (contentType.includes("application/json")) {
    const parsed = parseJsonBody(body);
    if (parsed) Object.assign(args, parsed);
  } else if (body !== "") {
    for (const [k, v] of new URLSearchParams(body)) args[k] = decodeFormValue(k, v);
  }
  let token: string | undefined;
  const auth = headers.authorization;
  if (auth?.startsWith("Bearer ")) token = auth.slice("Bearer ".length);
  if (typeof args.token === "string") {
    token ??= args.token;
    delete args.token; // keep tokens out of args so assertions on args stay simple
  }
  return token === undefined ? { args } : { args, token };
}

function parseJsonBody(body: string): Json | undefined {
  if (body.trim() === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}
