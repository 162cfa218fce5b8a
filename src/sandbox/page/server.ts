import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { ExtraRoute } from "../../slack/app.js";
import type { RecordedCall, SlackEmulator } from "../emulator.js";
import type { SentEvent } from "../events-api.js";
import { EMULATOR_IDS } from "../identity.js";
import type { WorkspaceChange } from "../workspace-change.js";
import { isMember } from "../workspace.js";
import { tryPlaybookApi, type PlaybookHost } from "./try-playbook.js";
import { conversationView, homeView, modalView, workspaceView } from "./view-models.js";

/**
 * The sandbox page and its JSON API, served by the bot's own HTTP server on PORT: the page acts as
 * one person of the emulated workspace at a time and drives it through the emulator, exactly as a
 * Slack client drives Slack. Live changes reach the page as server-sent events.
 */

export interface SandboxHost {
  /** The emulator (a reset keeps it but empties it). */
  readonly emulator: SlackEmulator;
  appName: string;
  /** Who the page acts as and where it opens, when it does not say. */
  firstUser: string;
  firstChannel: string;
  clock: { now(): number; offsetMs: number };
  /** Moves the bot's clock by `deltaMs`, or back to real time, and lets due clocks fire. */
  timeTravel(change: { advanceMs: number } | { realTime: true }): Promise<void>;
  /** Empties the workspace and the bot's database and starts both again. */
  reset(): Promise<void>;
  /** The playbook the sandbox runs, and its file's lines (for "Try the playbook"). */
  playbook: PlaybookHost["playbook"];
}

/** The page's files live beside the sources; from dist/ the same relative path reaches them. */
const ASSETS = fileURLToPath(new URL("../../../src/sandbox/public/", import.meta.url));
/** The only kinds of file served; anything else in the folder is not (a `.ts`, a dotfile). */
const TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8", ".png": "image/png", ".svg": "image/svg+xml" };
/** A path segment of an asset: letters, digits, `_`, `-` and dots, not starting with a dot (so never `..`). */
const ASSET_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;
/**
 * No inline script, no style sheet or anything else from elsewhere: what the bot posts can only
 * ever be text here. Style attributes are allowed for one thing, a legacy attachment's colour bar,
 * which the renderer writes only from a checked colour (never from text).
 */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; style-src-attr 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

type Req = IncomingMessage & { params?: Record<string, string | string[]> };

const zAs = z.string().regex(/^[UW][A-Z0-9]+$/);
const zRaw = z.union([z.string(), z.array(z.string()), z.null()]);
const zInputs = z.record(z.string(), z.record(z.string(), zRaw));
const zCompose = z.object({ as: zAs, channel: z.string().min(1), text: z.string().max(40_000), threadTs: z.string().optional() });
const zAction = z.object({
  as: zAs,
  blockId: z.string().min(1),
  actionId: z.string().min(1),
  value: zRaw.optional(),
  channel: z.string().optional(),
  messageTs: z.string().optional(),
  ephemeral: z.boolean().optional(),
  viewId: z.string().optional(),
  inputs: zInputs.optional(),
});
// A global shortcut, or a message shortcut on the message at channel/messageTs.
const zShortcut = z.object({ as: zAs, callbackId: z.string().min(1).max(255), channel: z.string().min(1).optional(), messageTs: z.string().min(1).optional() });
const zSubmit = z.object({ as: zAs, viewId: z.string().min(1), inputs: zInputs });
const zClose = z.object({ as: zAs, viewId: z.string().min(1) });
const zHomeOpen = z.object({ as: zAs });
// Names are checked by the emulator as Slack checks them; the page only normalises what was typed.
const zNewChannel = z.object({ as: zAs, name: z.string().max(200), isPrivate: z.boolean() });
const zInviteApp = z.object({ as: zAs, channel: z.string().min(1) });
const zClock = z.union([z.object({ advanceMs: z.number().int().positive().max(30 * 86_400_000) }), z.object({ realTime: z.literal(true) })]);

export interface SandboxPage {
  routes: ExtraRoute[];
  /** Ends every open event stream (before the server stops, which would otherwise wait for them). */
  closeStreams(): void;
  /** Tells every open page something happened outside the emulator (clock moved, reset). */
  broadcast(event: Record<string, unknown>): void;
}

