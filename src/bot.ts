import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { databaseLocation, LOG_LEVELS, type LogLevelName, type SlackConfig } from "./config.js";
import { openDatabase, type Db } from "./db/connection.js";
import { LeaseRepo } from "./db/lease-repo.js";
import { ShareableClock, systemClock, type Clock } from "./domain/clock.js";
import { keepOutOfLogs, secretsOf } from "./log-redaction.js";
import { chooseLogFormat, createLogger, type Logger } from "./logger.js";
import type { Policy } from "./domain/playbook/model.js";
import { ClockService } from "./services/clock-service.js";
import { DeliveryRetries } from "./services/delivery-retries.js";
import { ExportService } from "./services/export-service.js";
import { JiraService } from "./services/jira-service.js";
import { HomeService } from "./services/home-service.js";
import { fillCustomerKeys } from "./services/customer-keys.js";
import { escalationLife, type EscalationLife } from "./services/life.js";
import { EscalationService } from "./services/escalation-service.js";
import { Scheduler } from "./scheduler/scheduler.js";
import { ActorDirectory } from "./slack/actor-directory.js";
import { warnAboutPublicRestrictedChannels } from "./slack/restricted-channels.js";
import { startSlackApp, type ExtraRoute } from "./slack/app.js";
import { policyAsData } from "./domain/playbook/compile.js";
import { DEFAULT_POLICY_FILE, loadPolicyFile } from "./policy/loader.js";
import { DeliveryHealthReader, type DeliveryControl } from "./slack/delivery-control.js";
import { createDeliverer, type DeliverySettings } from "./slack/delivery-setup.js";
import { DeliveryThread } from "./slack/delivery-thread.js";
import type { SlackErrorSink } from "./slack/slack-error-reporting.js";
import { checkInstallation, startupClient } from "./slack/installation-check.js";
import { InstallationRepo } from "./db/installation-repo.js";
import { RefSigner, resolveRefKey, type RefKey } from "./slack/signed-ref.js";
import { DashboardLinks } from "./slack/dashboard-links.js";
import { BotMetrics } from "./metrics/bot-metrics.js";
import { serveMetrics } from "./metrics/metrics-endpoint.js";
import type { IntegrationCall } from "./integrations/integration-delivery.js";
import { integrationStates, parkedProblems } from "./integrations/integration-health.js";
import { dashboardForBot } from "./dashboard/setup.js";

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  /** How often the deliverer looks for retries and rows left by an earlier process. */
  outboxPollMs?: number;
  /** Minimum gap between posts to one channel (tests shorten it). */
  postIntervalMs?: number;
  /** How often a refused token is tried again while delivery is paused (tests shorten it). */
  authProbeMs?: number;
  /** A message unsent after this long makes /healthz ask for a person (default: the config's). */
  alertAfterMs?: number;
  /** Run the scheduler loop (tests drive ticks themselves with an injected clock). */
  scheduler?: boolean;
  /** More pages served on PORT beside /slack/events, /healthz and /dashboard (the sandbox's). */
  routes?: readonly ExtraRoute[];
  /** Interface to listen on; all of them unless given. */
  host?: string;
  /** /dashboard without sign-in, shown for the person the page names (the sandbox: its page acts as anyone already). */
  dashboardOpen?: boolean;
  /** The playbook, when the caller has loaded it already (else POLICY_FILE is read). */
  policy?: Policy;
  /**
   * Deliver on a worker thread of its own (the default), so a backlog never slows acks. Delivery
   * runs on the request thread when this is false, or when it cannot be shared: an in-memory
   * database, or a clock that is neither the system's nor a ShareableClock.
   */
  deliveryThread?: boolean;
  /**
   * The delivery thread's module (a built delivery-worker.js), when not the one beside this code.
   * Run from src/, each new thread compiles the sources again through tsx, which costs a second;
   * tests start hundreds of bots and hand it the build of the same sources instead.
   */
  deliveryWorkerScript?: URL;
  /** Told of each call to an integration (the sandbox shows them in its API log). */
  onIntegrationCall?: (call: IntegrationCall) => void;
  /**
   * Where people reach this bot, from the port it listens on, when the config's PUBLIC_URL does not
   * say: the sandbox's page, whose port PORT=0 picks only as it starts (no trailing slash).
   */
  publicUrlAt?: (port: number) => string;
}

export interface RunningBot {
  port: number;
  policy: Policy;
  db: Db;
  escalations: EscalationService;
  /** Ownership, severity changes, waiting on the customer, reopening, thread replies. */
  life: EscalationLife;
  clocks: ClockService;
  deliverer: DeliveryControl;
  scheduler: Scheduler;
  /** Signs and verifies what buttons and forms carry (tests sign their clicks with it). */
  refs: RefSigner;
  /** What GET /metrics serves (this app's own registry). */
  metrics: BotMetrics;
  /** The key App Home's dashboard links are signed with (dashboard/viewer-link.ts signViewerLink). */
  dashboardKey: string;
  stop(): Promise<void>;
}

