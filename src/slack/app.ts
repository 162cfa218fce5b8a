import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type LogLevel } from "@slack/bolt";
import { WebAPIPlatformError, WebAPIRequestError } from "@slack/web-api";
import type { SlackConfig } from "../config.js";
import type { Db } from "../db/connection.js";
import type { Logger } from "../logger.js";
import { slackLogger } from "./slack-logger.js";
import { installIdempotency } from "./idempotency.js";
import { guardHttpRequests, installRequestEdge, type RequestTiming } from "./request-edge.js";
import { reportingSlackErrors, type SlackErrorSink } from "./slack-error-reporting.js";
import { installHotCalls, type HotCallSettings } from "./hot-calls.js";
import { METRICS_PATH } from "../metrics/metrics-endpoint.js";
import { matchRoute } from "./route-match.js";
import type { ListenerDeps } from "./listeners/deps.js";
import { registerListeners } from "./listeners/index.js";

export const EVENTS_PATH = "/slack/events";
export const HEALTH_PATH = "/healthz";

/**
 * Listener calls (views.open, ephemeral replies) are answers to a person who is waiting: retry
 * briefly, never queue behind a long rate-limit pause (429s are rejected, see clientOptions).
 */
export const LISTENER_RETRY_CONFIG = { retries: 2, factor: 1.5, minTimeout: 200, maxTimeout: 1_000 } as const;

/** A page served beside /slack/events and /healthz, in HTTP and Socket Mode (path-to-regexp syntax, e.g. "/sandbox/*rest"). */
export interface ExtraRoute {
  path: string;
  method: "GET" | "POST";
  handler: (req: IncomingMessage & { params?: Record<string, string | string[]> }, res: ServerResponse) => void;
}

export interface SlackAppDeps {
  config: SlackConfig;
  logger: Logger;
  listeners: ListenerDeps;
  /** Requests already handled, so a repeat is answered without running its listener again. */
  /** Where request receipts are kept (see idempotency.ts). */
  db: Db;
  /** Body of GET /healthz; `ok: false` or throwing makes it answer 503. */
  health: () => Promise<Record<string, unknown>>;
  routes?: readonly ExtraRoute[];
  /** Interface to listen on (HTTP mode); all of them unless given. */
  host?: string;
  /** GET /metrics (served in both modes, like /healthz) and what feeds it from here. */
  metrics?: AppMetrics;
}

export interface AppMetrics {
  serve: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** How long each request took to ack and to handle. */
  requests: RequestTiming;
  /** Web API calls of the listeners' clients that failed. */
  slackError: SlackErrorSink;
}

export interface RunningSlackApp {
  app: App;
  /** The HTTP port actually bound (useful with PORT=0). */
  port: number;
  stop(): Promise<void>;
}

