import type { App } from "@slack/bolt";
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError, type WebAPICallResult, type WebClient } from "@slack/web-api";
// The same User-Agent as the Web API client's own calls, Bolt's app metadata included.
import { getUserAgent } from "@slack/web-api/dist/instrument.js";
import type { IncomingHttpHeaders } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { KeepAlivePoster, type PostAnswer } from "./keep-alive-post.js";
import { errorLabel, type SlackErrorSink } from "./slack-error-reporting.js";
import type { SlackLogger } from "./slack-logger.js";

/**
 * The calls a person waits for or that every escalation makes many times: the form after
 * `/escalate`, the posts and their updates. @slack/web-api builds its debug strings for every call
 * whatever the level (the whole body and answer, copied and stringified twice), queues each call
 * through p-queue and p-retry and sends it through fetch; these go through a keep-alive POST of a
 * JSON body (Slack takes JSON for write methods) instead. Every other method stays the client's.
 */
export const HOT_METHODS = ["views.open", "chat.postMessage", "chat.update"] as const;
export type HotMethod = (typeof HOT_METHODS)[number];

/** What Slack answered, as the client returns it; `error` when it says ok:false. */
type CallResult = WebAPICallResult & { error?: unknown };

/** The Web API client's retryConfig (node-retry's options): how often and how long to wait between attempts. */
export interface HotRetryConfig {
  retries: number;
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
  randomize?: boolean;
}

export interface HotCallSettings {
  token: string;
  /** SLACK_API_URL, ending in `/` or not (as the client's `slackApiUrl`). */
  slackApiUrl: string;
  /** Sent as `team_id` with every call, as the client Bolt builds for a workspace does. */
  teamId?: string;
  retryConfig: HotRetryConfig;
  /** A call that takes longer fails (and is retried like a network failure); 0 or absent: no limit. */
  timeoutMs?: number;
  logger: SlackLogger;
  /** Told of each failed attempt by method and code, as reportingSlackErrors tells of the client's. */
  onError?: SlackErrorSink;
  /** Calls in flight at most; more wait (the client's maxRequestConcurrency, 100 by default). */
  maxConcurrency?: number;
}

/**
 * A 429 and the rate-limit errors are thrown at once (as with `rejectRateLimitedCalls`: the caller
 * decides when to try again); only HTTP errors and calls that got no answer are retried here.
 */
class NotRetried {
  constructor(readonly error: Error) {}
}

/**
 * Makes the hot calls as the Web API client configured with `rejectRateLimitedCalls` makes them,
 * and fails the same way, with the same error classes (delivery-error.ts, app.ts and the listeners
 * classify them): `WebAPIPlatformError` (ok:false, `data.error`; a body that is not JSON is its
 * `error`), `WebAPIRateLimitedError` (a 429 with Retry-After), `WebAPIHTTPError` (another status),
 * `WebAPIRequestError` (no answer; a timeout's cause is a `TimeoutError`). Retries as p-retry
 * retries with the same config, and throws the error it would.
 */
