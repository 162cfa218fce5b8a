import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { MAX_FILE_BYTES, type FileUploads } from "../files.js";
import type { Interactions } from "../interactions.js";
import type { SocketHub } from "../socket-mode.js";
import type { WebApi } from "../web-api.js";
import { slackError } from "../web-api/wire.js";
import type { CallLog, RecordedCall } from "./call-log.js";
import { answerWithFault, type FaultBook } from "./faults.js";
import { parseArgs, parseJsonBody, readBody, sendJson } from "./http-wire.js";

/**
 * The emulator's HTTP side: /api/<method> for the Web API (with injected faults and every call
 * recorded), /response/<id> for response URLs, and the Socket Mode WebSocket upgrade.
 */

// Captured at load so a delayed answer still comes when a test installs fake timers.
const realSetTimeout = globalThis.setTimeout;

/** The "method" under which posts to the generic response URL are recorded. */
export const RESPONSE_URL_METHOD = "response_url";
export const SOCKET_PATH = "/link/";
/** Where files.getUploadURLExternal's upload URLs point: this plus the file id. */
export const UPLOAD_PATH = "/upload/";
/** The "method" under which POSTs of a file's bytes to its upload URL are recorded. */
export const UPLOAD_METHOD = "file_upload";

export interface RouterDeps {
  api: WebApi;
  interactions: Interactions;
  socket: SocketHub;
  faults: FaultBook;
  log: CallLog;
  files: FileUploads;
}

export class Router {
  constructor(private readonly d: RouterDeps) {}

  async request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const upload = new RegExp(`^${UPLOAD_PATH}(F[A-Z0-9]+)$`).exec(url.pathname);
    if (upload && req.method === "POST") return this.receiveUpload(upload[1]!, req, res, at);
    const body = await readBody(req);
    const responseUrl = /^\/response\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (responseUrl) {
      const args = parseJsonBody(body);
      const answer = await this.d.interactions.respond(responseUrl[1]!, args);
      this.d.log.record({ method: RESPONSE_URL_METHOD, args: args ?? {}, at, response: answer });
      sendJson(res, answer.ok ? 200 : 404, answer);
      return;
    }
    const m = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, slackError("unknown_path"));
    const method = m[1]!;
    const { args, token } = parseArgs(url, req.headers, body);
    const call: RecordedCall = { method, args, at, ...(token !== undefined ? { token } : {}) };

    const fault = this.d.faults.take(method, args);
    if (fault && !fault.dropResponse && fault.delayMs === undefined) return answerWithFault(call, fault, res, this.d.log);

    // Replies to a response URL carry no token, as in Slack.
    call.response = method === RESPONSE_URL_METHOD ? { ok: true } : token === undefined ? slackError("not_authed") : this.d.api.handle(method, args, token);
    this.d.log.record(call);

    if (fault?.dropResponse) {
      req.socket.destroy();
      return;
    }
    // unref: a test that ends while a call hangs must not be kept waiting for it.
    if (fault?.delayMs !== undefined) await new Promise((r) => realSetTimeout(r, fault.delayMs).unref());
    sendJson(res, 200, call.response);
  }

  /**
   * A file's bytes, POSTed to the upload URL as @slack/web-api sends them (multipart, the file in a
   * form field) or raw. Size-limited while reading; answered as Slack answers, "OK - <bytes>".
   */
  private async receiveUpload(id: string, req: IncomingMessage, res: ServerResponse, at: number): Promise<void> {
    const raw = await readBytes(req, MAX_FILE_BYTES + 64 * 1024);
    const record = (response: Record<string, unknown>) => this.d.log.record({ method: UPLOAD_METHOD, args: { file_id: id }, at, response });
    if (raw === undefined) {
      record({ ok: false, error: "file_too_large" });
      res.writeHead(413, { "content-type": "text/plain" }).end("file too large");
      return;
    }
    const bytes = await fileBytes(raw, String(req.headers["content-type"] ?? ""));
    const received = this.d.files.receive(id, bytes);
    record(received.ok ? { ok: true, size: bytes.length } : { ok: false, error: received.error });
    if (!received.ok) return void res.writeHead(received.status, { "content-type": "text/plain" }).end(received.error);
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (req.url?.startsWith(SOCKET_PATH)) this.d.socket.handleUpgrade(req, socket, head);
    else socket.destroy();
  }
}

/** The request's bytes, or undefined once there are more than `max` (the rest is not read). */
function readBytes(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The file in a multipart body (its first file field, else its first field), or the body itself. */
async function fileBytes(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const [, value] of form) {
    return typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

/**
 * Listens on host:port. The router is asked for per request because it needs the emulator, which
 * needs the URL, which needs the server listening: until there is one, requests get a 503.
 */
export async function listen(host: string, port: number, router: () => Router | undefined): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const r = router();
    if (!r) return void res.writeHead(503).end();
    r.request(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`slack emulator internal error: ${String(err)}`);
    });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const r = router();
    if (r) r.upgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${bound}` };
}
