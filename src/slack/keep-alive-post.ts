import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** One HTTP answer, read whole. */
export interface PostAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Idle connections are closed after this long (or sooner when the server's Keep-Alive hint says
 * so), before a server is likely to close them under a request: undici's default, which the Web
 * API client's fetch used.
 */
const IDLE_MS = 4_000;

/**
 * POSTs to one origin over kept-alive connections (node:http, no fetch): what the hot Web API calls
 * need and nothing else. Failures look like fetch's, so the errors built from them read the same
 * as the Web API client's: a connection that fails is `TypeError: fetch failed` with the cause, a
 * call that takes too long is the `TimeoutError` AbortSignal.timeout gives, a redirect is refused.
 */
export class KeepAlivePoster {
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  private readonly host: string;
  private readonly port: number | undefined;

  /** `maxSockets`: calls beyond it wait for a connection, as the Web API client's queue made them wait. */
  constructor(origin: URL, maxSockets: number) {
    const secure = origin.protocol === "https:";
    const options = { keepAlive: true, maxSockets, timeout: IDLE_MS };
    this.agent = secure ? new HttpsAgent(options) : new HttpAgent(options);
    this.send = secure ? httpsRequest : httpRequest;
    this.host = origin.hostname.replace(/^\[|\]$/g, "");
    this.port = origin.port === "" ? undefined : Number(origin.port);
  }

  /** `timeoutMs` (0: none) counts from when the call has a connection to when its answer is read. */
  post(path: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostAnswer> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
        req.destroy();
      };
      const options: RequestOptions = {
        host: this.host,
        ...(this.port !== undefined ? { port: this.port } : {}),
        path,
        method: "POST",
        agent: this.agent,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      };
      const req = this.send(options, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) return fail(fetchFailed(new Error("unexpected redirect")));
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("error", (err) => fail(fetchFailed(err)));
        res.on("aborted", () => fail(fetchFailed(new Error("terminated"))));
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status, statusText: res.statusMessage ?? "", headers: res.headers, body: text });
        });
      });
      req.on("error", (err) => fail(fetchFailed(err)));
      if (timeoutMs > 0) {
        req.once("socket", () => {
          timer = setTimeout(() => fail(new DOMException("The operation was aborted due to timeout", "TimeoutError")), timeoutMs);
        });
      }
      req.end(body);
    });
  }

  /** Closes every connection (a call under way fails). */
  close(): void {
    this.agent.destroy();
  }
}

/** What undici's fetch throws when there is no answer: the reason is the cause. */
function fetchFailed(cause: Error): TypeError {
  return new TypeError("fetch failed", { cause });
}