function answerHealth(health: SlackAppDeps["health"]) {
  return async (_req: IncomingMessage, res: ServerResponse) => {
    let status = 200;
    let body: Record<string, unknown>;
    try {
      body = { ok: true, ...(await health()) };
      // ok: false means a person must act; load balancers and monitors read the status.
      if (body.ok === false) status = 503;
    } catch (err) {
      status = 503;
      body = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
}

/**
 * Builds the Bolt app for HTTP (POST /slack/events, signature verification on) or, when
 * SLACK_APP_TOKEN is set, Socket Mode; /healthz and /metrics are served on PORT either way.
 */
export async function startSlackApp(deps: SlackAppDeps): Promise<RunningSlackApp> {
  const { config, logger } = deps;
  // Bolt's own entries (and its Web API and Socket Mode clients') under the name "bolt".
  const boltLogger = slackLogger(logger, "bolt");
  const clientOptions = {
    slackApiUrl: config.slackApiUrl,
    retryConfig: LISTENER_RETRY_CONFIG,
    rejectRateLimitedCalls: true,
    ...(deps.metrics ? { fetch: reportingSlackErrors(config.slackApiUrl, deps.metrics.slackError) } : {}),
  };
  // The same, for the listeners' views.open, chat.postMessage and chat.update (see hot-calls.ts).
  const hotCalls: Omit<HotCallSettings, "token" | "teamId"> = {
    slackApiUrl: config.slackApiUrl,
    retryConfig: LISTENER_RETRY_CONFIG,
    logger: boltLogger,
    ...(deps.metrics ? { onError: deps.metrics.slackError } : {}),
  };
  const healthHandler = answerHealth(deps.health);
  const metrics = deps.metrics;

  if (config.slackAppToken) {
    const app = new App({
      token: config.slackBotToken,
      appToken: config.slackAppToken,
      socketMode: true,
      logger: boltLogger,
      logLevel: boltLevel(config),
      clientOptions,
      // The Socket Mode client makes its own apps.connections.open call: give it SLACK_API_URL too.
      installerOptions: { clientOptions: { slackApiUrl: config.slackApiUrl } },
      deferInitialization: true,
      convoStore: false, // the bot keeps no per-conversation state in Bolt; the store costs CPU on every request
    });
    await verifyToken(app, config);
    // Socket Mode envelopes come over a connection the app opened with its token: they carry no
    // signature and no timestamp, so only the receipts guard against repeats here.
    installIdempotency(app, { db: deps.db, clock: deps.listeners.clock, logger });
    // After the receipts, so it runs before them: a payload it refuses leaves no receipt either.
    installRequestEdge(app, logger, metrics?.requests);
    installHotCalls(app, hotCalls);
    registerListeners(app, deps.listeners);
    installErrorHandler(app, logger);
    await app.start();
    const health = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (req.method === "GET" && path === HEALTH_PATH) return healthHandler(req, res);
      if (req.method === "GET" && path === METRICS_PATH && metrics) return metrics.serve(req, res);
      // The extra routes (the dashboard) are served here too: Socket Mode has no HTTP receiver.
      for (const route of deps.routes ?? []) {
        const params = req.method === route.method ? matchRoute(route.path, path) : undefined;
        if (params) return route.handler(Object.assign(req, { params }), res);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => health.listen(config.port, resolve));
    return {
      app,
      port: (health.address() as AddressInfo).port,
      stop: async () => {
        await app.stop();
        await closeServer(health);
      },
    };
  }

  const receiver = new HTTPReceiver({
    signingSecret: config.slackSigningSecret ?? "",
    endpoints: EVENTS_PATH,
    logger: boltLogger,
    // Ack first: Bolt answers Slack as soon as ack() is called, and the rest of the handler runs after.
    processBeforeResponse: false,
    customRoutes: [
      { path: HEALTH_PATH, method: ["GET"], handler: healthHandler },
      ...(metrics ? [{ path: METRICS_PATH, method: ["GET"], handler: metrics.serve }] : []),
      ...(deps.routes ?? []),
    ],
  });
  guardHttpRequests(receiver, { path: EVENTS_PATH, signingSecret: config.slackSigningSecret ?? "", logger });
  // No conversation store: the bot keeps no per-conversation state in Bolt, and the default store
  // costs about a tenth of the CPU of every request.
  const app = new App({ token: config.slackBotToken, receiver, logger: boltLogger, logLevel: boltLevel(config), clientOptions, deferInitialization: true, convoStore: false });
  await verifyToken(app, config);
  installIdempotency(app, { db: deps.db, clock: deps.listeners.clock, logger });
  // After the receipts, so it runs before them: a payload it refuses leaves no receipt either.
  installRequestEdge(app, logger, metrics?.requests);
  installHotCalls(app, hotCalls);
  registerListeners(app, deps.listeners);
  installErrorHandler(app, logger);
  const server = (await app.start(deps.host !== undefined ? { port: config.port, host: deps.host } : config.port)) as Server;
  return { app, port: (server.address() as AddressInfo).port, stop: async () => void (await app.stop()) };
}

/** Bolt sets the level of the logger it is given (to INFO unless told), so pass LOG_LEVEL through. */
function boltLevel(config: SlackConfig): LogLevel {
  return config.logLevel as LogLevel;
}

/** A start-up problem with a plain-language cause; main() prints it and exits 1. */
export class StartupError extends Error {
  override readonly name = "StartupError";
}

/** Checks the bot token with auth.test before listening, so a bad token fails start-up clearly. */
async function verifyToken(app: App, config: SlackConfig): Promise<void> {
  try {
    await app.init();
  } catch (err) {
    if (err instanceof WebAPIPlatformError) {
      throw new StartupError(
        `Slack rejected SLACK_BOT_TOKEN (${err.data.error}). Copy the Bot User OAuth Token (xoxb-...) from your app's OAuth & Permissions page and reinstall the app if its scopes changed.`,
      );
    }
    const reason = err instanceof WebAPIRequestError ? err.original.message : err instanceof Error ? err.message : String(err);
    throw new StartupError(`Could not reach Slack at ${config.slackApiUrl} (${reason}). Check the network, or SLACK_API_URL if you set it.`);
  }
}

/** Last line of defence: log, never let an error reach a user as a stack trace. */
function installErrorHandler(app: App, logger: Logger): void {
  app.error(async (error) => {
    logger.error({ err: error }, "unhandled listener error");
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
