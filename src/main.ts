import { ConfigError, loadConfig } from "./config.js";
import { startBot } from "./bot.js";

/** Process entry: a config problem prints its fix and exits 1; signals stop the bot cleanly. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const bot = await startBot(config);
  const shutdown = (signal: string) => {
    process.stderr.write(`received ${signal}, stopping\n`);
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`escalation bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