export class HotCaller {
  private readonly poster: KeepAlivePoster;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly settings: HotCallSettings) {
    const base = new URL(settings.slackApiUrl.endsWith("/") ? settings.slackApiUrl : `${settings.slackApiUrl}/`);
    this.poster = new KeepAlivePoster(base, settings.maxConcurrency ?? 100);
    this.basePath = base.pathname;
    this.headers = {
      "user-agent": getUserAgent(),
      accept: "application/json",
      "content-type": "application/json; charset=utf-8",
      ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
    };
  }

  async call(method: HotMethod, args: object): Promise<WebAPICallResult> {
    const { logger } = this.settings;
    const debug = logger.getLevel() === "debug";
    if (debug) logger.debug(`apiCall('${method}') start`);
    warnIfTextMissing(method, args as Record<string, unknown>, logger);
    const { token, ...rest } = args as Record<string, unknown>;
    const headers = typeof token === "string" && token !== "" ? { ...this.headers, authorization: `Bearer ${token}` } : this.headers;
    const body = jsonBody(this.settings.teamId, rest);
    if (debug) logger.debug(`http request body: ${JSON.stringify(redact(rest))}`);
    const answer = await this.withRetries(method, body, headers);
    const { result, parsed } = resultOf(answer);
    // As reportingSlackErrors does for the client's calls: Slack's refusal, by its code.
    if (parsed && result.ok === false && (answer.headers["content-type"] ?? "").includes("json")) {
      this.settings.onError?.(method, typeof result.error === "string" ? errorLabel(result.error) : "unknown");
    }
    if (debug) logger.debug(`http request result: ${JSON.stringify(redact(result))}`);
    logResponseMessages(result, logger);
    if (!result.ok) throw new WebAPIPlatformError(result as WebAPICallResult & { error: string });
    if (debug) logger.debug(`apiCall('${method}') end`);
    return result;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.poster.close();
  }

  private async withRetries(method: HotMethod, body: string, headers: Record<string, string>): Promise<PostAnswer> {
    const retry = this.settings.retryConfig;
    const failures: Error[] = [];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(method, body, headers);
      } catch (thrown) {
        if (thrown instanceof NotRetried) throw thrown.error;
        const err = thrown as Error;
        // p-retry marks each failed attempt so.
        Object.assign(err, { attemptNumber: attempt + 1, retriesLeft: retry.retries - attempt });
        failures.push(err);
        if (attempt >= retry.retries) throw mainError(failures);
        await sleep(backoff(attempt, retry));
      }
    }
  }

  private async attempt(method: HotMethod, body: string, headers: Record<string, string>): Promise<PostAnswer> {
    const { onError, logger } = this.settings;
    let answer: PostAnswer;
    try {
      answer = await this.poster.post(this.basePath + method, body, headers, this.settings.timeoutMs ?? 0);
    } catch (err) {
      const e = err as Error;
      onError?.(method, e.name === "TimeoutError" || e.name === "AbortError" ? "timeout" : "network");
      logger.warn("http request failed", e.message);
      throw new WebAPIRequestError(e);
    }
    if (answer.status === 429) {
      onError?.(method, "ratelimited");
      const retryAfter = retryAfterSeconds(answer.headers);
      if (retryAfter !== undefined) throw new NotRetried(new WebAPIRateLimitedError(retryAfter));
      const url = `${this.settings.slackApiUrl.replace(/\/?$/, "/")}${method}`;
      throw new NotRetried(new Error(`Retry header did not contain a valid timeout (url: ${url}, retry-after header: ${headerText(answer.headers["retry-after"]) ?? null})`));
    }
    if (answer.status !== 200) {
      onError?.(method, `http_${answer.status}`);
      throw new WebAPIHTTPError(answer.status, answer.statusText, headerRecord(answer.headers), answer.body);
    }
    return answer;
  }
}

/**
 * Gives `client` the hot-call path for its hot methods: `client.views.open(...)` and the others
 * keep their signature, result and errors; the rest of the client is untouched.
 */
export function useHotCalls(client: WebClient, caller: HotCaller): WebClient {
  const through = (method: HotMethod) => (args: object) => caller.call(method, args);
  client.views.open = through("views.open") as WebClient["views"]["open"];
  client.chat.postMessage = through("chat.postMessage") as WebClient["chat"]["postMessage"];
  client.chat.update = through("chat.update") as WebClient["chat"]["update"];
  return client;
}

/**
 * Bolt builds the clients it hands to listeners itself (one per workspace and token, kept for the
 * life of the process) from its clientOptions alone, with no way to give it another class: this
 * global middleware gives each such client the hot-call path the first time it passes, before any
 * listener can use it. `settings` are those of the clientOptions (retries, URL, logger, metrics).
 */
export function installHotCalls(app: App, settings: Omit<HotCallSettings, "token" | "teamId">): void {
  const given = new WeakSet<WebClient>();
  // One caller (and its connections) per token and workspace, however many clients Bolt makes.
  const callers = new Map<string, HotCaller>();
  app.use(async ({ client, context, next }) => {
    if (!given.has(client) && client.token) {
      const teamId = context.teamId;
      const key = `${teamId ?? ""} ${client.token}`;
      let caller = callers.get(key);
      if (!caller) {
        caller = new HotCaller({ ...settings, token: client.token, ...(teamId !== undefined ? { teamId } : {}) });
        callers.set(key, caller);
      }
      useHotCalls(client, caller);
      given.add(client);
    }
    await next();
  });
}

/** The arguments as one JSON object, without empty values (the client leaves those out too). */
function jsonBody(teamId: string | undefined, args: Record<string, unknown>): string {
  const body: Record<string, unknown> = teamId !== undefined ? { team_id: teamId } : {};
  for (const key in args) {
    const value = args[key];
    if (value !== undefined && value !== null) body[key] = value;
  }
  return JSON.stringify(body);
}

