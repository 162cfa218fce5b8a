import { randomBytes } from "node:crypto";
import type { IntegrationCall } from "../integrations/integration-delivery.js";
import type { RecordedCall } from "./emulator/call-log.js";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { startBot, type BotOptions, type RunningBot } from "../bot.js";
import type { SandboxConfig, SlackConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { DEFAULT_POLICY_FILE } from "../policy/loader.js";
import { loadPolicyWithLines } from "../policy/playbook-lines.js";
import { SlackEmulator } from "./emulator.js";
import { readManifest } from "./manifest.js";
import { sandboxPage } from "./page/server.js";
import { rosterFor } from "./roster.js";
import { seedWorkspace } from "./seed.js";
import { TravelClock } from "./travel-clock.js";

/**
 * Sandbox mode: the local Slack (emulator) on a loopback port, the bot pointed at it exactly as at
 * Slack (Web API through SLACK_API_URL, signed requests to /slack/events), and the page on the
 * bot's own PORT. The bot is the real one, unchanged; only its clock is the sandbox's time machine.
 */

export interface RunningSandbox {
  /** The page's address, e.g. http://localhost:3000/ . */
  url: string;
  port: number;
  emulator: SlackEmulator;
  clock: TravelClock;
  /** The bot now running (a reset starts a new one). */
  bot(): RunningBot;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  logger: Logger;
  /** Passed to the bot (tests shorten the outbox poll). */
  bot?: Pick<BotOptions, "outboxPollMs" | "postIntervalMs" | "scheduler">;
}

/** Files beside the sandbox database: the workspace's journal and the clock's offset. */
export function sandboxFiles(databasePath: string): { journal?: string; state?: string; database: string[] } {
  if (databasePath === ":memory:") return { database: [] };
  const base = databasePath.replace(/\.db$/, "");
  return {
    journal: `${base}.slack.jsonl`,
    state: `${base}.state.json`,
    database: [databasePath, `${databasePath}-wal`, `${databasePath}-shm`],
  };
}

export async function startSandbox(config: SandboxConfig, options: SandboxOptions): Promise<RunningSandbox> {
  const { logger } = options;
  const files = sandboxFiles(config.databasePath);
  // A broken playbook stops start-up before anything is opened, as in Slack mode.
  const { policy, cite } = loadPolicyWithLines(config.policyFile ?? DEFAULT_POLICY_FILE);
  const manifest = readManifest();
  const roster = rosterFor(policy);
  const clock = new TravelClock(readOffset(files.state));
  const publicHost = config.host === "0.0.0.0" || config.host === "::" || config.host === "127.0.0.1" ? "localhost" : config.host;
  const url = `http://${publicHost}:${config.port}/`;

  const emulator = await SlackEmulator.start({
    now: () => clock.now(),
    ...(files.journal ? { journalPath: files.journal } : {}),
    workspaceUrl: url,
    scopes: manifest.scopes,
    botEvents: manifest.botEvents,
    // The page shows recent calls; nothing needs them all.
    keepCalls: 500,
  });
  emulator.interactions.setCommands(manifest.commands);
  emulator.shortcuts.set(manifest.shortcuts);
  seedWorkspace(emulator.workspace, roster);

  let botConfig: SlackConfig = {
    mode: "slack",
    slackBotToken: `xoxb-sandbox-${randomBytes(8).toString("hex")}`,
    slackSigningSecret: randomBytes(16).toString("hex"),
    slackAppToken: undefined,
    slackApiUrl: emulator.url,
    port: config.port,
    databasePath: config.databasePath,
    // The sandbox keeps its own SQLite file, never a shared production database.
    databaseUrl: undefined,
    policyFile: config.policyFile,
    schedulerIntervalMs: config.schedulerIntervalMs,
    deliveryAlertAfterMs: config.deliveryAlertAfterMs,
    metadataSigningKey: undefined,
    // The page already lets anyone on it act as anyone: /metrics is open here.
    metricsToken: undefined,
    // The dashboard is open here too, and linked from the page's header.
    dashboardToken: undefined,
    // The page's own address, once the bot's port is known (publicUrlAt below): App Home links there.
    publicUrl: undefined,
    logLevel: config.logLevel,
    integrations: config.integrations,
    logFormat: config.logFormat,
  };

  let bot: RunningBot | undefined;
  let restarting: Promise<void> | undefined;
  const page = sandboxPage({
    emulator,
    appName: manifest.name,
    firstUser: roster.firstUser,
    firstChannel: roster.firstChannel,
    clock,
    playbook: { policy, cite },
    timeTravel: async (change) => {
      if ("realTime" in change) clock.backToRealTime();
      else clock.advance(change.advanceMs);
      writeOffset(files.state, clock.offsetMs);
      logger.info({ offset_ms: clock.offsetMs }, "sandbox.time_travel");
      // Whatever fell due in the jump happens now, not at the next scheduler interval.
      await bot?.scheduler.runOnce();
    },
    reset: async () => {
      if (restarting) return;
      // Answer the page first (on the next turn): the server stops below and would wait for this very request.
      restarting = new Promise((resolve) => setImmediate(resolve))
        .then(restart)
        .catch((err: unknown) => {
          logger.error({ err, outcome: "stopping" }, "sandbox.reset_failed");
          process.exitCode = 1;
          return stop();
        })
        .finally(() => {
          restarting = undefined;
        });
    },
  });

  const start = async () => {
    bot = await startBot(botConfig, {
      ...options.bot,
      clock,
      logger,
      policy,
      routes: page.routes,
      host: config.host,
      // The page already lets anyone act as anyone: the dashboard is open here, shown for the person it names.
      dashboardOpen: true,
      onIntegrationCall: (call) => emulator.events.emit("call", integrationCallLine(call)),
      publicUrlAt: (port) => `http://${publicHost}:${port}`,
    });
    // A restart after a reset comes back on the same port, also when PORT=0 picked one.
    botConfig = { ...botConfig, port: bot.port };
    const loopback = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    emulator.connectApp({ requestUrl: `http://${loopback}:${bot.port}/slack/events`, signingSecret: botConfig.slackSigningSecret! });
    return bot;
  };
  const restart = async () => {
    page.closeStreams();
    await bot?.stop();
    bot = undefined;
    for (const f of files.database) rmSync(f, { force: true });
    emulator.wipe();
    seedWorkspace(emulator.workspace, roster);
    clock.backToRealTime();
    writeOffset(files.state, 0);
    await start();
    logger.info({ outcome: "done" }, "sandbox.reset");
  };
  const stop = async () => {
    page.closeStreams();
    await bot?.stop();
    await emulator.stop();
  };

  try {
    await start();
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  const port = bot!.port;
  return {
    url: url.replace(`:${config.port}/`, `:${port}/`),
    port,
    emulator,
    clock,
    bot: () => {
      if (!bot) throw new Error("the sandbox bot is restarting");
      return bot;
    },
    stop,
  };
}

function readOffset(path: string | undefined): number {
  if (!path || !existsSync(path)) return 0;
  try {
    const offset = (JSON.parse(readFileSync(path, "utf8")) as { clockOffsetMs?: unknown }).clockOffsetMs;
    return typeof offset === "number" && Number.isFinite(offset) ? offset : 0;
  } catch {
    return 0;
  }
}

function writeOffset(path: string | undefined, offsetMs: number): void {
  if (path) writeFileSync(path, JSON.stringify({ clockOffsetMs: offsetMs }));
}

/** Jira's calls by what they do: the issue made, the search for an earlier attempt's, the issue read back. */
function jiraMethod(url: string): string {
  const path = new URL(url).pathname;
  if (path.endsWith("/search/jql")) return "jira.search";
  return path.endsWith("/issue") ? "jira.issue.create" : "jira.issue.get";
}

/** A call to a configured integration, as the page's API log shows it beside the Web API calls. */
export function integrationCallLine(call: IntegrationCall): RecordedCall {
  const method = call.integration === "pagerduty" ? "pagerduty.enqueue" : call.integration === "webhook" ? "webhook.post" : jiraMethod(call.url);
  return { method, args: {}, at: Date.now(), response: call.outcome === "ok" ? { ok: true } : { ok: false, error: call.outcome } };
}
