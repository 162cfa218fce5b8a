import { startBot, type RunningBot } from "../../src/bot.js";
import { loadSlackConfig } from "../../src/config.js";
import { ESCALATION_FIELD as F } from "../../src/slack/ids.js";
import { CALLBACK, policyFieldBlockId } from "../../src/slack/ids.js";
import { captureLogs } from "./log-capture.js";
import { withBuiltDeliveryWorker } from "./built-worker.js";
import { ManualClock } from "./clock.js";
import { tempDatabasePath, testDatabase, type TestDatabase } from "./db.js";
import type { EmulatorOptions } from "../../src/sandbox/emulator.js";
import { readManifest } from "../../src/sandbox/manifest.js";
import { startTestSlack, type SlackEmulator } from "./test-slack.js";
import { slackSender, viewSubmission, type BeforeSend, type SlackSender, type ViewStateValues } from "./signed-request.js";

export const SIGNING_SECRET = "test-signing-secret";
/** Mixed into the database's key to sign buttons, forms and dashboard links, as in production. */
export const METADATA_SIGNING_KEY = "test-metadata-signing-key-0123456789abcdef";

export { tempDatabasePath };

export interface Harness {
  fake: SlackEmulator;
  clock: ManualClock;
  bot: RunningBot;
  slack: SlackSender;
  /** The bot's log, one entry a line as a terminal shows it (`escalation.submit escalation=ESC-0001 outcome=created`). */
  logs: string[];
  /** The same entries as production writes them: JSON, one object a line. */
  jsonLogs: string[];
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The real app on an ephemeral port, talking to a fake Slack over real HTTP, on a fresh database
 * of the run's engine (dropped by stop()), or on `database`, which the test keeps (and drops) to
 * start the bot on it again.
 */
export async function startHarness(
  opts: { fake?: EmulatorOptions; env?: Record<string, string>; database?: TestDatabase; postIntervalMs?: number; alertAfterMs?: number; slack?: SlackEmulator } = {},
): Promise<Harness> {
  const database = opts.database ?? (await testDatabase());
  const ownDatabase = opts.database === undefined;
  try {
    return await startHarnessOn(database, opts, ownDatabase ? () => database.drop() : async () => undefined);
  } catch (err) {
    if (ownDatabase) await database.drop();
    throw err;
  }
}

async function startHarnessOn(
  database: TestDatabase,
  opts: { fake?: EmulatorOptions; env?: Record<string, string>; postIntervalMs?: number; alertAfterMs?: number; slack?: SlackEmulator },
  dropDatabase: () => Promise<void>,
): Promise<Harness> {
  // Slack sends the app the events its manifest subscribes to, and only those.
  // `slack`: the workspace of an earlier run, kept (and stopped) by the test: the bot restarts, Slack stays.
  const fake = opts.slack ?? (await startTestSlack({ botEvents: readManifest().botEvents, ...opts.fake }));
  const clock = new ManualClock();
  const config = loadSlackConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    PORT: "0",
    // A file (or a server), as in production: delivery runs on its own thread with its own connection to it.
    ...database.env,
    LOG_LEVEL: "info",
    // Buttons and forms are signed with it mixed into the database's key, as in production.
    METADATA_SIGNING_KEY,
    ...opts.env,
  });
  const log = captureLogs(config.logLevel);
  const bot = await startBot(config, {
    clock,
    logger: log.logger,
    outboxPollMs: 50,
    postIntervalMs: opts.postIntervalMs ?? 0,
    // A refused token is tried again quickly, so a test sees delivery resume.
    authProbeMs: 50,
    ...(opts.alertAfterMs !== undefined ? { alertAfterMs: opts.alertAfterMs } : {}),
    // Tests call bot.clocks.tick() themselves after moving the clock.
    scheduler: false,
    ...withBuiltDeliveryWorker(),
  });
  // Delivery's thread is up (a drain is answered by it) before a test waits for a post with a deadline.
  await bot.deliverer.drain();
  const baseUrl = `http://127.0.0.1:${bot.port}`;
  // What people do in the workspace (clicks, new channels, invitations) reaches the app signed, over HTTP.
  if (!config.slackAppToken) fake.connectApp({ requestUrl: `${baseUrl}/slack/events`, signingSecret: SIGNING_SECRET });
  return {
    fake,
    clock,
    bot,
    logs: log.lines,
    jsonLogs: log.json,
    baseUrl,
    slack: slackSender(`${baseUrl}/slack/events`, SIGNING_SECRET, playingSlack(fake)),
    stop: async () => {
      await bot.stop();
      if (!opts.slack) await fake.stop();
      await dropDatabase();
    },
  };
}

export interface EscalationFields {
  customer?: string;
  tier?: string;
  severity?: string;
  summary?: string;
  impact?: string;
  contact?: string;
  troubleshooting?: string;
  customersAffected?: string;
  category?: string;
}

/** `view.state.values` as Slack sends them for the escalation modal. */
export function escalationValues(f: EscalationFields = {}): ViewStateValues {
  const text = (blockId: string, value: string | undefined) => ({ [blockId]: { [blockId]: { type: "plain_text_input", value: value ?? null } } });
  const select = (blockId: string, value: string | undefined) => ({
    [blockId]: { [blockId]: { type: "static_select", selected_option: value ? { text: { type: "plain_text" as const, text: value }, value } : null } },
  });
  return {
    ...text(F.customer, "customer" in f ? f.customer : "Acme Corp"),
    ...select(F.tier, "tier" in f ? f.tier : "enterprise"),
    ...select(F.severity, "severity" in f ? f.severity : "sev2"),
    ...text(F.summary, "summary" in f ? f.summary : "Drivers cannot upload inspection photos (NET-002)"),
    ...text(F.impact, f.impact ?? "10 drivers blocked from daily inspections"),
    ...text(F.customerContact, f.contact),
    ...text(F.troubleshooting, f.troubleshooting),
    ...text(F.errorMessages, undefined),
    ...text(F.environment, undefined),
    ...text(F.reproSteps, undefined),
    ...text(F.workaround, undefined),
    ...select(F.sentiment, undefined),
    ...select(F.category, f.category),
    ...text(policyFieldBlockId("customers_affected"), f.customersAffected),
    ...text(F.ticketRef, undefined),
  } as ViewStateValues;
}

export function escalationSubmission(f: EscalationFields = {}, opts: { viewId?: string; userId?: string; channelId?: string } = {}) {
  return viewSubmission({
    callbackId: CALLBACK.escalationModal,
    values: escalationValues(f),
    privateMetadata: JSON.stringify({ channelId: opts.channelId ?? "C0TIER1" }),
    viewId: opts.viewId ?? `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    userId: opts.userId ?? "U0AGENT",
  });
}

/**
 * A test that sends requests plays Slack: the person who interacts exists in the workspace and the
 * trigger id it hands out is one the emulator will accept for views.open.
 */
export function playingSlack(fake: SlackEmulator): BeforeSend {
  return ({ userId, triggerId }) => {
    if (userId && !fake.workspace.users.has(userId)) fake.addUser({ id: userId });
    if (userId && triggerId) fake.registerTrigger(triggerId, userId);
  };
}
