import { loadConfig, loadDotEnv, type Config } from "./config.js";
import { startBot } from "./bot.js";
import { chooseLogFormat, createLogger } from "./logger.js";
import { PolicyError } from "./policy/loader.js";
import { StartupError } from "./slack/app.js";

/** Process entry: a config problem prints its fix and exits 1; signals stop the bot cleanly. */
async function main(): Promise<void> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (err) {
    if (err instanceof Error) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, format: chooseLogFormat(config.logFormat, config.mode === "sandbox") });
  // A stray rejected promise is logged, never allowed to take the bot down mid-escalation.
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: reason }, "process.unhandled_rejection");
  });
  let stop: () => Promise<void>;
  if (config.mode === "sandbox") {
    // Loaded only here: a bot connected to Slack starts without the sandbox's modules.
    const { startSandbox } = await import("./sandbox/run.js");
    const sandbox = await startSandbox(config, { logger });
    process.stdout.write(`Sandbox: open ${sandbox.url} (no Slack workspace needed)\n`);
    stop = sandbox.stop;
  } else {
    stop = (await startBot(config, { logger })).stop;
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, "process.stopping");
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  const inUse = err instanceof Error && (err as NodeJS.ErrnoException).code === "EADDRINUSE";
  const message = inUse
    ? `the port is taken by another program (${err.message}). Stop that program, or choose another port, e.g. PORT=3001 npm start`
    : err instanceof StartupError || err instanceof PolicyError || err instanceof Error
      ? err.message
      : String(err);
  process.stderr.write(`escalation bot failed to start: ${message}\n`);
  process.exit(1);
});
