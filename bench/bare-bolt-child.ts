/**
 * The reference for the end-to-end benchmark: a bare Bolt app in a process of its own, set up as
 * the bot's (HTTPReceiver, signature checks, ack before processing), whose listeners for the same
 * command, button and modal only ack, with the same empty ack. argv[2] is the Web API URL.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { createLogger } from "../src/logger.js";
import { slackLogger } from "../src/slack/slack-logger.js";
import { EVENTS_PATH } from "../src/slack/app.js";
import { ACTION, CALLBACK, COMMAND } from "../src/slack/ids.js";
import { SIGNING_SECRET } from "../test/support/harness.js";
import { serveParent } from "./processes.js";

export interface BareBoltReady {
  url: string;
}

const slackApiUrl = process.argv[2];
if (!slackApiUrl) throw new Error("usage: bare-bolt-child.ts <Web API URL>");
// At "error", as the bot's in the benchmark: Bolt's App sets the level of the logger it is given.
const logger = slackLogger(createLogger({ level: "error", format: "json" }), "bolt");
const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: EVENTS_PATH, logger, processBeforeResponse: false });
// Without the conversation store, like the bot: the comparison is of the work each does per request.
const app = new App({ token: "xoxb-bench", receiver, logger, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl }, deferInitialization: true, convoStore: false });
await app.init();
app.command(COMMAND, async ({ ack }) => {
  await ack();
});
app.action(ACTION.acknowledge, async ({ ack }) => {
  await ack();
});
app.view(CALLBACK.escalationModal, async ({ ack }) => {
  await ack();
});
app.error(async (error) => {
  logger.error("bare app:", error);
});
const server = (await app.start(0)) as Server;

serveParent({}, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${EVENTS_PATH}` } satisfies BareBoltReady, () => app.stop());
