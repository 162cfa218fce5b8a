/**
 * A fake Slack Web API served over real HTTP, for end-to-end tests.
 *
 * The bot under test gets a real `WebClient` pointed at `fake.url` (via the
 * `slackApiUrl` option), so everything between the bot's code and the socket
 * — serialisation, retries, rate-limit handling, error classes — is the real
 * @slack/web-api code path. Only Slack itself is faked.
 *
 * Behaviour follows Slack's documented responses closely enough for the
 * bot's needs; where a choice had to be made we prefer the stricter real-Slack
 * behaviour (e.g. `conversations.list` defaults to public channels only) so
 * that bugs show up in tests rather than in production.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Captured at module load so `waitFor` timeouts keep working when a test
// installs fake timers (vi.useFakeTimers replaces the globals later on).
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

export interface RecordedCall {
  method: string;
  /** Request arguments; JSON-encoded nested values (blocks, view, ...) are parsed back to objects. Scalars stay strings, as sent on the wire. */
  args: Record<string, any>;
  /** Date.now() when the request arrived. */
  at: number;
  /** Token from the Authorization header (or a `token` body field). */
  token?: string;
  /** The JSON body the fake answered with (or would have, for `dropResponse`). */
  response?: Record<string, any>;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private?: boolean;
}

export interface FakeUser {
  id: string;
  email?: string;
  name?: string;
}

export interface Fault {
  /** HTTP status to answer with, e.g. 429 or 500. */
  status?: number;
  /** Slack error code returned with ok:false and HTTP 200, e.g. 'channel_not_found'. */
  error?: string;
  /** Retry-After for status 429 (default 1). */
  retryAfterSec?: number;
  /** How many matching calls the fault applies to (default 1; Infinity allowed). */
  times?: number;
  /** Only calls for which this returns true are faulted (e.g. one channel). */
  match?: (args: Record<string, any>) => boolean;
  /** Record and apply the call normally, but destroy the socket without answering. */
  dropResponse?: boolean;
}

/** Latest state of a message posted through chat.postMessage. */
export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  /** Message metadata ({ event_type, event_payload }) as posted. */
  metadata?: unknown;
  /** Number of chat.update calls applied to this message. */
  updates: number;
}

export interface FakeSlackOptions {
  channels?: FakeChannel[];
  users?: FakeUser[];
  /** Maximum conversations.list page size (default 2, to exercise pagination). */
  pageSize?: number;
  /** Seconds of the first message ts; defaults to the real time at start, as Slack's ts are. */
  tsBaseSec?: number;
}

export const DEFAULT_CHANNELS: readonly FakeChannel[] = Object.freeze([
  { id: 'C0TIER1', name: 'fleet-support-tier1' },
  { id: 'C0TIER2', name: 'fleet-support-tier2' },
  { id: 'C0ENG', name: 'fleet-engineering' },
  { id: 'C0SEC', name: 'security-alerts' },
  { id: 'C0MGMT', name: 'fleet-management' },
]);

export const FAKE_TEAM_ID = 'T0FAKE';
/** The "method" under which replies posted to a command's response_url are recorded. */
export const RESPONSE_URL_METHOD = 'response_url';
export const FAKE_BOT_USER_ID = 'U0BOT';
export const FAKE_BOT_ID = 'B0BOT';
export const FAKE_APP_ID = 'A0APP';

type Json = Record<string, any>;

/** What a method handler decided: a JSON body (always HTTP 200, as Slack does). */
type HandlerResult = Json;

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

interface Waiter {
  /** Returns true once satisfied (and then has resolved its promise). */
  check: () => boolean;
  fail: (err: Error) => void;
}

/**
 * Arguments arrive form-encoded, where @slack/web-api JSON-stringifies every
 * non-scalar value. We turn such values back into objects, except for fields
 * that are free text and could legitimately look like JSON (e.g. "[P1] ...").
 */
const FREE_TEXT_FIELDS = new Set(['text', 'markdown_text', 'fallback', 'title', 'initial_comment', 'query', 'private_metadata']);