/** Composition root: config → db → services → Slack app → deliverer. */
export async function startBot(config: SlackConfig, options: BotOptions = {}): Promise<RunningBot> {
  keepOutOfLogs(...secretsOf(config));
  const integrations = { pagerduty: config.integrations.pagerduty !== undefined, webhook: config.integrations.webhook !== undefined };
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: chooseLogFormat(config.logFormat, false) });
  // The playbook first: a broken one should stop start-up before anything else is opened.
  const policy = options.policy ?? loadPolicyFile(config.policyFile ?? DEFAULT_POLICY_FILE);
  const db = await openDatabase(databaseLocation(config));
  // Before any request can create an escalation: a lost database must not hand out ESC-0001 again.
  const installation = await checkInstallation({ client: startupClient(config.slackBotToken, config.slackApiUrl, logger), db, policy, clock, logger });

  const recorded = await db.read((tx) => new InstallationRepo(tx).get());
  const { processOnly, ...refKey } = resolveRefKey(config.metadataSigningKey, recorded);
  if (processOnly) {
    logger.warn(
      { problem: "buttons and forms are signed with a key for this run only; after a restart, their messages answer that they are out of date" },
      "installation.no_signing_key",
    );
  }
  const refs = new RefSigner(refKey);
  // Known once the port is, when the sandbox gives it (publicUrlAt); App Home's Dashboard button links there.
  let publicUrl = config.publicUrl;
  const dashboard = new DashboardLinks({ key: refKey.key, clock, publicUrl: () => publicUrl });
  // Names this process in the leases replicas share (the scheduler, delivery lanes).
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const metrics = new BotMetrics({ db, clock, policy });
  const onIntegrationCall = (call: IntegrationCall) => {
    metrics.integrationCall(call);
    options.onIntegrationCall?.(call);
  };
  const deliveryCtx = { db, policy, clock, logger, onSlackError: metrics.slackError, onIntegrationCall };
  const { delivery: deliverer, start: startDelivering } = prepareDelivery(config, options, deliveryCtx, refKey, holder);
  const escalations = new EscalationService({ db, clock, policy, integrations, onOutboxWritten: () => deliverer.kick() });
  const life = escalationLife({ db, clock, policy, integrations, onOutboxWritten: () => deliverer.kick() });
  const deliveryRetries = new DeliveryRetries({ db, clock, onOutboxWritten: () => deliverer.kick() });
  const homes = new HomeService({ db, clock, policy, onOutboxWritten: () => deliverer.kick() });
  const rerendered = recorded ? await escalations.rerenderOpenPosts(refs.fingerprint(), recorded.createdAt) : 0;
  // Open escalations' buttons get references this key signs.
  if (rerendered > 0) logger.info({ posts: rerendered }, "installation.rerender");
  const keyed = await fillCustomerKeys(db);
  // Earlier escalations now count toward repeats.
  if (keyed > 0) logger.info({ filled: keyed }, "escalations.customer_keys");
  const clocks = new ClockService({
    db,
    clock,
    policy,
    holder,
    // A leader that stops renewing is replaced after three missed ticks.
    leaseTtlMs: Math.max(3 * config.schedulerIntervalMs, 5_000),
    onOutboxWritten: () => deliverer.kick(),
    onBreach: (esc) => metrics.breachRecorded(esc.severity),
    integrations,
  });
  const scheduler = new Scheduler(clocks, clock, config.schedulerIntervalMs, logger);
  const dashboardRoutes = dashboardForBot({ config, db, policy, clock, logger, key: refKey.key, open: options.dashboardOpen === true });

  let slack;
  try {
    slack = await startSlackApp({
      config,
      logger,
      listeners: {
        escalations,
        life,
        exports: new ExportService({ db, clock, policy }),
        ...(config.integrations.jira
          ? { jira: new JiraService({ db, clock, policy, jiraOn: true, onOutboxWritten: () => deliverer.kick() }), jiraBaseUrl: config.integrations.jira.baseUrl }
          : {}),
        homes,
        dashboard,
        deliveryRetries,
        actors: new ActorDirectory(policy, clock, logger),
        refs,
        policy,
        clock,
        logger,
        onOpened: (esc) => metrics.escalationOpened(esc.severity),
      },
      db,
      health: async () => {
        const written = await writable(db, holder, clock);
        const delivery = await deliverer.health();
        const problems = [
          ...(installation.kind === "ok" ? [] : [installation.problem]),
          ...(written === "ok" ? [] : [`the database refuses writes (${written})`]),
          ...(delivery.slack === "ok" ? [] : [`Slack refuses the bot token (${delivery.slack}): delivery is paused`]),
          ...(delivery.needsAttention && delivery.slack === "ok" && delivery.oldestPendingSec * 1000 > (options.alertAfterMs ?? config.deliveryAlertAfterMs)
            ? [`a message has waited ${delivery.oldestPendingSec} s to be sent`]
            : []),
          ...parkedProblems(delivery.parked),
        ];
        return {
          ok: problems.length === 0,
          db: written,
          slack: delivery.slack,
          installation: installation.kind,
          policy: policy.name,
          outboxPending: delivery.pending,
          oldestPendingSec: delivery.oldestPendingSec,
          ...integrationStates(config.integrations, delivery.parked),
          ...(problems.length > 0 ? { problems } : {}),
        };
      },
      metrics: { serve: serveMetrics(metrics, config.metricsToken, logger), requests: metrics.requests, slackError: metrics.slackError },
      routes: [...dashboardRoutes, ...(options.routes ?? [])],
      ...(options.host !== undefined ? { host: options.host } : {}),
    });
  } catch (err) {
    await deliverer.stop();
    await db.close();
    throw err;
  }
  publicUrl ??= options.publicUrlAt?.(slack.port);
  await startDelivering();
  if (options.scheduler !== false) scheduler.start();
  // Not awaited: a slow or failing look at Slack never holds up start-up.
  void warnAboutPublicRestrictedChannels(slack.app.client, policy, clock, logger);
  logger.info(
    {
      mode: config.slackAppToken ? "socket" : "http",
      port: slack.port,
      database: db.location,
      delivery: deliverer instanceof DeliveryThread ? "thread" : "inline",
      playbook: policy.name,
    },
    "escalation bot ready",
  );

  let stopped = false;
  return {
    port: slack.port,
    policy,
    db,
    escalations,
    life,
    clocks,
    deliverer,
    scheduler,
    refs,
    metrics,
    dashboardKey: refKey.key,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await scheduler.stop();
      await slack.stop();
      await deliverer.stop();
      await db.close();
    },
  };
}

