/**
 * The local Slack: a Web API served over real HTTP, a Socket Mode WebSocket, response URLs, and the
 * people, channels and messages of an emulated workspace. The bot reaches it through SLACK_API_URL
 * exactly as it reaches Slack; the sandbox page, the tests and the benchmark all use this one.
 *
 * Where Slack's behaviour had to be chosen, the stricter real behaviour wins (conversations.list
 * lists public channels unless asked for more, chat.update needs a channel id, trigger ids expire),
 * so that bugs show up here rather than in production.
 *
 * This module puts the parts together and is what callers import; the parts live beside it:
 * web-api/ (the methods), emulator/ (HTTP and routing, faults, the call log, seeding).
 */
import { EventEmitter } from "node:events";
import type { Server } from "node:http";
import { AppLink, type AppEndpoint } from "./app-link.js";
import { Conversations } from "./conversations.js";
import { CallLog, type RecordedCall } from "./emulator/call-log.js";
import { FaultBook, type Fault } from "./emulator/faults.js";
import { listen, RESPONSE_URL_METHOD, Router, SOCKET_PATH, UPLOAD_PATH } from "./emulator/http-server.js";
import { channelFromSeed, seedWorkspace, userFromSeed, type ChannelSeed, type UserSeed } from "./emulator/seeding.js";
import { EphemeralStore } from "./ephemerals.js";
import { EventsApi, type SentEvent } from "./events-api.js";
import { FileUploads } from "./files.js";
import { HomeTabs } from "./home-tab.js";
import { EMULATOR_IDS } from "./identity.js";
import { Interactions } from "./interactions.js";
import { MessageEvents } from "./message-events.js";
import { Shortcuts } from "./shortcuts.js";
import { SocketHub } from "./socket-mode.js";
import { ViewStore } from "./views.js";
import { WebApi } from "./web-api.js";
import { Workspace, type WorkspaceChannel, type WorkspaceUser } from "./workspace.js";
import type { WorkspaceChange } from "./workspace-change.js";

/** How long waitFor and waitForCount wait when not told. */
const DEFAULT_WAIT_MS = 10_000;

export type { RecordedCall } from "./emulator/call-log.js";
export type { Fault } from "./emulator/faults.js";
export { RESPONSE_URL_METHOD } from "./emulator/http-server.js";
export type { ChannelSeed, UserSeed } from "./emulator/seeding.js";

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

export class SlackEmulator {
  /** Web API base, e.g. http://127.0.0.1:4567/api/ (what SLACK_API_URL is set to). */
  readonly url: string;
  readonly workspace: Workspace;
  readonly views: ViewStore;
  readonly ephemerals = new EphemeralStore();
  /** Files reserved for upload and not yet shared (files.getUploadURLExternal → the upload URL → completeUploadExternal). */
  readonly files = new FileUploads();
  readonly interactions: Interactions;
  /** The app's global and message shortcuts, as people use them. */
  readonly shortcuts: Shortcuts;
  /** The app's Home tab, as people open it (app_home_opened); its view comes from views.publish. */
  readonly homeTabs: HomeTabs;
  /** Channels people (or the app) create and invite to, with the events Slack sends about them. */
  readonly conversations: Conversations;
  /** "change" (WorkspaceChange), "call" (RecordedCall) and "app_event" (SentEvent) events, for the sandbox page. */
  readonly events = new EventEmitter();
  readonly calls: RecordedCall[];
  /** Calls answered by an injected fault instead of being applied. */
  readonly rejected: RecordedCall[];

  private readonly router: Router;
  private readonly socket: SocketHub;
  private readonly link: AppLink;
  private readonly eventsApi: EventsApi;
  private readonly log: CallLog;
  private readonly faults = new FaultBook();