export function sandboxPage(host: SandboxHost): SandboxPage {
  const streams = new Set<ServerResponse>();
  const broadcast = (event: Record<string, unknown>) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(line);
  };
  host.emulator.events.on("change", (change: WorkspaceChange) => broadcast(change));
  host.emulator.events.on("call", (call: RecordedCall) => broadcast(callEvent(call)));
  host.emulator.events.on("app_event", (sent: SentEvent) => broadcast(appEventLine(sent)));

  const viewer = (id: unknown) => {
    const parsed = zAs.safeParse(id);
    const user = parsed.success ? host.emulator.workspace.users.get(parsed.data) : undefined;
    return user && !user.isBot ? user : undefined;
  };

  const api: Record<string, (req: Req, url: URL) => Promise<[number, unknown]>> = {
    "GET workspace": async (_req, url) => {
      const me = viewer(url.searchParams.get("as") ?? host.firstUser) ?? viewer(host.firstUser);
      if (!me) return [404, { error: "nobody to act as" }];
      const view = workspaceView(host.emulator, me, { now: host.clock.now(), offsetMs: host.clock.offsetMs }, host.appName);
      const first = host.emulator.workspace.channelByName(host.firstChannel);
      return [200, { ...view, firstChannel: first?.id ?? view.channels[0]?.id }];
    },
    "GET conversation": async (_req, url) => {
      const me = viewer(url.searchParams.get("as"));
      const channel = host.emulator.workspace.channels.get(url.searchParams.get("channel") ?? "");
      if (!me || !channel || !isMember(channel, me.id)) return [404, { error: "no such conversation for this person" }];
      const thread = url.searchParams.get("thread") ?? undefined;
      return [200, conversationView(host.emulator, me, channel, host.clock.now(), host.appName, thread)];
    },
    "GET modal": async (_req, url) => {
      const me = viewer(url.searchParams.get("as"));
      if (!me) return [404, { error: "unknown person" }];
      return [200, { modal: modalView(host.emulator, me, host.clock.now()) }];
    },
    "GET home": async (_req, url) => {
      const me = viewer(url.searchParams.get("as"));
      if (!me) return [404, { error: "unknown person" }];
      return [200, { home: homeView(host.emulator, me, host.clock.now()) }];
    },
    // The person opens the app's Home tab: Slack tells the app (app_home_opened), which publishes it.
    "POST home/open": async (req) => {
      const b = zHomeOpen.parse(await readJson(req));
      return [200, await host.emulator.homeTabs.open(b.as)];
    },
    "POST compose": async (req) => {
      const body = zCompose.parse(await readJson(req));
      return [200, await host.emulator.interactions.compose(body.as, body.channel, body.text, body.threadTs)];
    },
    "POST action": async (req) => {
      const b = zAction.parse(await readJson(req));
      const element = { blockId: b.blockId, actionId: b.actionId, ...(b.value !== undefined ? { value: b.value } : {}) };
      if (b.viewId) return [200, await host.emulator.interactions.viewAction(b.as, b.viewId, element, b.inputs ?? {})];
      if (!b.channel || !b.messageTs) return [400, { ok: false, error: "an action needs a message or a modal" }];
      return [200, await host.emulator.interactions.messageAction(b.as, { channel: b.channel, messageTs: b.messageTs, ephemeral: b.ephemeral === true }, element)];
    },
    "POST shortcut": async (req) => {
      const b = zShortcut.parse(await readJson(req));
      if (b.channel === undefined && b.messageTs === undefined) return [200, await host.emulator.shortcuts.global(b.as, b.callbackId)];
      if (!b.channel || !b.messageTs) return [400, { ok: false, error: "a message shortcut needs the message's channel and ts" }];
      return [200, await host.emulator.shortcuts.onMessage(b.as, { channel: b.channel, messageTs: b.messageTs }, b.callbackId)];
    },
    "POST modal/submit": async (req) => {
      const b = zSubmit.parse(await readJson(req));
      return [200, await host.emulator.interactions.submitView(b.as, b.viewId, b.inputs)];
    },
    "POST modal/close": async (req) => {
      const b = zClose.parse(await readJson(req));
      return [200, await host.emulator.interactions.closeView(b.as, b.viewId)];
    },
    "POST channels": async (req) => {
      const b = zNewChannel.parse(await readJson(req));
      const made = host.emulator.conversations.create(b.as, b.name, b.isPrivate);
      return [200, made.ok ? { ok: true, channel: made.channel.id } : made];
    },
    // "Add the app to this channel", as from a channel's details in Slack.
    "POST invite-app": async (req) => {
      const b = zInviteApp.parse(await readJson(req));
      const done = host.emulator.conversations.invite(b.as, b.channel, [EMULATOR_IDS.botUserId]);
      return [200, done.ok ? { ok: true } : done];
    },
    "POST clock": async (req) => {
      await host.timeTravel(zClock.parse(await readJson(req)));
      broadcast({ type: "clock" });
      return [200, { ok: true, offsetMs: host.clock.offsetMs }];
    },
    ...tryPlaybookApi(host, readJson),
    "POST reset": async () => {
      broadcast({ type: "reset" });
      await host.reset();
      return [200, { ok: true }];
    },
  };

  const apiHandler = (method: "GET" | "POST") => (req: Req, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const name = `${method} ${url.pathname.replace(/^\/sandbox\/api\//, "")}`;
    const handler = api[name];
    if (!handler) return sendJson(res, 404, { error: `no such endpoint: ${name}` });
    if (method === "POST" && !sameOrigin(req)) return sendJson(res, 403, { error: "cross-origin requests are refused" });
    handler(req, url).then(
      ([status, body]) => sendJson(res, status, body),
      (err: unknown) => sendJson(res, err instanceof z.ZodError ? 400 : 500, { ok: false, error: err instanceof z.ZodError ? "bad request" : String(err) }),
    );
  };

  const events = (req: Req, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    // Reconnect quickly after a reset restarts the server.
    res.write("retry: 500\n\n");
    streams.add(res);
    const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), 20_000);
    keepAlive.unref();
    req.on("close", () => {
      clearInterval(keepAlive);
      streams.delete(res);
    });
  };

  const routes: ExtraRoute[] = [
    { path: "/", method: "GET", handler: (_req, res) => void sendFile(res, ["index.html"]) },
    // The page's modules, style sheet and images, in folders too (emoji/red_circle.svg).
    { path: "/sandbox/assets/*path", method: "GET", handler: (req, res) => void sendFile(res, [req.params?.path ?? []].flat()) },
    { path: "/sandbox/api/events", method: "GET", handler: events },
    // A file shared in a conversation, downloaded by a member of it (never rendered: plain text or bytes).
    { path: "/sandbox/files/:id/:name", method: "GET", handler: (req, res) => sendSharedFile(host, req, res) },
    { path: "/sandbox/api/*rest", method: "GET", handler: apiHandler("GET") },
    { path: "/sandbox/api/*rest", method: "POST", handler: apiHandler("POST") },
    // Permalinks the app posts ("Open the thread") open the conversation in the page.
    {
      path: "/archives/:channel/:message",
      method: "GET",
      handler: (req, res) => {
        const channel = String(req.params?.channel ?? "");
        const m = /^p(\d+)(\d{6})$/.exec(String(req.params?.message ?? ""));
        const thread = new URL(req.url ?? "/", "http://sandbox").searchParams.get("thread_ts");
        const ts = thread ?? (m ? `${m[1]}.${m[2]}` : "");
        res.writeHead(302, { location: `/#${new URLSearchParams({ channel, ts })}` }).end();
      },
    },
  ];

  return {
    routes,
    broadcast,
    closeStreams: () => {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

function callEvent(call: RecordedCall): Record<string, unknown> {
  const error = call.response?.ok === false ? String(call.response.error) : undefined;
  const messages = (call.response?.response_metadata as { messages?: unknown } | undefined)?.messages;
  return {
    type: "call",
    method: call.method,
    ok: error === undefined,
    ...(error ? { error } : {}),
    ...(Array.isArray(messages) ? { detail: messages.slice(0, 5).map(String) } : {}),
    ...(typeof call.args.channel === "string" ? { channel: call.args.channel } : {}),
    at: call.at,
  };
}

/** An Events API callback to the app, for the page's log beside the Web API calls. */
function appEventLine(sent: SentEvent): Record<string, unknown> {
  const answer = sent.answer;
  return {
    type: "app_event",
    event: sent.type,
    state: answer === undefined ? "sent" : answer.ok ? "acked" : "failed",
    ...(answer && !answer.ok ? { error: answer.error } : {}),
    at: sent.at,
  };
}

/** A page on another site cannot drive the sandbox: POSTs must come from the page itself, as JSON. */
function sameOrigin(req: IncomingMessage): boolean {
  if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) return false;
  const origin = req.headers.origin;
  return origin === undefined || new URL(origin).host === req.headers.host;
}

/**
 * The file of the page's assets named by these URL path segments (already percent-decoded, so
 * `..%2f` arrives as `../`), or undefined unless it is plainly one of them: each segment a plain
 * name (no slash, no `..`, no leading dot), a served kind of file, inside the assets folder.
 */
export function assetFile(segments: readonly string[]): string | undefined {
  if (segments.length === 0 || segments.length > 3 || !segments.every((s) => ASSET_SEGMENT.test(s) && !s.includes(".."))) return undefined;
  const path = normalize(join(ASSETS, ...segments));
  return path.startsWith(ASSETS) && Object.hasOwn(TYPES, extname(path)) ? path : undefined;
}

async function sendFile(res: ServerResponse, segments: readonly string[]): Promise<void> {
  const path = assetFile(segments);
  if (path === undefined) return void res.writeHead(404).end();
  try {
    const body = await readFile(path);
    res.writeHead(200, {
      "content-type": TYPES[extname(path)] ?? "application/octet-stream",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-cache",
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

/** A shared file's bytes, to a person in the conversation it was shared in; text as text/plain, so a browser never renders it. */
function sendSharedFile(host: SandboxHost, req: Req, res: ServerResponse): void {
  const ws = host.emulator.workspace;
  const found = ws.file(String(req.params?.id ?? ""));
  const as = new URL(req.url ?? "/", "http://sandbox").searchParams.get("as") ?? "";
  const channel = found && ws.channels.get(found.message.channel);
  if (!found || !channel || !ws.users.has(as) || !isMember(channel, as)) return void res.writeHead(404, { "content-type": "text/plain" }).end("no such file for this person");
  const { file } = found;
  const text = file.filetype !== "binary";
  res.writeHead(200, {
    "content-type": text ? "text/plain; charset=utf-8" : "application/octet-stream",
    "content-disposition": `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    "content-security-policy": "default-src 'none'; sandbox",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  });
  res.end(Buffer.from(file.data, "base64"));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new z.ZodError([]);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    throw new z.ZodError([]);
  }
}