/**
 * The answer as the client returns it: parsed, with response_metadata and what the headers add. A
 * body that is not JSON becomes Slack's refusal with the body as its `error`, as the client has it.
 */
function resultOf(answer: PostAnswer): { result: CallResult; parsed: boolean } {
  let data: CallResult;
  let parsed = true;
  try {
    data = JSON.parse(answer.body) as CallResult;
  } catch {
    data = { ok: false, error: answer.body };
    parsed = false;
  }
  data.response_metadata ??= {};
  const scopes = headerText(answer.headers["x-oauth-scopes"]);
  if (scopes !== undefined) data.response_metadata.scopes = scopes.trim().split(/\s*,\s*/);
  const accepted = headerText(answer.headers["x-accepted-oauth-scopes"]);
  if (accepted !== undefined) data.response_metadata.acceptedScopes = accepted.trim().split(/\s*,\s*/);
  const retryAfter = retryAfterSeconds(answer.headers);
  if (retryAfter !== undefined) data.response_metadata.retryAfter = retryAfter;
  return { result: data, parsed };
}

function retryAfterSeconds(headers: IncomingHttpHeaders): number | undefined {
  const value = headerText(headers["retry-after"]);
  if (value === undefined) return undefined;
  const seconds = Number.parseInt(value, 10);
  return Number.isNaN(seconds) ? undefined : seconds;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Headers as fetch's `Object.fromEntries(headers.entries())` gives them: lower-case names, one string each. */
function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = headerText(value);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/** node-retry's wait before attempt `attempt + 2`: minTimeout × factor^attempt, capped, optionally randomized. */
function backoff(attempt: number, retry: HotRetryConfig): number {
  const random = retry.randomize ? Math.random() + 1 : 1;
  const ms = Math.round(random * Math.max(retry.minTimeout ?? 1_000, 1) * Math.pow(retry.factor ?? 2, attempt));
  return Math.min(ms, retry.maxTimeout ?? Number.POSITIVE_INFINITY);
}

/** node-retry's mainError: the error whose message came most often, the latest of them on a tie. */
function mainError(errors: readonly Error[]): Error {
  const counts = new Map<string, number>();
  let main = errors[0]!;
  let mainCount = 0;
  for (const err of errors) {
    const count = (counts.get(err.message) ?? 0) + 1;
    counts.set(err.message, count);
    if (count >= mainCount) {
      main = err;
      mainCount = count;
    }
  }
  return main;
}

/** The client's warnings and errors from Slack's response_metadata, logged the same way. */
function logResponseMessages(result: WebAPICallResult, logger: SlackLogger): void {
  const meta = result.response_metadata;
  if (!meta) return;
  // forEach hands the logger the index and the list too, as the client's `forEach(logger.warn)` does.
  meta.warnings?.forEach((warning, i, all) => logger.warn(warning, i, all));
  for (const msg of meta.messages ?? []) {
    const error = /\[ERROR\](.*)/.exec(msg);
    if (error) logger.error(error[1]!.trim());
    else {
      const warn = /\[WARN\](.*)/.exec(msg);
      if (warn) logger.warn(warn[1]!.trim());
    }
  }
}

/** The client's warning for a message without `text` (screen readers and notifications need it). */
function warnIfTextMissing(method: HotMethod, args: Record<string, unknown>, logger: SlackLogger): void {
  if (method !== "chat.postMessage") return;
  const empty = (v: unknown) => v === undefined || v === null || v === "";
  if (!empty(args.text) || !empty(args.markdown_text)) return;
  const attachments = Array.isArray(args.attachments) ? (args.attachments as { fallback?: string }[]) : [];
  if (attachments.length > 0 && attachments.every((a) => a.fallback && a.fallback.trim() !== "")) return;
  logger.warn(
    `The top-level \`text\` argument is missing in the request payload for a ${method} call - It's a best practice to always provide a \`text\` argument when posting a message. The \`text\` is used in places where the content cannot be rendered such as: system push notifications, assistive technology such as screen readers, etc.`,
  );
}

/** The client's redaction of its debug lines: credentials by key, binary values left out (the logger redacts typed text). */
function redact(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Buffer.isBuffer(value)) return "[[BINARY VALUE OMITTED]]";
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    out[key] = /token/.test(key) || /[Aa]uthorization/.test(key) ? "[[REDACTED]]" : redact(v);
  }
  return out;
}
