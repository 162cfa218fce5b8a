import { WebClient } from "@slack/web-api";
import type { IntegrationSettings } from "../config.js";
import type { Db } from "../db/connection.js";
import type { IntegrationCall } from "../integrations/integration-delivery.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import { slackLogger } from "./slack-logger.js";
import type { Policy } from "../domain/playbook/model.js";
import { ChannelDirectory } from "./channel-directory.js";
import { Deliverer } from "./deliverer.js";
import { HomeService } from "../services/home-service.js";
import { HomePublisher } from "./home-publisher.js";
import { RoleDirectory } from "./role-directory.js";
import { RefSigner, type RefKey } from "./signed-ref.js";
import { reportingSlackErrors, type SlackErrorSink } from "./slack-error-reporting.js";
import { HotCaller, useHotCalls } from "./hot-calls.js";

/** How long one Web API call of the deliverer may take before it counts as failed. */
const DELIVERY_CALL_TIMEOUT_MS = 10_000;

/** Plain data (it crosses to the delivery thread): how to reach Slack and how to pace. */
export interface DeliverySettings {
  slackBotToken: string;
  slackApiUrl?: string;
  /** How often to look for retries and rows left by an earlier process. */
  pollMs: number;
  /** Minimum gap between posts to one channel (tests shorten it). */
  postIntervalMs?: number;
  /** How often a refused token is tried again while delivery is paused (tests shorten it). */
  authProbeMs?: number;
  /** A message unsent after this long makes /healthz ask for a person. */
  alertAfterMs?: number;
  /** The key the request thread verifies with, so both threads sign alike. */
  refKey: RefKey;
  /** Names this process among replicas: the same after the delivery thread restarts. */
  holder: string;
  /** PagerDuty and the webhook, when configured. */
  integrations?: IntegrationSettings;
  /** App Home offers the Dashboard button: the request thread knows the address to link to. */
  dashboardButton?: boolean;
}

export interface DeliveryContext {
  db: Db;
  policy: Policy;
  clock: Clock;
  logger: Logger;
  onSlackState?: (state: string) => void;
  /** Told of each Web API call Slack refused or left unanswered (the /metrics counter). */
  onSlackError?: SlackErrorSink;
  /** Told of each call to an integration (the sandbox's API log). */
  onIntegrationCall?: (call: IntegrationCall) => void;
}

const SLACK_API_URL = "https://slack.com/api/";

/** A deliverer with its own Web API client, the same whether it runs on this thread or its own. */
export function createDeliverer(settings: DeliverySettings, ctx: DeliveryContext): Deliverer {
  const client = deliveryClient(settings, ctx);
  return new Deliverer({
    ...ctx,
    client,
    channels: new ChannelDirectory(client, ctx.clock),
    roles: new RoleDirectory(client, ctx.policy, ctx.clock, ctx.logger),
    refs: new RefSigner(settings.refKey),
    homes: new HomePublisher({
      homes: new HomeService(ctx),
      client,
      policy: ctx.policy,
      clock: ctx.clock,
      logger: ctx.logger,
      dashboard: settings.dashboardButton ?? false,
    }),
    holder: settings.holder,
    ...(settings.integrations ? { integrations: settings.integrations } : {}),
    ...(settings.postIntervalMs !== undefined ? { postIntervalMs: settings.postIntervalMs } : {}),
    ...(settings.authProbeMs !== undefined ? { authProbeMs: settings.authProbeMs } : {}),
    ...(settings.alertAfterMs !== undefined ? { alertAfterMs: settings.alertAfterMs } : {}),
  });
}

/**
 * The deliverer's Web API client. It never retries by itself: the outbox owns retries and backoff,
 * so a 429 on one call does not pause every other call in the process (the Web API client's default).
 */
export function deliveryClient(
  settings: Pick<DeliverySettings, "slackBotToken" | "slackApiUrl">,
  ctx: Pick<DeliveryContext, "logger" | "onSlackError">,
  timeoutMs = DELIVERY_CALL_TIMEOUT_MS,
): WebClient {
  const logger = slackLogger(ctx.logger, "web-api");
  const slackApiUrl = settings.slackApiUrl ?? SLACK_API_URL;
  const client = new WebClient(settings.slackBotToken, {
    slackApiUrl,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A hung call is a failed attempt after this long, retried later; it holds only its own queue.
    timeout: timeoutMs,
    ...(ctx.onSlackError ? { fetch: reportingSlackErrors(slackApiUrl, ctx.onSlackError) } : {}),
  });
  // Posts and their updates, the calls the deliverer makes most, by the lean path (hot-calls.ts).
  useHotCalls(
    client,
    new HotCaller({
      token: settings.slackBotToken,
      slackApiUrl,
      retryConfig: { retries: 0 },
      timeoutMs,
      logger,
      ...(ctx.onSlackError ? { onError: ctx.onSlackError } : {}),
    }),
  );
  return client;
}
