/**
 * The clients bench/slack-calls.ts compares: `web-api` is the Web API client alone, configured as
 * the bot configured it before the hot-call path; `hot-calls` is the client the bot uses now.
 */
import { WebClient } from "@slack/web-api";
import type { Logger } from "../src/logger.js";
import { LISTENER_RETRY_CONFIG as LISTENER_RETRIES } from "../src/slack/app.js";
import { deliveryClient } from "../src/slack/delivery-setup.js";
import { HotCaller, useHotCalls } from "../src/slack/hot-calls.js";
import { reportingSlackErrors } from "../src/slack/slack-error-reporting.js";
import { slackLogger } from "../src/slack/slack-logger.js";

export type ClientKind = "web-api" | "hot-calls";

export function benchClients(opts: { token: string; slackApiUrl: string; logger: Logger; teamId: string }) {
  const errors = new Map<string, number>();
  const onError = (method: string, code: string) => errors.set(`${method} ${code}`, (errors.get(`${method} ${code}`) ?? 0) + 1);
  const boltLogger = slackLogger(opts.logger, "bolt");
  // As Bolt builds the client it hands a listener (clientOptions, its logger, the workspace's id).
  const listenerClient = () =>
    new WebClient(opts.token, {
      slackApiUrl: opts.slackApiUrl,
      logger: boltLogger,
      retryConfig: LISTENER_RETRIES,
      rejectRateLimitedCalls: true,
      fetch: reportingSlackErrors(opts.slackApiUrl, onError),
      teamId: opts.teamId,
    });
  const listeners: Record<ClientKind, WebClient> = {
    "web-api": listenerClient(),
    // What installHotCalls gives that client.
    "hot-calls": useHotCalls(
      listenerClient(),
      new HotCaller({ token: opts.token, teamId: opts.teamId, slackApiUrl: opts.slackApiUrl, retryConfig: LISTENER_RETRIES, logger: boltLogger, onError }),
    ),
  };
  const deliverers: Record<ClientKind, WebClient> = {
    // src/slack/delivery-setup.ts before the hot-call path.
    "web-api": new WebClient(opts.token, {
      slackApiUrl: opts.slackApiUrl,
      logger: slackLogger(opts.logger, "web-api"),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      fetch: reportingSlackErrors(opts.slackApiUrl, onError),
    }),
    "hot-calls": deliveryClient({ slackBotToken: opts.token, slackApiUrl: opts.slackApiUrl }, { logger: opts.logger, onSlackError: onError }),
  };
  return { errors, listener: (kind: ClientKind) => listeners[kind], deliverer: (kind: ClientKind) => deliverers[kind] };
}