/** Delivery on its own thread when it can share the database and the clock, else on this one. */
function prepareDelivery(
  config: SlackConfig,
  options: BotOptions,
  ctx: { db: Db; policy: Policy; clock: Clock; logger: Logger; onSlackError: SlackErrorSink; onIntegrationCall?: (call: IntegrationCall) => void },
  refKey: RefKey,
  holder: string,
): { delivery: DeliveryControl; start: () => Promise<void> } {
  const settings: DeliverySettings = {
    slackBotToken: config.slackBotToken,
    slackApiUrl: config.slackApiUrl,
    pollMs: options.outboxPollMs ?? 1_000,
    ...(options.postIntervalMs !== undefined ? { postIntervalMs: options.postIntervalMs } : {}),
    ...(options.authProbeMs !== undefined ? { authProbeMs: options.authProbeMs } : {}),
    alertAfterMs: options.alertAfterMs ?? config.deliveryAlertAfterMs,
    refKey,
    holder,
    integrations: config.integrations,
    dashboardButton: config.publicUrl !== undefined || options.publicUrlAt !== undefined,
  };
  const shareableClock = ctx.clock === systemClock || ctx.clock instanceof ShareableClock;
  const location = databaseLocation(config);
  const inMemory = location.engine === "sqlite" && location.path === ":memory:";
  const threaded = options.deliveryThread !== false && !inMemory && shareableClock;
  if (!threaded) {
    const deliverer = createDeliverer(settings, ctx);
    return { delivery: deliverer, start: () => deliverer.start(settings.pollMs) };
  }
  const thread = new DeliveryThread(
    {
      database: location,
      policy: policyAsData(ctx.policy),
      settings,
      logLevel: (LOG_LEVELS as readonly string[]).includes(ctx.logger.level) ? (ctx.logger.level as LogLevelName) : config.logLevel,
      ...(ctx.clock instanceof ShareableClock ? { clockBuffer: ctx.clock.buffer } : {}),
    },
    new DeliveryHealthReader(ctx.db, ctx.clock, settings.alertAfterMs),
    ctx.logger,
    options.deliveryWorkerScript,
    ctx.onSlackError,
    ctx.onIntegrationCall,
  );
  return { delivery: thread, start: async () => thread.start() };
}

/** "ok" when the database takes a write (a heartbeat row), else why not: read-only, disk full, locked. */
async function writable(db: Db, holder: string, clock: Clock): Promise<string> {
  try {
    await db.transaction((tx) => new LeaseRepo(tx).heartbeat("healthz", holder, clock.now()));
    return "ok";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
