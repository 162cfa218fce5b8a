import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { WebClient } from "@slack/web-api";
import type { SlackConfig } from "./config.js";
import { createDb, type Db } from "./db/connection.js";
import { LeaseRepo } from "./db/lease-repo.js";
import { systemClock, type Clock } from "./domain/clock.js";
import { createLogger, type Logger } from "./logger.js";
import type { Policy } from "./policy/model.js";
import { ClockService } from "./services/clock-service.js";
import { DeliveryRetries } from "./services/delivery-retries.js";
import { EscalationService } from "./services/escalation-service.js";
import { Scheduler } from "./scheduler/scheduler.js";
import { startSlackApp, type ExtraRoute } from "./slack/app.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "./policy/loader.js";
import { ChannelDirectory } from "./slack/channel-directory.js";
import { RoleDirectory } from "./slack/role-directory.js";
import { Deliverer } from "./slack/deliverer.js";

/** How long one Web API call of the deliverer may take before it counts as failed. */
const DELIVERY_CALL_TIMEOUT_MS = 10_000;

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  /** How often the deliverer looks for retries and rows left by an earlier process. */
  outboxPollMs?: number;
  /** Minimum gap between posts to one channel (tests shorten it). */
  postIntervalMs?: number;
  /** How often a refused token is tried again while delivery is paused (tests shorten it). */
  authProbeMs?: number;
  /** A message unsent after this long makes /healthz ask for a person (default 15 min). */
  alertAfterMs?: number;
  /** Run the scheduler loop (tests drive ticks themselves with an injected clock). */
  scheduler?: boolean;
  /** More pages served on PORT beside /slack/events and /healthz (the sandbox's). HTTP mode only. */
  routes?: readonly ExtraRoute[];
  /** Interface to listen on; all of them unless given. */
  host?: string;
  /** The playbook, when the caller has loaded it already (else POLICY_FILE is read). */
  policy?: Policy;
}

export interface RunningBot {
  port: number;
  policy: Policy;
  db: Db;
  escalations: EscalationService;
  clocks: ClockService;
  deliverer: Deliverer;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/** Composition root: config → db → services → Slack app → deliverer. */
export async function startBot(config: SlackConfig, options: BotOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  // The playbook first: a broken one should stop start-up before anything else is opened.
  const policy = options.policy ?? loadPolicyFile(config.policyFile ?? DEFAULT_POLICY_FILE);
  const { db, close } = createDb(config.databasePath);

  // The deliverer's client never retries by itself: the outbox owns retries and backoff, so a 429
  // on one call does not pause every other call in the process (the Web API client's default).
  const deliveryClient = new WebClient(config.slackBotToken, {
    slackApiUrl: config.slackApiUrl,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A hung call is a failed attempt after this long, retried later; it holds only its own queue.
    timeout: DELIVERY_CALL_TIMEOUT_MS,
  });
  const deliverer = new Deliverer({
    db,
    policy,
    client: deliveryClient,
    channels: new ChannelDirectory(deliveryClient, clock),
    roles: new RoleDirectory(deliveryClient, policy, clock, logger),
    clock,
    logger,
    ...(options.postIntervalMs !== undefined ? { postIntervalMs: options.postIntervalMs } : {}),
    ...(options.authProbeMs !== undefined ? { authProbeMs: options.authProbeMs } : {}),
    ...(options.alertAfterMs !== undefined ? { alertAfterMs: options.alertAfterMs } : {}),
  });
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const escalations = new EscalationService({ db, clock, policy, onOutboxWritten: () => deliverer.kick() });
  const deliveryRetries = new DeliveryRetries({ db, clock, onOutboxWritten: () => deliverer.kick() });
  const clocks = new ClockService({
    db,
    clock,
    policy,
    holder,
    // A leader that stops renewing is replaced after three missed ticks.
    leaseTtlMs: Math.max(3 * config.schedulerIntervalMs, 5_000),
    onOutboxWritten: () => deliverer.kick(),
  });
  const scheduler = new Scheduler(clocks, clock, config.schedulerIntervalMs, logger);
  const leases = new LeaseRepo(db);

  let slack;
  try {
    slack = await startSlackApp({
      config,
      logger,
      listeners: { escalations, deliveryRetries, policy, clock, logger },
      health: () => {
        const db = writable(leases, holder, clock);
        const delivery = deliverer.health();
        const problems = [
          ...(db === "ok" ? [] : [`the database refuses writes (${db})`]),
          ...(delivery.slack === "ok" ? [] : [`Slack refuses the bot token (${delivery.slack}): delivery is paused`]),
          ...(delivery.needsAttention && delivery.slack === "ok" ? [`a message has waited ${delivery.oldestPendingSec} s to be sent`] : []),
        ];
        return {
          ok: problems.length === 0,
          db,
          slack: delivery.slack,
          policy: policy.name,
          outboxPending: delivery.pending,
          oldestPendingSec: delivery.oldestPendingSec,
          ...(problems.length > 0 ? { problems } : {}),
        };
      },
      routes: options.routes ?? [],
      ...(options.host !== undefined ? { host: options.host } : {}),
    });
  } catch (err) {
    close();
    throw err;
  }
  deliverer.start(options.outboxPollMs ?? 1_000);
  if (options.scheduler !== false) scheduler.start();
  logger.info(
    `escalation bot ready mode=${config.slackAppToken ? "socket" : "http"} port=${slack.port} database=${config.databasePath} playbook=${JSON.stringify(policy.name)}`,
  );

  let stopped = false;
  return {
    port: slack.port,
    policy,
    db,
    escalations,
    clocks,
    deliverer,
    scheduler,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      await slack.stop();
      await deliverer.stop();
      close();
    },
  };
}

/** "ok" when the database takes a write (a heartbeat row), else why not: read-only, disk full, locked. */
function writable(leases: LeaseRepo, holder: string, clock: Clock): string {
  try {
    leases.heartbeat("healthz", holder, clock.now());
    return "ok";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