  private constructor(
    private readonly server: Server,
    origin: string,
    opts: EmulatorOptions,
  ) {
    this.url = `${origin}/api/`;
    this.events.setMaxListeners(100);
    this.log = new CallLog(this.events, opts.keepCalls ?? Number.POSITIVE_INFINITY);
    this.calls = this.log.calls;
    this.rejected = this.log.rejected;
    this.workspace = new Workspace(opts.journalPath);
    seedWorkspace(this.workspace, opts);
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
    const messages = new MessageEvents({ workspace: this.workspace, events: this.eventsApi });
    this.homeTabs = new HomeTabs({ workspace: this.workspace, views: this.views, events: this.eventsApi });
    this.conversations = new Conversations({ workspace: this.workspace, events: this.eventsApi, messages, now, onChange });
    const api = new WebApi({
      workspace: this.workspace,
      views: this.views,
      ephemerals: this.ephemerals,
      now,
      workspaceUrl: opts.workspaceUrl ?? "https://sandbox.slack.test/",
      pageSize: opts.pageSize ?? 100,
      scopes,
      conversations: this.conversations,
      messages,
      files: this.files,
      uploadUrlBase: `${origin}${UPLOAD_PATH}`,
      socketUrl: () => this.socket.issueUrl(`${origin.replace(/^http/, "ws")}${SOCKET_PATH}`),
      onChange,
    });
    this.interactions = new Interactions({
      workspace: this.workspace,
      views: this.views,
      ephemerals: this.ephemerals,
      link: this.link,
      now,
      responseUrlBase: `${origin}/response/`,
      conversations: this.conversations,
      messages,
      onChange,
    });
    this.shortcuts = new Shortcuts({ workspace: this.workspace, views: this.views, link: this.link, now, responseUrl: (t) => this.interactions.responseUrl(t) });
    this.router = new Router({ api, interactions: this.interactions, socket: this.socket, faults: this.faults, log: this.log, files: this.files });
  }

  static async start(opts: EmulatorOptions = {}): Promise<SlackEmulator> {
    let emulator: SlackEmulator | undefined;
    const { server, origin } = await listen(opts.host ?? "127.0.0.1", opts.port ?? 0, () => emulator?.router);
    emulator = new SlackEmulator(server, origin, opts);
    return emulator;
  }

  /** Where the app takes HTTP requests (commands, interactions, events), signed with its secret. */
  connectApp(endpoint: AppEndpoint | undefined): void {
    this.link.connectHttp(endpoint);
  }

  // ---------------------------------------------------------------- world

  addChannel(seed: ChannelSeed): WorkspaceChannel {
    const channel = channelFromSeed(seed);
    this.workspace.putChannel(channel);
    this.events.emit("change", { type: "channels" } satisfies WorkspaceChange);
    return channel;
  }

  addUser(seed: UserSeed): WorkspaceUser {
    const user = userFromSeed(seed);
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
    return this.log.callsTo(method);
  }

  /** chat.postMessage calls, optionally only those whose `channel` argument equals `channel`. */
  posted(channel?: string): RecordedCall[] {
    return this.callsTo("chat.postMessage").filter((c) => channel === undefined || c.args.channel === channel);
  }

  /**
   * Resolves with the first matching call, recorded already or later; on timeout says what was seen.
   * A wait, not a bound: the default leaves room for a busy machine (tests run several files at
   * once); a test that bounds how long something took asserts it itself.
   */
  waitFor(method: string, predicate?: (c: RecordedCall) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedCall> {
    return this.log.waitFor(method, predicate, timeoutMs);
  }

  waitForCount(method: string, n: number, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedCall[]> {
    return this.log.waitForCount(method, n, timeoutMs);
  }

  // ---------------------------------------------------------------- control

  /** Injects a fault for upcoming calls of `method`, applied in the order added. */
  fail(method: string, fault: Fault): void {
    this.faults.add(method, fault);
  }

  /** Empties the workspace (people, channels, messages, modals) and starts it again with only the app. */
  wipe(): void {
    this.workspace.clear();
    this.views.reset();
    this.ephemerals.clear();
    this.files.clear();
    this.reset();
    seedWorkspace(this.workspace, {});
    this.events.emit("change", { type: "channels" } satisfies WorkspaceChange);
  }

  /** Clears recorded calls and pending faults; the workspace stays. */
  reset(): void {
    this.log.clear();
    this.faults.clear();
  }

  async stop(): Promise<void> {
    this.log.failWaits(new Error("SlackEmulator stopped while waiting"));
    this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
    this.workspace.close();
  }
}
