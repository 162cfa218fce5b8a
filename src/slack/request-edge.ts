import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseForm } from "node:querystring";
import { HTTPModuleFunctions, isValidSlackRequest, type AckFn, type App, type HTTPReceiver, type ReceiverEvent } from "@slack/bolt";
import type { Logger } from "../logger.js";
import { checkPayload } from "./payload-schemas.js";

/**
 * The edge: what a signed request must be to reach Bolt's listeners, and the answer it gets at once
 * when it is not one. Slack waits 3 s for an answer and every channel message the app subscribes to
 * needs one, used or not; Bolt alone leaves a request it cannot route unanswered until its 3 s
 * timeout (then 404), and answers 500 when a routing field is missing or of another type.
 *
 * - A body that is not a JSON object (bad JSON, `null`, a bare string): 400 and a log line, as Bolt
 *   answers bad JSON (Bolt itself would throw on `null` and never answer).
 * - A payload of a type the app takes but not in its shape (payload-schemas.ts): 200, empty, and a
 *   log line; no listener or middleware sees it, so nothing is written.
 * - A type the app does not take: 200, empty, and a log line.
 * - A valid payload no listener answered (an action id, form or event nobody listens to): 200,
 *   empty, as soon as Bolt is done with it.
 */

/**
 * Told how long each request took, by its payload type (`command`, `block_actions`,
 * `view_submission`, `event_callback`, ...; `refused` for one the edge answered itself): until its
 * ack, which is what Slack waits for, and until its listener was done. Called on the request's own
 * path, so it must only record (a histogram observation), never do I/O.
 */
export interface RequestTiming {
  acked(kind: string, seconds: number): void;
  handled(kind: string, seconds: number): void;
}

/** Checks each payload before Bolt does and answers what no listener did; HTTP and Socket Mode alike. */
export function installRequestEdge(app: App, logger: Logger, timing?: RequestTiming): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const received = performance.now();
    const verdict = checkPayload(event.body);
    const kind = verdict.ok ? verdict.type : "refused";
    let acked = false;
    const ack: AckFn<unknown> = async (response) => {
      if (!acked) timing?.acked(kind, (performance.now() - received) / 1000);
      acked = true;
      return event.ack(response);
    };
    if (!verdict.ok) {
      const fields = { type: verdict.type, problem: verdict.problem };
      if (verdict.reason === "malformed") logger.warn(fields, "request.malformed");
      else logger.info(fields, `request.${verdict.reason}`);
      return ack();
    }
    try {
      await processEvent({ ...event, ack });
    } catch (err) {
      // Bolt's own steps threw (its listeners' errors go to app.error): an answer still goes out.
      logger.error({ type: verdict.type, err }, "request.failed");
    }
    if (!acked) await ack();
    timing?.handled(kind, (performance.now() - received) / 1000);
  };
}

/** How far ahead of this machine's clock a signed request's timestamp may be (Slack's own window). */
const MAX_FUTURE_SKEW_SEC = 5 * 60;

/**
 * Checks on the raw HTTP request, before Bolt's receiver reads it.
 *
 * Bolt refuses a request stamped more than five minutes ago but accepts any stamp in the future,
 * which would let a request signed ahead of time be replayed for as long as one likes. Refused here
 * with 401, as Bolt answers a bad signature, before the body is read. Compared with the wall clock,
 * like Bolt's own check and Slack's signing, not the injected clock: that one is the product's "now"
 * (fixed by tests, moved by the sandbox's time travel) while Slack stamps requests in real time.
 *
 * Then the body of a POST to `path` is read (Bolt reuses the copy read here). A correctly signed body
 * whose JSON is not an object is answered 400 here, as Bolt answers bad JSON: on `null` Bolt would
 * throw outside any handler and never answer. Anything unsigned goes on to Bolt, which answers 401.
 */
export function guardHttpRequests(receiver: HTTPReceiver, opts: { path: string; signingSecret: string; logger: Logger }): void {
  const { logger } = opts;
  const handle = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const stamp = Number(req.headers["x-slack-request-timestamp"]);
    const nowSec = Math.floor(Date.now() / 1000);
    if (Number.isFinite(stamp) && stamp > nowSec + MAX_FUTURE_SKEW_SEC) {
      logger.warn({ ahead_s: stamp - nowSec }, "refused a request stamped in the future");
      res.writeHead(401).end();
      return;
    }
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://localhost").pathname !== opts.path) return handle(req, res);
    readThenHandle(req, res).catch((err: unknown) => {
      logger.error({ err }, "request.edge_failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };

  async function readThenHandle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: string;
    try {
      raw = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody.toString();
    } catch (err) {
      // raw-body's status: 413 too large, 400 aborted or not the length announced.
      const status = HTTPModuleFunctions.isRawBodyError(err) && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      logger.warn({ status, error: err instanceof Error ? err.message : String(err) }, "request.unreadable");
      res.writeHead(status).end();
      return;
    }
    // Judged before the signature, which is checked only for a body to refuse: Bolt checks it anyway.
    if (!parsesToObject(req, raw) && signed(req, raw)) {
      logger.warn({ status: 400, content_type: req.headers["content-type"], bytes: raw.length }, "request.unreadable");
      res.writeHead(400).end();
      return;
    }
    handle(req, res);
  }

  function signed(req: IncomingMessage, raw: string): boolean {
    const signature = req.headers["x-slack-signature"];
    if (typeof signature !== "string") return false;
    const timestamp = Number(req.headers["x-slack-request-timestamp"]);
    return isValidSlackRequest({ signingSecret: opts.signingSecret, body: raw, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
  }
}

/** The one content type Bolt reads as form fields; it parses anything else as JSON. */
const FORM = "application/x-www-form-urlencoded";

/**
 * Whether Bolt's parse of the body will give an object, or fail (which Bolt answers 400): the JSON
 * (the body, or a form's `payload` field) starts with "{". Anything else is either not JSON or JSON
 * that is not an object. Judged without parsing the JSON, so an event costs nothing more here.
 */
function parsesToObject(req: IncomingMessage, raw: string): boolean {
  if (req.headers["content-type"] !== FORM) return startsObject(raw);
  const { payload } = parseForm(raw);
  return typeof payload !== "string" || startsObject(payload);
}

const startsObject = (json: string) => /^[ \t\n\r]*\{/.test(json);