function decodeFormValue(key: string, value: string): unknown {
  if (FREE_TEXT_FIELDS.has(key)) return value;
  const first = value.trimStart()[0];
  if (first !== '{' && first !== '[') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function ok(body: Json = {}): HandlerResult {
  return { ok: true, ...body };
}

function slackError(error: string, extra: Json = {}): HandlerResult {
  return { ok: false, error, ...extra };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Opaque-looking cursor, like Slack's base64 ones. */
function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeCursor(cursor: string): number | undefined {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export class FakeSlack {
  readonly url: string;
  /** Every call that was handled (including ones answered ok:false by the method itself), in arrival order. */
  readonly calls: RecordedCall[] = [];
  /** Calls that were answered by an injected fault instead of being applied. */
  readonly rejected: RecordedCall[] = [];
  /** Latest text/blocks of each posted message, keyed `${channel}:${ts}`. */
  readonly messages = new Map<string, FakeMessage>();

  private readonly server: Server;
  private readonly channels = new Map<string, FakeChannel>();
  private readonly users: FakeUser[];
  private readonly pageSize: number;
  private faults = new Map<string, ActiveFault[]>();
  private waiters = new Set<Waiter>();
  private tsCounter = 0;
  private readonly tsBaseSec: number;
  private viewCounter = 0;

  private constructor(server: Server, url: string, opts: FakeSlackOptions) {
    this.server = server;
    this.url = url;
    for (const c of opts.channels ?? DEFAULT_CHANNELS) this.addChannel(c);
    this.users = [...(opts.users ?? [])];
    this.pageSize = opts.pageSize ?? 2;
    this.tsBaseSec = opts.tsBaseSec ?? Math.floor(Date.now() / 1000);
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    // The request handler needs the instance, which needs the URL, which needs
    // the server to be listening: bind the handler late.
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      if (!fake) {
        res.writeHead(503).end();
        return;
      }
      fake.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake slack internal error: ${String(err)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    fake = new FakeSlack(server, `http://127.0.0.1:${port}/api/`, opts);
    return fake;
  }

  // ---------------------------------------------------------------- queries

  /** A response_url for slash commands whose replies this fake records (as method 'response_url'). */
  get responseUrl(): string {
    return `${this.url}${RESPONSE_URL_METHOD}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** chat.postMessage calls, optionally only those whose `channel` argument equals `channel`. */
  posted(channel?: string): RecordedCall[] {
    return this.callsTo('chat.postMessage').filter((c) => channel === undefined || c.args.channel === channel);
  }

  /**
   * Resolves with the first matching call, whether already recorded or
   * arriving later. On timeout, rejects with a message listing what was
   * recorded, which is usually enough to see why the expectation failed.
   */
  waitFor(method: string, predicate?: (c: RecordedCall) => boolean, timeoutMs = 3000): Promise<RecordedCall> {
    return this.waitUntil(
      () => this.calls.find((c) => c.method === method && (predicate?.(c) ?? true)),
      `a ${method} call${predicate ? ' matching the predicate' : ''}`,
      timeoutMs,
    );
  }

  /** Resolves with the first `n` calls to `method` once that many have been recorded. */
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

  /** Inject a fault for upcoming calls of `method`. Faults for one method apply in the order they were added. */
  fail(method: string, fault: Fault): void {
    if (fault.status === undefined && fault.error === undefined && !fault.dropResponse) {
      throw new Error('FakeSlack.fail: a fault needs status, error or dropResponse');
    }
    const list = this.faults.get(method) ?? [];
    list.push({ fault, remaining: fault.times ?? 1 });
    this.faults.set(method, list);
  }

  addChannel(c: FakeChannel): void {
    this.channels.set(c.id, { ...c });
  }

  /** Clears calls, rejected calls and pending faults. Channels and posted messages are world state and stay. */
  reset(): void {
    this.calls.length = 0;
    this.rejected.length = 0;
    this.faults.clear();
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) w.fail(new Error('FakeSlack stopped while waiting'));
    this.waiters.clear();
    // The WebClient keeps connections alive; without this, close() would wait for them.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!m) {
      sendJson(res, 404, slackError('unknown_path'));
      return;
    }
    const method = m[1]!;
    const { args, token } = parseArgs(url, req.headers, await readBody(req));
    const call: RecordedCall = { method, args, at, ...(token !== undefined ? { token } : {}) };

    const fault = this.takeFault(method, args);
    if (fault && !fault.dropResponse) {
      this.answerWithFault(call, fault, res);
      return;
    }

    // Replies to a slash command's response_url carry no token, as in Slack.
    call.response = method === RESPONSE_URL_METHOD ? ok({}) : token === undefined ? slackError('not_authed') : this.dispatch(method, args);
    this.record(call);

    if (fault?.dropResponse) {
      // The call took effect but the client never learns: simulates a timeout / lost response.
      req.socket.destroy();
      return;
    }
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
      const retryAfter = fault.retryAfterSec ?? 1;
      call.response = slackError('ratelimited');
      this.rejected.push(call);
      sendJson(res, 429, call.response, { 'retry-after': String(retryAfter) });
    } else if (fault.status !== undefined && fault.status !== 200) {
      call.response = { ok: false, error: `http_${fault.status}` };
      this.rejected.push(call);
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end(`fake slack: injected HTTP ${fault.status}`);
    } else {
      call.response = slackError(fault.error ?? 'fatal_error');
      this.rejected.push(call);
      sendJson(res, 200, call.response);
    }
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
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
        reject(new Error(`FakeSlack: timed out after ${timeoutMs}ms waiting for ${what}.\n${this.describe()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Summary of recorded traffic for timeout messages. */
  private describe(): string {
    const summarize = (list: RecordedCall[]): string =>
      list.length === 0
        ? '(none)'
        : list
            .map((c) => {
              const where = typeof c.args.channel === 'string' ? ` channel=${c.args.channel}` : '';
              const err = c.response && c.response.ok === false ? ` -> ${String(c.response.error)}` : '';
              return `${c.method}${where}${err}`;
            })
            .join(', ');
    return `Recorded calls: ${summarize(this.calls)}\nRejected (faulted) calls: ${summarize(this.rejected)}`;
  }

  // ---------------------------------------------------------------- methods

  private dispatch(method: string, args: Json): HandlerResult {
    switch (method) {
      case 'auth.test':
        return ok({
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'escalation-bot',
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
        });
      case 'conversations.list':
        return this.conversationsList(args);
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.update(args);
      case 'chat.postEphemeral':
        return this.postEphemeral(args);
      case 'chat.getPermalink':
        return this.getPermalink(args);
      case 'views.open':
      case 'views.push':
      case 'views.update':
        return this.view(method, args);
      case 'conversations.open':
        return this.conversationsOpen(args);
      case 'conversations.history':
        return this.history(args, (m) => m.thread_ts === undefined || m.thread_ts === m.ts);
      case 'conversations.replies': {
        const parent = str(args.ts);
        return this.history(args, (m) => m.ts === parent || m.thread_ts === parent);
      }
      case 'users.lookupByEmail': {
        const user = this.users.find((u) => u.email !== undefined && u.email === args.email);
        return user ? ok({ user: userObject(user) }) : slackError('users_not_found');
      }
      case 'users.info': {
        const user = this.users.find((u) => u.id === args.user);
        return user ? ok({ user: userObject(user) }) : slackError('user_not_found');
      }
      default:
        return ok();
    }
  }

  private conversationsList(args: Json): HandlerResult {
    // Real Slack defaults `types` to public_channel only; mirror that so a bot
    // that forgets to ask for private channels fails here, not in production.
    const types = new Set((str(args.types) ?? 'public_channel').split(',').map((t) => t.trim()));
    const all = [...this.channels.values()].filter((c) =>
      c.is_private ? types.has('private_channel') : types.has('public_channel'),
    );
    let offset = 0;
    const cursor = str(args.cursor);
    if (cursor !== undefined) {
      const decoded = decodeCursor(cursor);
      if (decoded === undefined) return slackError('invalid_cursor');
      offset = decoded;
    }
    // Slack may return fewer items than `limit`; the fake caps pages at
    // `pageSize` so that a bot passing limit=1000 still has to paginate.
    const requested = Number(args.limit);
    const size = Number.isFinite(requested) && requested > 0 ? Math.min(requested, this.pageSize) : this.pageSize;
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? encodeCursor(offset + size) : '';
    return ok({
      channels: page.map((c) => ({
        id: c.id,
        name: c.name,
        is_channel: true,
        is_private: c.is_private ?? false,
        is_archived: false,
        is_member: true,
      })),
      response_metadata: { next_cursor: next },
    });
  }

  /**
   * Resolves a `channel` argument the way chat.* methods do: a known channel
   * id or name (with or without '#'), a user id (opens/uses the DM), or a DM id.
   */
  private resolveChannel(raw: unknown): string | undefined {
    const channel = str(raw);
    if (channel === undefined) return undefined;
    if (this.channels.has(channel)) return channel;
    if (/^[UW][A-Z0-9]+$/.test(channel)) return `D${channel}`;
    if (/^D[A-Z0-9]+$/.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    for (const c of this.channels.values()) if (c.name === name) return c.id;
    return undefined;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    const micros = this.tsCounter * 100;
    const seconds = this.tsBaseSec + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  private postMessage(args: Json): HandlerResult {
    const channel = this.resolveChannel(args.channel);
    if (channel === undefined) return slackError('channel_not_found');
    const text = str(args.text);
    const blocks = Array.isArray(args.blocks) ? (args.blocks as unknown[]) : undefined;
    const attachments = Array.isArray(args.attachments) ? (args.attachments as unknown[]) : undefined;
    if (text === undefined && !blocks?.length && !attachments?.length) return slackError('no_text');
    const threadTs = str(args.thread_ts);
    const ts = this.nextTs();
    this.messages.set(`${channel}:${ts}`, {
      channel,
      ts,
      ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
      ...(text !== undefined ? { text } : {}),
      ...(blocks ? { blocks } : {}),
      ...(attachments ? { attachments } : {}),
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      updates: 0,
    });
    return ok({
      channel,
      ts,
      message: {
        type: 'message',
        user: FAKE_BOT_USER_ID,
        bot_id: FAKE_BOT_ID,
        ts,
        text: text ?? '',
        ...(blocks ? { blocks } : {}),
        ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      },
    });
  }

  /** Messages of a channel, newest first, as conversations.history / .replies return them. */
  private history(args: Json, include: (m: FakeMessage) => boolean): HandlerResult {
    const channel = this.resolveChannel(args.channel);
    if (channel === undefined) return slackError('channel_not_found');
    const oldest = Number(str(args.oldest) ?? '0');
    const withMetadata = String(args.include_all_metadata) === 'true';
    const messages = [...this.messages.values()]
      .filter((m) => m.channel === channel && Number(m.ts) >= oldest && include(m))
      .sort((a, b) => Number(b.ts) - Number(a.ts))
      .map((m) => ({
        type: 'message',
        ts: m.ts,
        text: m.text ?? '',
        bot_id: FAKE_BOT_ID,
        ...(m.thread_ts !== undefined ? { thread_ts: m.thread_ts } : {}),
        ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
      }));
    return ok({ messages, has_more: false });
  }

  private update(args: Json): HandlerResult {
    const channel = this.resolveChannel(args.channel);
    if (channel === undefined) return slackError('channel_not_found');
    const ts = str(args.ts);
    const msg = ts === undefined ? undefined : this.messages.get(`${channel}:${ts}`);
    if (!msg) return slackError('message_not_found');
    // As in Slack, omitted fields keep their previous value.
    const text = str(args.text);
    if (text !== undefined) msg.text = text;
    if (Array.isArray(args.blocks)) msg.blocks = args.blocks as unknown[];
    if (Array.isArray(args.attachments)) msg.attachments = args.attachments as unknown[];
    msg.updates += 1;
    return ok({ channel, ts: msg.ts, text: msg.text ?? '', message: { text: msg.text ?? '', blocks: msg.blocks } });
  }

  private postEphemeral(args: Json): HandlerResult {
    const channel = this.resolveChannel(args.channel);
    if (channel === undefined) return slackError('channel_not_found');
    if (str(args.user) === undefined) return slackError('user_not_found');
    return ok({ message_ts: this.nextTs() });
  }

  private getPermalink(args: Json): HandlerResult {
    const channel = this.resolveChannel(args.channel);
    if (channel === undefined) return slackError('channel_not_found');
    const ts = str(args.message_ts);
    if (ts === undefined) return slackError('invalid_arguments');
    return ok({ channel, permalink: `https://fake.slack.com/archives/${channel}/p${ts.replace('.', '')}` });
  }

  private view(method: string, args: Json): HandlerResult {
    const view: unknown = args.view;
    if (typeof view !== 'object' || view === null) return slackError('invalid_arguments');
    if (method !== 'views.update' && str(args.trigger_id) === undefined) return slackError('invalid_arguments');
    this.viewCounter += 1;
    // views.update keeps the id of the view it targets.
    const id = method === 'views.update' ? (str(args.view_id) ?? `V${this.viewCounter}`) : `V${this.viewCounter}`;
    return ok({
      view: { team_id: FAKE_TEAM_ID, app_id: FAKE_APP_ID, bot_id: FAKE_BOT_ID, hash: `h${this.viewCounter}`, ...view, id },
    });
  }

  private conversationsOpen(args: Json): HandlerResult {
    const existing = str(args.channel);
    if (existing !== undefined) return ok({ channel: { id: existing } });
    const users = (str(args.users) ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    if (users.length === 0) return slackError('users_list_not_supplied');
    return ok({ channel: { id: `D${users[0]}` } });
  }
}

function userObject(u: FakeUser): Json {
  const name = u.name ?? u.id.toLowerCase();
  return {
    id: u.id,
    team_id: FAKE_TEAM_ID,
    name,
    real_name: name,
    deleted: false,
    is_bot: false,
    profile: { real_name: name, display_name: name, ...(u.email !== undefined ? { email: u.email } : {}) },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(url: URL, headers: IncomingMessage['headers'], body: string): { args: Json; token?: string } {
  const args: Json = {};
  for (const [k, v] of url.searchParams) args[k] = decodeFormValue(k, v);
  const contentType = headers['content-type'] ?? '';
  if (contentType.includes('application/json')) {
    if (body.trim() !== '') {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null) Object.assign(args, parsed);
    }
  } else if (body !== '') {
    // application/x-www-form-urlencoded (also the fallback for a missing content-type).
    for (const [k, v] of new URLSearchParams(body)) args[k] = decodeFormValue(k, v);
  }
  let token: string | undefined;
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) token = auth.slice('Bearer '.length);
  if (typeof args.token === 'string') {
    token ??= args.token;
    delete args.token; // keep tokens out of args so assertions on args stay simple
  }
  return token === undefined ? { args } : { args, token };
}

function sendJson(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
